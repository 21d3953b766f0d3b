/// One selection rule of the fair merge loop (spec section 4), as a small type: what it scores,
/// which schedule parameters it reads, its size limit, its fast scan and, beside it, the
/// reference that follows the spec line by line.
///
/// Adding a rule is adding a file with a type that conforms (most rules only score a pair:
/// see ``NearPairRule``) and one line in ``SelectionRule/registry``.
protocol FairSelection: Sendable {
    /// The name users type (`--rule NAME`).
    var name: String { get }
    /// The name with its non-default parameters ("paper-strict"); identifies the rule.
    var label: String { get }
    /// Parameters of the rule beyond the schedule (the paper variant), for summaries.
    var parameters: [(String, String)] { get }
    /// The values the rule's one parameter takes (`paper:strict`), the default first; empty
    /// when it has none. The parameter is the rule's own business: ``configured(_:)`` reads it.
    var parameterChoices: [String] { get }
    /// The parameter's value when it is not the default (`strict`), else `nil`.
    var parameterValue: String? { get }
    /// The rule with its parameter set to `value`, or `nil` when `value` is not one of ``parameterChoices``.
    func configured(_ value: String) -> (any FairSelection)?
    /// Whether the rule reads `b` (through `eps` or otherwise); rules that do not are tuned at
    /// `b = 0` only.
    var readsB: Bool { get }
    /// What `b` means for this rule, when it is not the fairness tightening rate.
    var bMeaning: String? { get }
    /// Estimated seconds of the fast implementation at `n` when the relaxation ends at
    /// `finalRelaxation` (g at the last fair merge), for rules slow enough to be guarded; `nil`
    /// for rules that are not.
    func estimatedSeconds(n: Int, finalRelaxation: Double) -> Double?

    /// The fast choice on the generic algorithm's state: a pair of active slots `a < b` and
    /// its working distance, or `nil` when no pair qualifies (the loop then takes the closest).
    func select<U: LinkageUpdate, S: MatrixScalar>(_ state: MergeState<U, S>, _ step: SelectionStep) -> (Int, Int, Double)?

    /// The same choice, written as the spec states it, on the reference loop's dense view.
    func referenceSelect(_ view: ReferenceView, _ step: SelectionStep) -> (Int, Int)?
}

extension FairSelection {
    var label: String { name }
    var parameters: [(String, String)] { [] }
    var parameterChoices: [String] { [] }
    var parameterValue: String? { nil }
    func configured(_ value: String) -> (any FairSelection)? { nil }
    var bMeaning: String? { nil }
    func estimatedSeconds(n: Int, finalRelaxation: Double) -> Double? { nil }
}

/// What a rule knows at one fair merge: the schedule's tolerances, the arithmetic, and the
/// composition of every slot (group counts, sizes and `cost(C)`).
///
/// The composition is borrowed from the loop's arrays for one selection (see
/// ``withSlots(counts:sizes:costs:_:)``): the rules' scans read it per pair, so it is held as
/// buffers, not arrays.
struct SelectionStep {
    /// `eps = 1 / f(x)`.
    var eps: Double
    /// `dlt = g(x)`.
    var dlt: Double
    /// The schedule's `b` (rules that give it their own meaning read it here).
    var b: Double
    var scorer: PairScorer
    /// Group counts, `m` per slot.
    var counts: UnsafeBufferPointer<Int32>
    /// Cluster size per slot.
    var sizes: UnsafeBufferPointer<Double>
    /// `cost(C)` per slot, computed by ``PairScorer/cost(_:_:size:)``.
    var costs: UnsafeBufferPointer<Double>
    var parallelism: Parallelism
    /// Rows x clusters below which a candidate scan stays on one thread.
    var minimumParallelWork: Int

    /// Calls `body` with the step over the slots described by `counts`, `sizes` and `costs`;
    /// the step must not outlive the call.
    static func withSlots<R>(
        eps: Double, dlt: Double, b: Double, scorer: PairScorer, counts: [Int32], sizes: [Double], costs: [Double],
        parallelism: Parallelism, minimumParallelWork: Int, _ body: (SelectionStep) throws -> R
    ) rethrows -> R {
        try counts.withUnsafeBufferPointer { counts in
            try sizes.withUnsafeBufferPointer { sizes in
                try costs.withUnsafeBufferPointer { costs in
                    try body(SelectionStep(
                        eps: eps, dlt: dlt, b: b, scorer: scorer, counts: counts, sizes: sizes, costs: costs,
                        parallelism: parallelism, minimumParallelWork: minimumParallelWork))
                }
            }
        }
    }
}

/// The reference loop's state as a rule sees it: a dense matrix of working dissimilarities
/// and the alive slots; pairs `a < b` in slot order.
struct ReferenceView {
    let D: [[Double]]
    let alive: [Bool]

    /// Calls `body(a, b, D(a, b))` for every alive pair `a < b`, by `a` then by `b`.
    func forEachPair(_ body: (Int, Int, Double) -> Void) {
        let n = D.count
        for a in 0..<n where alive[a] {
            for b in (a + 1)..<n where alive[b] { body(a, b, D[a][b]) }
        }
    }

    /// `d*`: the smallest dissimilarity between alive slots.
    func closestDistance() -> Double {
        var dStar = Double.infinity
        forEachPair { _, _, d in dStar = min(dStar, d) }
        return dStar
    }
}
