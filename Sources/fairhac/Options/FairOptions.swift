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
    @Flag(help: "Merge fairly (FHAC) until k clusters are left; needs --group (or --group-file). Same as --method fhac. With no --rule, -b or -d it runs the recommended setting (as --auto); give them for a fixed setting.")
    var fair = false

    @Option(help: ArgumentHelp(
        "Method: hac (plain), fhac (= --fair), afhac-v or afhac-r (Ahmadian et al.'s fairlet baselines), makefair (post-process the vanilla tree, or --tree, to be fair at every level).\(requestDefault(.method))",
        valueName: "method"))
    var method: ClusteringMethod?

    /// The method asked for, `--fair` included.
    var resolvedMethod: ClusteringMethod { method ?? (fair ? .fhac : .hac) }
    var isFHAC: Bool { resolvedMethod == .fhac }

    @Option(name: .customLong("rule"), help: ArgumentHelp(
        "Selection rule: \(SelectionRule.specList); gain for a fixed setting (-b, -d); with none given, --fair searches the rules \(ClusteringRequest.defaultAutoRules.joined(separator: ", ")) (--auto with --rule: that rule alone).",
        valueName: "rule"))
    var ruleOption: SelectionRule?
    var rule: SelectionRule { ruleOption ?? .gain }

    @Flag(help: "Choose the rule, b and d by the search of `fairhac tune` (its recommended setting), then run it: what --fair does when no setting is given.")
    var auto = false

    @Option(help: ArgumentHelp(
        "How the recommendation is searched: fast (screen every setting on a coarse summary, confirm the best on the data) or grid (every setting on the data).\(requestDefault(.search))",
        valueName: "search"))
    var search: SearchStrategy?

    @Option(name: .customLong("auto-objective"), help: ArgumentHelp("What --auto optimises: mfc or balance.\(requestDefault(.autoObjective))", valueName: "auto-objective"))
    var autoObjective: GridSearch.Objective?

    @Option(name: .customLong("paper-variant"), help: ArgumentHelp(
        "Acceptance test of the paper rule (the same as --rule paper:VARIANT). (default: \(PaperVariant.literal.rawValue))", valueName: "paper-variant"))
    var paperVariant: PaperVariant?

    @Option(name: .short, parsing: .unconditional, help: "Fairness tightening rate b of f (eps = 1/f(x)); ignored by the gain rule. Default 0 when a fixed setting is given.")
    var b: Double?

    @Option(name: .short, parsing: .unconditional, help: "Distance loosening rate d of g (dlt = g(x)). Default 0 when a fixed setting is given; -b 0 -d 0 is vanilla HAC's schedule.")
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
        r.auto = auto ? true : nil
        search.map { r.search = $0 }
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
