import ArgumentParser
import FairHACCore
import FairHACIO

extension SelectionRule: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public var defaultValueDescription: String { name }
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

    @Option(help: "Method: hac (plain; the default), fhac (= --fair), afhac-v or afhac-r (Ahmadian et al.'s fairlet baselines), makefair (post-process the vanilla tree, or --tree, to be fair at every level).")
    var method: ClusteringMethod?

    /// The method asked for, `--fair` included.
    var resolvedMethod: ClusteringMethod { method ?? (fair ? .fhac : .hac) }
    var isFHAC: Bool { resolvedMethod == .fhac }

    @Option(name: .customLong("rule"), help: ArgumentHelp(
        "Selection rule: \(SelectionRule.names.joined(separator: ", ")); gain unless given (with --auto: the rules searched are gain, window and gain-penalised).",
        valueName: "rule"))
    var ruleOption: SelectionRule?
    var rule: SelectionRule { ruleOption ?? .gain }

    @Flag(help: "Choose the rule, b and d by a grid search on the data (the recommended setting of `fairhac tune`), then run it.")
    var auto = false

    @Option(help: "What --auto optimises: mfc or balance.")
    var autoObjective: GridSearch.Objective = .mfc

    @Option(help: "Acceptance test of the paper rule.")
    var paperVariant: PaperVariant = .literal

    @Option(name: .short, parsing: .unconditional, help: "Fairness tightening rate b of f (eps = 1/f(x)); ignored by the gain rule.")
    var b: Double = 0

    @Option(name: .short, parsing: .unconditional, help: "Distance loosening rate d of g (dlt = g(x)).")
    var d: Double = 0

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

    /// The rule with its parameters (the paper variant).
    var selectedRule: SelectionRule { SelectionRule(name: rule.name, paperVariant: paperVariant) ?? rule }

    /// The rules `--auto` searches: the one given with --rule, else the fast rules gain, window and gain-penalised.
    var autoRules: [SelectionRule] { ruleOption.map { _ in [selectedRule] } ?? [.gain, .window, .gainPenalised] }

    var scheduleValue: FairnessSchedule {
        FairnessSchedule(family: schedule, argument: scheduleArg, a: scheduleA, b: b, c: scheduleC, d: d)
    }

    func idealShares() throws -> IdealShares { try Self.idealShares(ideal) }

    /// `--ideal` as cluster and tune read it: data, uniform, or shares in group order.
    static func idealShares(_ ideal: String) throws -> IdealShares {
        switch ideal {
        case "data": return .data
        case "uniform": return .uniform
        case _ where ideal.contains("="):
            var rules: [String: IdealShares] = [:]
            for part in ideal.split(separator: ",", omittingEmptySubsequences: false) {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, !pair[0].isEmpty, pair[1] == "data" || pair[1] == "uniform", rules[pair[0]] == nil else {
                    throw ValidationError("--ideal: per attribute, expected ATTRIBUTE=data or ATTRIBUTE=uniform, each attribute once; got '\(part)'")
                }
                rules[pair[0]] = pair[1] == "data" ? .data : .uniform
            }
            return .byAttribute(rules)
        default:
            let parts = ideal.split(separator: ",", omittingEmptySubsequences: false)
                .compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.count == ideal.split(separator: ",", omittingEmptySubsequences: false).count else {
                throw ValidationError("--ideal: expected data, uniform, or numbers like 0.6,0.4; got '\(ideal)'")
            }
            return .given(parts)
        }
    }

    func validate() throws {
        if fair, let method, method != .fhac {
            throw ValidationError("--fair means --method fhac; it cannot be combined with --method \(method.rawValue)")
        }
        if !isFHAC && (b != 0 || d != 0 || ideal != "data" || force || auto) {
            throw ValidationError("-b, -d, --ideal, --auto and --force configure fair merging; add --fair")
        }
        if auto && (b != 0 || d != 0 || scheduleA != 1 || scheduleC != 1) {
            throw ValidationError("--auto chooses b and d by a grid search (with a = c = 1); leave out -b, -d, --schedule-a and --schedule-c (or drop --auto)")
        }
        if auto && implementation == .reference {
            throw ValidationError("--auto runs the fast implementation; leave out --implementation reference")
        }
        _ = try idealShares()
        do { try scheduleValue.validate() } catch let e as ClusteringError { throw ValidationError(e.description) }
    }

    /// The options as written into summary.json, for the rule and schedule actually run.
    func summaryOptions(rule: SelectionRule? = nil, schedule: FairnessSchedule? = nil) -> [String: OptionValue] {
        let rule = rule ?? selectedRule, schedule = schedule ?? scheduleValue
        var o: [String: OptionValue] = [
            "rule": .string(rule.name), "schedule": .string(schedule.family.rawValue), "schedule_arg": .string(schedule.argument.rawValue),
            "a": .number(schedule.a), "b": .number(schedule.b), "c": .number(schedule.c), "d": .number(schedule.d), "ideal": .string(ideal),
            "implementation": .string(implementation.rawValue),
        ]
        for (key, value) in rule.parameters { o[key] = .string(value) }
        if !rule.readsB { o["b_note"] = .string("the \(rule.name) rule does not use eps, so b is ignored") }
        if let meaning = rule.bMeaning { o["b_note"] = .string(meaning) }
        return o
    }
}
