import ArgumentParser
import FairHACCore
import FairHACIO

extension SelectionRule: ExpressibleByArgument {}
extension PaperVariant: ExpressibleByArgument {}
extension FairnessSchedule.Family: ExpressibleByArgument {}
extension FairnessSchedule.Argument: ExpressibleByArgument {}
extension FairHierarchicalClustering.Implementation: ExpressibleByArgument {}

/// Options of the fair merge loop (FHAC).
struct FairOptions: ParsableArguments {
    @Flag(help: "Merge fairly (FHAC) until k clusters are left; needs --group (or --group-file). Same as --method fhac.")
    var fair = false

    @Option(help: "Method: hac (plain; the default), fhac (= --fair), afhac-v or afhac-r (Ahmadian et al.'s fairlet baselines).")
    var method: ClusteringMethod?

    /// The method asked for, `--fair` included.
    var resolvedMethod: ClusteringMethod { method ?? (fair ? .fhac : .hac) }
    var isFHAC: Bool { resolvedMethod == .fhac }

    @Option(help: "Selection rule of the fair merge (see docs/algorithm.md).")
    var rule: SelectionRule = .gain

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

    @Option(help: "Ideal group shares: data, uniform, or comma-separated shares in group order (e.g. 0.6,0.4).")
    var ideal: String = "data"

    @Option(help: "fast, or reference (the O(m n^3) spec-literal loop, for checking).")
    var implementation: FairHierarchicalClustering.Implementation = .fast

    @Flag(help: "Run the paper rule above its size limit anyway.")
    var force = false

    var scheduleValue: FairnessSchedule {
        FairnessSchedule(family: schedule, argument: scheduleArg, a: scheduleA, b: b, c: scheduleC, d: d)
    }

    func idealShares() throws -> IdealShares { try Self.idealShares(ideal) }

    /// `--ideal` as cluster and tune read it: data, uniform, or shares in group order.
    static func idealShares(_ ideal: String) throws -> IdealShares {
        switch ideal {
        case "data": return .data
        case "uniform": return .uniform
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
        if !isFHAC && (b != 0 || d != 0 || ideal != "data" || force) {
            throw ValidationError("-b, -d, --ideal and --force configure fair merging; add --fair")
        }
        _ = try idealShares()
        do { try scheduleValue.validate() } catch let e as ClusteringError { throw ValidationError(e.description) }
    }

    /// The options as written into summary.json.
    func summaryOptions() -> [String: OptionValue] {
        var o: [String: OptionValue] = [
            "rule": .string(rule.rawValue), "schedule": .string(schedule.rawValue), "schedule_arg": .string(scheduleArg.rawValue),
            "a": .number(scheduleA), "b": .number(b), "c": .number(scheduleC), "d": .number(d), "ideal": .string(ideal),
            "implementation": .string(implementation.rawValue),
        ]
        if rule == .paper { o["paper_variant"] = .string(paperVariant.rawValue) }
        if rule == .gain { o["b_note"] = "the gain rule does not use eps, so b is ignored" }
        return o
    }
}
