/// A rule that picks, among the near pairs (`D(a, b) <= dlt * d*`, `d*` the closest pair's
/// distance), the one with the largest score; ties by smaller `D`, then the lexicographically
/// smaller slot pair. `window`, `gain` and the research rules are of this kind: each only says
/// how it scores a pair.
protocol NearPairRule: FairSelection {
    /// The pair's score (larger is better); `distance` is its working distance and `closest`
    /// the working `d*`.
    func score(_ a: Int, _ b: Int, distance: Double, closest: Double, _ step: SelectionStep) -> Double
    /// A score no pair can exceed, if known: once the best pair reaches it, rows farther than
    /// that pair need not be scanned.
    func maximumScore(_ step: SelectionStep) -> Double?
    /// The pair's score, or any value below `floor` when the pair's score is provably below it
    /// (a cheap bound before the full score): the scan passes the best score seen so far, which
    /// such a pair cannot beat, so the choice is the same as with ``score(_:_:distance:closest:_:)``.
    func score(_ a: Int, _ b: Int, distance: Double, closest: Double, _ step: SelectionStep, floor: Double) -> Double
}

extension NearPairRule {
    func maximumScore(_ step: SelectionStep) -> Double? { nil }

    func score(_ a: Int, _ b: Int, distance: Double, closest: Double, _ step: SelectionStep, floor: Double) -> Double {
        score(a, b, distance: distance, closest: closest, step)
    }

    func select<U: LinkageUpdate, S: MatrixScalar>(_ state: MergeState<U, S>, _ step: SelectionStep) -> (Int, Int, Double)? {
        let (_, _, dStar) = state.closestPair()
        let limit = step.scorer.multiplicativeLimit(dStar, dlt: step.dlt)
        let best = state.bestPair(
            within: limit, parallelism: step.parallelism, maxScore: maximumScore(step),
            minimumParallelWork: step.minimumParallelWork
        ) { a, b, distance, floor in
            score(a, b, distance: distance, closest: dStar, step, floor: floor)
        }
        return best.isNone ? nil : (best.a, best.b, best.distance)
    }

    func referenceSelect(_ view: ReferenceView, _ step: SelectionStep) -> (Int, Int)? {
        let dStar = view.closestDistance()
        let limit = step.scorer.multiplicativeLimit(dStar, dlt: step.dlt)
        var best = CandidateKey.none
        view.forEachPair { a, b, distance in
            guard distance <= limit else { return }
            let key = CandidateKey(score: score(a, b, distance: distance, closest: dStar, step), distance: distance, a: a, b: b)
            if key.isBetter(than: best) { best = key }
        }
        return best.isNone ? nil : (best.a, best.b)
    }
}
