/// Which form runs: the exact one (the distance matrix or the vector forms) or the summarised
/// one (micro-clusters, exact HAC/FHAC over them, exact HAC inside each; spec section 10).
public enum FormChoice: String, CaseIterable, Sendable {
    /// The exact form when it fits the memory budget and its time estimate, else the summarised one.
    case auto
    case exact
    case summarised
}
