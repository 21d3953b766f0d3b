/// `gain-weighted` (research rule, docs/algorithm.md): the gain rule on a size-weighted cost,
/// `|a| cost(a) + |b| cost(b) - |a u b| cost(a u b)` (rounded to 9 decimals), so that fixing a
/// 900-point cluster counts more than fixing a 2-point one. Never negative (triangle inequality);
/// with no positive weighted gain in reach, the closest pair. It does not read b.
struct WeightedGainRule: NearPairRule {
    var name: String { "gain-weighted" }
    var readsB: Bool { false }

    func score(_ a: Int, _ b: Int, distance: Double, closest: Double, _ step: SelectionStep) -> Double {
        let sa = step.sizes[a], sb = step.sizes[b]
        let union = step.scorer.unionCost(step.counts, a, b, size: sa + sb)
        return PairScorer.rounded((sa * step.costs[a] + sb * step.costs[b]) - (sa + sb) * union)
    }
}
