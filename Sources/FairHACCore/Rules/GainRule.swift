/// `gain`: the near pair whose merge lowers the level's Max Fairness Cost most,
/// `max(cost(a) + cost(b) - cost(a u b), 0)` rounded to 9 decimals (spec section 4). It does
/// not use `eps`, so `b` is ignored; with no positive gain in reach it takes the closest pair.
struct GainRule: NearPairRule {
    var name: String { "gain" }
    var readsB: Bool { false }

    func score(_ a: Int, _ b: Int, distance: Double, closest: Double, _ step: SelectionStep) -> Double {
        step.scorer.gain(step.counts, a, b, costA: step.costs[a], costB: step.costs[b], size: step.sizes[a] + step.sizes[b])
    }

    /// The gain never exceeds `cost(a) + cost(b)` (``PairScorer/gainBound(costA:costB:)``).
    func score(_ a: Int, _ b: Int, distance: Double, closest: Double, _ step: SelectionStep, floor: Double) -> Double {
        let (costA, costB) = (step.costs[a], step.costs[b])
        if PairScorer.gainBound(costA: costA, costB: costB) < floor { return -.infinity }
        return step.scorer.gain(step.counts, a, b, costA: costA, costB: costB, size: step.sizes[a] + step.sizes[b])
    }
}
