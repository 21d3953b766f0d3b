/// How the recommended setting is searched (`--search`, `search=`).
public enum SearchStrategy: String, CaseIterable, Sendable {
    /// Screen every grid setting on a coarse summary of the data, confirm the most promising on
    /// the requested form, refine around the best (``FastSearch``): the default.
    case fast
    /// Every grid setting on the requested form (the full grid of spec section 5).
    case grid
}
