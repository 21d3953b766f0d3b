/// `window`: the fairest pair among the near ones, by `S(a, b)`, the number of groups the
/// union keeps within `eps` of the ideal (spec section 4).
struct WindowRule: NearPairRule {
    var name: String { "window" }
    var readsB: Bool { true }

    func score(_ a: Int, _ b: Int, distance: Double, closest: Double, _ step: SelectionStep) -> Double {
        Double(step.scorer.keptFair(step.counts, a, b, size: step.sizes[a] + step.sizes[b], eps: step.eps))
    }

    /// S never exceeds the number of groups.
    func maximumScore(_ step: SelectionStep) -> Double? { Double(step.scorer.m) }
}
