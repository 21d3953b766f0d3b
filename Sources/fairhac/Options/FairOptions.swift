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

    @Option(help: "Method: hac (plain; the default), fhac (= --fair), afhac-v or afhac-r (Ahmadian et al.'s fairlet baselines), makefair (post-process the vanilla tree, or --tree, to be fair at every level).")
    var method: ClusteringMethod?

    /// The method asked for, `--fair` included.
    var resolvedMethod: ClusteringMethod { method ?? (fair ? .fhac : .hac) }
    var isFHAC: Bool { resolvedMethod == .fhac }

    @Option(name: .customLong("rule"), help: ArgumentHelp(
        "Selection rule: \(SelectionRule.specList); gain unless given (with --auto: the rules searched are \(ClusteringRequest.defaultAutoRules.joined(separator: ", "))).",
        valueName: "rule"))
    var ruleOption: SelectionRule?
    var rule: SelectionRule { ruleOption ?? .gain }

    @Flag(help: "Choose the rule, b and d by the search of `fairhac tune` (its recommended setting), then run it: what --fair does when no setting is given.")
    var auto = false

    @Option(help: "How --auto searches: fast (screen every setting on a coarse summary, confirm the best on the data) or grid (every setting on the data).")
    var search: SearchStrategy = .fast

    @Option(help: "What --auto optimises: mfc or balance.")
    var autoObjective: GridSearch.Objective = .mfc

    @Option(help: "Acceptance test of the paper rule (the same as --rule paper:VARIANT).")
    var paperVariant: PaperVariant = .literal

    @Option(name: .short, parsing: .unconditional, help: "Fairness tightening rate b of f (eps = 1/f(x)); ignored by the gain rule. Default 0 when a fixed setting is given.")
    var b: Double?

    @Option(name: .short, parsing: .unconditional, help: "Distance loosening rate d of g (dlt = g(x)). Default 0 when a fixed setting is given; -b 0 -d 0 is vanilla HAC's schedule.")
    var d: Double?

    @Option(parsing: .unconditional, help: "Scale a of f.")
    var scheduleA: Double = 1

    @Option(parsing: .unconditional, help: "Scale c of g.")
    var scheduleC: Double = 1

    @OptionGroup var scheduleOptions: ScheduleOptions
    var schedule: FairnessSchedule.Family { scheduleOptions.schedule }
    var scheduleArg: FairnessSchedule.Argument { scheduleOptions.scheduleArg }

    @Option(help: "Ideal group shares: data, uniform, or comma-separated shares in group order (e.g. 0.6,0.4); per attribute, e.g. sex=uniform,race=data.")
    var ideal: String = "data"

    @Option(help: "fast, or reference (the O(m n^3) spec-literal loop, for checking).")
    var implementation: FairHierarchicalClustering.Implementation = .fast

    @Flag(help: "Run the paper rule even when its estimated time exceeds 120 s.")
    var force = false

    /// The rule as the request names it: `--rule`, with `--paper-variant` when the rule is paper.
    var ruleSpec: String {
        let r = rule
        return r.name == "paper" && r.paperVariant == .literal && paperVariant != .literal ? "paper:\(paperVariant.rawValue)" : r.spec
    }

    /// `--ideal` as cluster and tune read it: data, uniform, or shares in group order.
    static func idealShares(_ ideal: String) throws -> IdealShares {
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
