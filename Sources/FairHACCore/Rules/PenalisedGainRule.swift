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
        return gain - step.b * Self.excess(distance: distance, closest: closest, squared: step.scorer.squared)
    }

    /// The gain's bound (``PairScorer/gainBound(costA:costB:)``) minus the same penalty: the
    /// pairs far enough that the penalty alone sinks them below `floor` are not scored.
    func score(_ a: Int, _ b: Int, distance: Double, closest: Double, _ step: SelectionStep, floor: Double) -> Double {
        let (costA, costB) = (step.costs[a], step.costs[b])
        let bound = PairScorer.gainBound(costA: costA, costB: costB)
        guard step.b > 0 else {
            if bound < floor { return -.infinity }
            return step.scorer.gain(step.counts, a, b, costA: costA, costB: costB, size: step.sizes[a] + step.sizes[b])
        }
        let penalty = step.b * Self.excess(distance: distance, closest: closest, squared: step.scorer.squared)
        if bound - penalty < floor { return -.infinity }
        let gain = step.scorer.gain(step.counts, a, b, costA: costA, costB: costB, size: step.sizes[a] + step.sizes[b])
        return gain - penalty
    }

    /// `(h - h*) / h*` on heights (infinite when h* = 0 < h).
    @inline(__always)
    static func excess(distance: Double, closest: Double, squared: Bool) -> Double {
        let h = squared ? distance.squareRoot() : distance
        let hStar = squared ? closest.squareRoot() : closest
        if hStar > 0 { return (h - hStar) / hStar }
        return h > hStar ? .infinity : 0
    }
}
