/// `lower` (research rule, docs/algorithm.md): among the near pairs, the closest whose union
/// strictly lowers the larger of the two clusters' costs, `cost(a u b) < max(cost(a), cost(b))`
/// (compared after rounding to 9 decimals); with no such pair in reach, the closest pair. It
/// refuses same-direction merges (two clusters short of the same group) but, unlike `gain`, keeps
/// distance as the order among the merges it accepts. It does not read b.
struct LowerMaxRule: NearPairRule {
    var name: String { "lower" }
    var readsB: Bool { false }

    func score(_ a: Int, _ b: Int, distance: Double, closest: Double, _ step: SelectionStep) -> Double {
        let union = step.scorer.unionCost(step.counts, a, b, size: step.sizes[a] + step.sizes[b])
        return PairScorer.rounded(max(step.costs[a], step.costs[b]) - union) > 0 ? 1 : 0
    }

    func maximumScore(_ step: SelectionStep) -> Double? { 1 }
}
