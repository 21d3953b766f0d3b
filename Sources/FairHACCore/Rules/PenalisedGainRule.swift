/// `gain-penalised` (research rule, docs/algorithm.md): the gain rule minus a distance penalty,
/// `gain(a, b) - b (h(a, b) - h*) / h*` over the near pairs, with heights h (h* the closest pair's).
/// Its one extra parameter is the schedule's `b` (the gain rule ignores b): b = 0 is `gain`; a
/// larger b buys fairness with less distance.
struct PenalisedGainRule: NearPairRule {
    var name: String { "gain-penalised" }
    var readsB: Bool { true }
    var bMeaning: String? { "for the gain-penalised rule b is the distance penalty (gain - b (h - h*) / h*), not a fairness rate" }

    func score(_ a: Int, _ b: Int, distance: Double, closest: Double, _ step: SelectionStep) -> Double {
        let gain = step.scorer.gain(step.counts, a, b, costA: step.costs[a], costB: step.costs[b], size: step.sizes[a] + step.sizes[b])
        guard step.b > 0 else { return gain }
        let h = step.scorer.squared ? distance.squareRoot() : distance
        let hStar = step.scorer.squared ? closest.squareRoot() : closest
        let excess: Double
        if hStar > 0 {
            excess = (h - hStar) / hStar
        } else {
            excess = h > hStar ? .infinity : 0
        }
        return gain - step.b * excess
    }
}
