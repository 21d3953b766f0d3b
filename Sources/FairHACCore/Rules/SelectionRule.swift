/// How a fair merge picks its pair (spec section 4): a named rule, with its parameters.
/// Every rule is deterministic.
///
/// The rules are small types behind one internal protocol (`FairSelection`); this value names
/// one of them. `SelectionRule(name:)` looks a rule up by the name users type.
public struct SelectionRule: Sendable, Hashable, CustomStringConvertible {
    let implementation: any FairSelection

    init(_ implementation: any FairSelection) { self.implementation = implementation }

    /// The fairest pair among the near ones: largest `S(a, b)` among pairs within `dlt * d*`.
    public static let window = SelectionRule(WindowRule())
    /// The pair that lowers the level's Max Fairness Cost most among the near ones.
    public static let gain = SelectionRule(GainRule())
    /// The literal loop of Algorithm 1: scan pairs in slot order keeping a running best.
    public static let paper = SelectionRule(PaperRule(variant: .literal))
    /// The paper rule with another acceptance test.
    public static func paper(_ variant: PaperVariant) -> SelectionRule { SelectionRule(PaperRule(variant: variant)) }

    /// Every rule by name, the paper rule in its literal variant: the spec's three rules first,
    /// then the research rules (docs/algorithm.md, "Rules that keep the clustering").
    public static let registry: [SelectionRule] = [.gain, .window, .paper, .gainPenalised]

    /// `gain` minus a distance penalty weighted by b: the research rule that won the comparison
    /// in docs/algorithm.md ("Rules that keep the clustering").
    public static let gainPenalised = SelectionRule(PenalisedGainRule())

    /// Research rules that were measured and not shipped (they lost the comparison in
    /// docs/algorithm.md); kept so that `fairhac reproduce --compare-rules` can re-run it.
    public static let candidates: [SelectionRule] = [SelectionRule(LowerMaxRule()), SelectionRule(WeightedGainRule())]

    /// Every rule research can name: the registry and the candidates.
    public static let research: [SelectionRule] = [.gainPenalised] + candidates

    /// The names users can type.
    public static var names: [String] { registry.map(\.name) }

    /// The rule called `name` (the paper rule with `variant`), or `nil`. Candidates are found
    /// only when `includingCandidates` is set.
    public init?(name: String, paperVariant: PaperVariant = .literal, includingCandidates: Bool = false) {
        let known = includingCandidates ? Self.registry + Self.candidates : Self.registry
        guard let rule = known.first(where: { $0.name == name }) else { return nil }
        self = rule.name == "paper" ? .paper(paperVariant) : rule
    }

    /// A rule with its parameter, as users write it: `gain`, `paper` or `paper:strict` (the
    /// rule's own file says which values its parameter takes). `nil` for an unknown name or value.
    public init?(spec: String, includingCandidates: Bool = false) {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let known = includingCandidates ? Self.registry + Self.candidates : Self.registry
        guard let rule = known.first(where: { $0.name == parts[0] }) else { return nil }
        guard parts.count == 2 else {
            self = rule
            return
        }
        guard let configured = rule.implementation.configured(parts[1]) else { return nil }
        self = SelectionRule(configured)
    }

    /// The rule as ``init(spec:includingCandidates:)`` reads it: `paper:strict`, or the name alone.
    public var spec: String { implementation.parameterValue.map { "\(name):\($0)" } ?? name }

    /// The rules and their parameters, for messages and help: "gain, window, paper[:literal|strict|additive], gain-penalised".
    public static var specList: String {
        registry.map { r in
            r.implementation.parameterChoices.isEmpty ? r.name : "\(r.name)[:\(r.implementation.parameterChoices.joined(separator: "|"))]"
        }.joined(separator: ", ")
    }

    /// The name users type.
    public var name: String { implementation.name }
    /// `name`, with a non-default parameter when the rule has one ("paper-strict").
    public var description: String { implementation.label }
    /// The rule's parameters beyond the schedule, as (key, value) pairs.
    public var parameters: [(key: String, value: String)] { implementation.parameters.map { (key: $0.0, value: $0.1) } }
    /// Whether the rule reads the schedule's `b`; rules that do not are tuned at `b = 0` only.
    public var readsB: Bool { implementation.readsB }
    /// What `b` means for the rule when it is not the fairness tightening rate of `eps`.
    public var bMeaning: String? { implementation.bMeaning }
    /// Estimated seconds of the fast implementation on n points under `schedule` with k
    /// clusters, for the rules slow enough to be guarded (the paper rule); `nil` for the others.
    public func estimatedSeconds(n: Int, k: Int, schedule: FairnessSchedule) -> Double? {
        let last = schedule.g(schedule.x(n: n, clusters: min(n, k + 1), k: k))
        return implementation.estimatedSeconds(n: n, finalRelaxation: last.isFinite ? last : .greatestFiniteMagnitude)
    }

    /// Whether the rule picks among the pairs near the closest one (``NearPairRule``), so the
    /// fair loop keeps near lists for it.
    public var readsNearPairs: Bool { implementation is any NearPairRule }

    /// The paper variant, for the paper rule.
    public var paperVariant: PaperVariant? { (implementation as? PaperRule)?.variant }

    public static func == (l: SelectionRule, r: SelectionRule) -> Bool { l.description == r.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

/// Acceptance tests of the `paper` rule.
public enum PaperVariant: String, CaseIterable, Sendable {
    /// Accept when `S >= sum(T)` and `D <= dlt * d_min`.
    case literal
    /// Accept when `S > sum(T)` and `D <= dlt * d_min`, or `S = sum(T)` and `D < d_min`.
    case strict
    /// Accept when `S >= sum(T)` and `D <= d_min + (dlt - 1)`.
    case additive
}
