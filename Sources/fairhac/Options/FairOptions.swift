import ArgumentParser
import FairHACCore
import FairHACIO

extension SelectionRule: ExpressibleByArgument {
    public init?(argument: String) { self.init(spec: argument) }
    public var defaultValueDescription: String { spec }
    public static var allValueStrings: [String] { names }
}
extension PaperVariant: ExpressibleByArgument {}
extension FairnessSchedule.Family: ExpressibleByArgument {}
extension FairnessSchedule.Argument: ExpressibleByArgument {}
extension FairHierarchicalClustering.Implementation: ExpressibleByArgument {}

/// Options of the fair merge loop (FHAC).
struct FairOptions: ParsableArguments {
    @Flag(help: "Merge fairly (FHAC) until k clusters are left; needs --group (or --group-file). Same as --method fhac.")
    var fair = false

    @Option(help: ArgumentHelp(
        "Method: hac (plain), fhac (= --fair), afhac-v or afhac-r (Ahmadian et al.'s fairlet baselines), makefair (post-process the vanilla tree, or --tree, to be fair at every level).\(requestDefault(.method))",
        valueName: "method"))
    var method: ClusteringMethod?

    /// The method asked for, `--fair` included.
    var resolvedMethod: ClusteringMethod { method ?? (fair ? .fhac : .hac) }
    var isFHAC: Bool { resolvedMethod == .fhac }

    @Option(name: .customLong("rule"), help: ArgumentHelp(
        "Selection rule: \(SelectionRule.specList); \(requestDefaults.rule) unless given (with --auto: the rules searched are \(ClusteringRequest.defaultAutoRules.joined(separator: ", "))).",
        valueName: "rule"))
    var ruleOption: SelectionRule?
    var rule: SelectionRule { ruleOption ?? SelectionRule(spec: requestDefaults.rule) ?? .gain }

    @Flag(help: "Choose the rule, b and d by a grid search on the data (the recommended setting of `fairhac tune`), then run it.")
    var auto = false

    @Option(name: .customLong("auto-objective"), help: ArgumentHelp("What --auto optimises: mfc or balance.\(requestDefault(.autoObjective))", valueName: "auto-objective"))
    var autoObjective: GridSearch.Objective?

    @Option(name: .customLong("paper-variant"), help: ArgumentHelp(
        "Acceptance test of the paper rule (the same as --rule paper:VARIANT). (default: \(PaperVariant.literal.rawValue))", valueName: "paper-variant"))
    var paperVariant: PaperVariant?

    @Option(name: .short, parsing: .unconditional, help: ArgumentHelp(
        "Fairness tightening rate b of f (eps = 1/f(x)); ignored by the gain rule.\(requestDefault(.b))", valueName: "b"))
    var b: Double?

    @Option(name: .short, parsing: .unconditional, help: ArgumentHelp("Distance loosening rate d of g (dlt = g(x)).\(requestDefault(.d))", valueName: "d"))
    var d: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Scale a of f.\(requestDefault(.scheduleA))", valueName: "schedule-a"))
    var scheduleA: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Scale c of g.\(requestDefault(.scheduleC))", valueName: "schedule-c"))
    var scheduleC: Double?

    @OptionGroup var scheduleOptions: ScheduleOptions

    @Option(help: ArgumentHelp(
        "Ideal group shares: data, uniform, or comma-separated shares in group order (e.g. 0.6,0.4); per attribute, e.g. sex=uniform,race=data.\(requestDefault(.ideal))",
        valueName: "ideal"))
    var ideal: String?

    @Option(help: ArgumentHelp("fast, or reference (the O(m n^3) spec-literal loop, for checking).\(requestDefault(.implementation))", valueName: "implementation"))
    var implementation: FairHierarchicalClustering.Implementation?

    @Flag(help: "Run the paper rule even when its estimated time exceeds 120 s.")
    var force = false

    /// The rule as the request names it: `--rule`, with `--paper-variant` when the rule is paper.
    var ruleSpec: String {
        let r = rule
        guard let paperVariant, r.name == "paper", r.paperVariant == .literal else { return r.spec }
        return paperVariant == .literal ? r.spec : "paper:\(paperVariant.rawValue)"
    }

    /// The options given, onto `r` (the request's defaults stay where an option was not given).
    func apply(to r: inout ClusteringRequest) {
        r.method = resolvedMethod
        if ruleOption != nil || paperVariant != nil { r.rule = ruleSpec }
        scheduleOptions.scheduleOption.map { r.schedule = $0 }
        scheduleOptions.scheduleArgOption.map { r.scheduleArg = $0 }
        (r.scheduleA, r.b, r.scheduleC, r.d) = (scheduleA, b, scheduleC, d)
        r.ideal = ideal
        implementation.map { r.implementation = $0 }
        r.force = force
        r.auto = auto
        autoObjective.map { r.autoObjective = $0 }
        // --rule with --auto: that rule alone is searched.
        r.autoRules = ruleOption.map { _ in [ruleSpec] }
    }

    /// `--ideal` as cluster and tune read it: data, uniform, or shares in group order.
    static func idealShares(_ ideal: String?) throws -> IdealShares {
        var request = ClusteringRequest(nClusters: 1)
        request.ideal = ideal
        do { return try request.idealShares(.cli) } catch let e as ClusteringError { throw ValidationError(e.description) }
    }

    func validate() throws {
        // The one check that is about the command line's spelling; every other is the core's (ClusterCommand.validate).
        if fair, let method, method != .fhac {
            throw ValidationError("--fair means --method fhac; it cannot be combined with --method \(method.rawValue)")
        }
    }
}
