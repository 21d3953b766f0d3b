/// The request's checks that need no data, and its values as the algorithms take them. Every
/// front end calls these (the CLI at parse time, the C ABI and Python before any buffer is
/// read), so a combination is refused the same way everywhere.
extension ClusteringRequest {
    /// Refuses what cannot run whatever the data: out-of-range values and options of another method.
    public func validate(_ s: ParameterSpelling) throws {
        func fail(_ message: String) throws -> Never { throw ClusteringError.invalidRequest(message) }
        func n(_ key: Key) -> String { s.name(key) }
        if nClusters < 1 { try fail("\(n(.nClusters)) must be at least 1; got \(nClusters)") }
        if linkage.requiresEuclidean && metric != .euclidean {
            try fail("\(s.setting(.linkage, linkage.rawValue)) requires \(s.setting(.metric, "euclidean")) (as in scipy)")
        }
        // FHAC's own options: given (present), whatever their value.
        if method != .fhac && (b != nil || d != nil || ideal != nil || force || auto == true) {
            try fail("\(n(.b)), \(n(.d)), \(n(.ideal)), \(n(.auto)) and \(n(.force)) configure fair merging; use \(s.method(.fhac))")
        }
        for (key, value) in [(Key.scheduleA, scheduleA), (.b, b), (.scheduleC, scheduleC), (.d, d)] {
            if let value, !value.isFinite { try fail("\(n(key)) must be a finite number; got \(value)") }
        }
        if auto == true && (b != nil || d != nil || scheduleA != nil || scheduleC != nil) {
            try fail("\(s.flag(.auto)) chooses b and d by a grid search (with a = c = 1); leave out \(n(.b)), \(n(.d)), \(n(.scheduleA)) and \(n(.scheduleC))")
        }
        if auto == true && implementation == .reference {
            try fail("\(s.flag(.auto)) runs the fast implementation; leave out \(s.setting(.implementation, "reference"))")
        }
        for (key, grid) in [(Key.gridB, gridB), (.gridD, gridD)] {
            guard let grid else { continue }
            if grid.isEmpty { try fail("\(n(key)) is empty: give at least one value") }
            if let bad = grid.first(where: { !($0.isFinite && $0 >= 0) }) { try fail("\(n(key)): every value must be a finite number >= 0; got \(bad)") }
        }
        if precision == .single {
            if method.objective != nil {
                try fail("\(s.setting(.precision, "single")) is for the distance matrix of vanilla HAC and FHAC; AFHAC's fairlets work in double precision")
            }
            if runsRecommendation {
                try fail(
                    "\(s.setting(.precision, "single")) applies to one fit; the search for the recommended setting (\(s.flag(.auto)), or "
                        + "\(s.method(.fhac)) with none of \(n(.rule)), \(n(.b)) and \(n(.d)) given) works in double precision: give a fixed setting")
            }
            if implementation == .reference {
                try fail("\(s.setting(.precision, "single")) is for the fast implementation; the reference works in double precision")
            }
        }
        _ = try selectedRule(s)
        if let autoRules {
            if autoRules.isEmpty { try fail("\(n(.autoRules)) is empty: give at least one of \(SelectionRule.specList)") }
            for r in autoRules where SelectionRule(spec: r) == nil {
                try fail("\(n(.autoRules)): each rule must be one of \(SelectionRule.specList); got '\(r)'")
            }
        }
        _ = try idealShares(s)
        do { try scheduleValue.validate() } catch let e as ClusteringError { try fail(e.description) }
        if !(maxQualityLoss.isFinite && maxQualityLoss >= 0) {
            try fail("\(n(.maxQualityLoss)) must be a finite number >= 0; got \(maxQualityLoss)")
        }
        if let minClusterSize, minClusterSize < 1 { try fail("\(n(.minClusterSize)) must be at least 1; got \(minClusterSize)") }
        // AFHAC's.
        let afhacSet = alpha != nil || ratio != nil || eps != nil || fairletSeed != nil
        if method.objective == nil && afhacSet {
            try fail("\(n(.alpha)), \(n(.ratio)), \(n(.eps)) and \(n(.fairletSeed)) configure the AFHAC baselines; use \(s.method(.afhacV)) or afhac-r")
        }
        if alpha != nil && ratio != nil { try fail("give \(n(.alpha)) or \(n(.ratio)), not both") }
        if let alpha, !(alpha.isFinite && alpha >= 1) {
            try fail("\(n(.alpha)) must be >= 1 (the cap on any group's share is 1/alpha); got \(alpha)")
        }
        _ = try parsedRatio(s)
        if !(afhacEps.isFinite && afhacEps > 0) { try fail("\(n(.eps)) must be a positive number; got \(afhacEps)") }
        if method.objective != nil && linkage != .average {
            try fail("AFHAC is average linkage over fairlets; \(s.setting(.linkage, linkage.rawValue)) does not apply to \(s.setting(.method, method.rawValue))")
        }
        // MakeFair's.
        let makefairSet = makefairVariant != nil || makefairH != nil || makefairK != nil || makefairEps != nil
        if method != .makefair && makefairSet {
            try fail("\(n(.makefairVariant)), \(n(.makefairH)), \(n(.makefairK)) and \(n(.makefairEps)) configure the post-processing; use \(s.method(.makefair))")
        }
        if !(levelTolerance.isFinite && levelTolerance > 0 && levelTolerance <= 1) {
            try fail("\(n(.levelTolerance)) must be in (0, 1] (a share); got \(levelTolerance)")
        }
        // The form's.
        if let microClusters, microClusters < 2 { try fail("\(n(.microClusters)) must be at least 2; got \(microClusters)") }
        if form == .exact && microClusters != nil {
            try fail("\(n(.microClusters)) configures the summarised form; it does not apply to \(s.setting(.form, "exact"))")
        }
        if !(rareFloor >= 0 && rareFloor < 1) { try fail("\(n(.rareFloor)) must be a share of the rows in [0, 1); got \(rareFloor)") }
        // Resources.
        if let nJobs, nJobs < 1 { try fail("\(n(.nJobs)) must be at least 1; got \(nJobs)") }
        if let memoryLimit, !(1...MemoryBudget.largestLimit).contains(memoryLimit) {
            try fail("\(n(.memoryLimit)) must be from 1 byte to 4 EiB; got \(memoryLimit)")
        }
    }

    /// The selection rule with its parameter (gain when not given).
    public func selectedRule(_ s: ParameterSpelling = .api) throws -> SelectionRule {
        let spec = rule ?? "gain"
        guard let r = SelectionRule(spec: spec) else {
            throw ClusteringError.invalidRequest("\(s.name(.rule)) must be one of \(SelectionRule.specList); got '\(spec)'")
        }
        return r
    }

    /// Whether FHAC runs the search's recommended setting: `auto` set, or (fair by default) not
    /// set to false and no setting given (rule, b, d, schedule_a, schedule_c).
    public var runsRecommendation: Bool {
        guard method == .fhac else { return false }
        return auto ?? (rule == nil && b == nil && d == nil && scheduleA == nil && scheduleC == nil)
    }

    /// Whether a fixed setting's schedule is f = g = 1 (b = d = 0, given or left out beside a
    /// rule): every merge then takes a closest pair, as vanilla HAC does.
    public var runsVanillaSchedule: Bool {
        method == .fhac && !runsRecommendation && (b ?? Self.defaultB) == 0 && (d ?? Self.defaultD) == 0
            && (scheduleA ?? Self.defaultScheduleA) == 1 && (scheduleC ?? Self.defaultScheduleC) == 1
    }

    /// The rules `auto` searches: `auto_rules`, else the given rule alone, else the fast ones
    /// (``defaultAutoRules``).
    public func autoRuleList() throws -> [SelectionRule] {
        let specs = autoRules ?? rule.map { [$0] } ?? Self.defaultAutoRules
        var rules: [SelectionRule] = []
        for spec in specs {
            guard let r = SelectionRule(spec: spec) else { throw ClusteringError.invalidRequest("unknown rule '\(spec)'") }
            if !rules.contains(r) { rules.append(r) }
        }
        return rules
    }

    public var scheduleValue: FairnessSchedule {
        FairnessSchedule(
            family: schedule, argument: scheduleArg, a: scheduleA ?? Self.defaultScheduleA, b: b ?? Self.defaultB,
            c: scheduleC ?? Self.defaultScheduleC, d: d ?? Self.defaultD)
    }

    /// `ideal`, or its default.
    public var idealRule: String { ideal ?? Self.defaultIdeal }

    /// `ideal` read: data, uniform, shares in group order, or per attribute.
    public func idealShares(_ s: ParameterSpelling = .api) throws -> IdealShares {
        let name = s.name(.ideal), ideal = idealRule
        switch ideal {
        case "data": return .data
        case "uniform": return .uniform
        case _ where ideal.contains("="):
            var rules: [String: IdealShares] = [:]
            for part in ideal.split(separator: ",", omittingEmptySubsequences: false) {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
                guard pair.count == 2, !pair[0].isEmpty, pair[1] == "data" || pair[1] == "uniform", rules[pair[0]] == nil else {
                    throw ClusteringError.invalidRequest(
                        "\(name): per attribute, expected ATTRIBUTE=data or ATTRIBUTE=uniform, each attribute once; got '\(part)'")
                }
                rules[pair[0]] = pair[1] == "data" ? .data : .uniform
            }
            return .byAttribute(rules)
        default:
            let fields = ideal.split(separator: ",", omittingEmptySubsequences: false)
            let parts = fields.compactMap { Double($0.trimmingSpaces) }
            guard !parts.isEmpty, parts.count == fields.count else {
                throw ClusteringError.invalidRequest("\(name): expected data, uniform, or numbers like 0.6,0.4; got '\(ideal)'")
            }
            return .given(parts)
        }
    }

    /// AFHAC's local-search eps.
    public var afhacEps: Double { eps ?? Self.defaultAFHACEps }

    /// `ratio` as (b, r).
    public func parsedRatio(_ s: ParameterSpelling = .api) throws -> (Int, Int)? {
        guard let ratio else { return nil }
        let parts = ratio.split(separator: ":", omittingEmptySubsequences: false).map { Int($0.trimmingSpaces) }
        let range = 1...FairnessCap.maxRatioTerm
        guard parts.count == 2, let b = parts[0], let r = parts[1], range.contains(b), range.contains(r) else {
            throw ClusteringError.invalidRequest(
                "\(s.name(.ratio)): expected two integers b:r from 1 to \(FairnessCap.maxRatioTerm), such as 1:2; got '\(ratio)'")
        }
        return (b, r)
    }

    /// AFHAC's cap for these groups; `nil` for the default (the data's largest share).
    public func cap(groupCount: Int, _ s: ParameterSpelling = .api) throws -> FairnessCap? {
        if let alpha { return try FairnessCap(alpha: alpha) }
        if let (b, r) = try parsedRatio(s) {
            guard groupCount == 2 else {
                throw ClusteringError.invalidRequest(
                    "\(s.name(.ratio)) b:r is the two-group form, but the data has \(groupCount) group\(groupCount == 1 ? "" : "s"); use \(s.name(.alpha))")
            }
            return try FairnessCap(ratio: b, r)
        }
        return nil
    }

    /// The post-processing with its settings.
    public var makeFair: MakeFair { MakeFair(variant: makefairVariant ?? .makeFair, h: makefairH, k: makefairK, epsilon: makefairEps) }

    /// The smallest cluster size of a non-degenerate partition of n points.
    public func minimumClusterSize(n: Int) -> Int { minClusterSize ?? PartitionEvaluation.defaultMinimumClusterSize(n: n) }

    public func criteria(n: Int) -> RecommendationCriteria {
        RecommendationCriteria(maxQualityLoss: maxQualityLoss, minimumClusterSize: minimumClusterSize(n: n))
    }

    /// The thread count, at most the cores available, and whether it was lowered.
    public var parallelism: (parallelism: Parallelism, clamped: Bool) {
        nJobs.map { Parallelism.requested($0) } ?? (.allCores, false)
    }

    /// The memory budget: `memory_limit` or the memory available, under the process's and the cgroup's limits.
    public var memoryBudget: Int? { MemoryBudget.bytes(requested: memoryLimit) }

    /// The grid the search runs: `grid_b` and `grid_d` when given, else the paper's grids with the
    /// merges argument and the defaults with the progress argument.
    public var autoGrids: (b: [Double], d: [Double]) {
        let defaults = scheduleArg == .merges ? (GridSearch.paperGrid, GridSearch.paperGrid) : (GridSearch.defaultGridB, GridSearch.defaultGridD)
        return (gridB ?? defaults.0, gridD ?? defaults.1)
    }

    /// The options written into summary.json for the rule and schedule actually run.
    public func fairOptions(rule: SelectionRule, schedule: FairnessSchedule) -> [String: OptionValue] {
        var o: [String: OptionValue] = [
            "rule": .string(rule.name), "schedule": .string(schedule.family.rawValue), "schedule_arg": .string(schedule.argument.rawValue),
            "a": .number(schedule.a), "b": .number(schedule.b), "c": .number(schedule.c), "d": .number(schedule.d), "ideal": .string(idealRule),
            "implementation": .string(implementation.rawValue),
        ]
        for (key, value) in rule.parameters { o[key] = .string(value) }
        if !rule.readsB { o["b_note"] = .string("the \(rule.name) rule does not use eps, so b is ignored") }
        if let meaning = rule.bMeaning { o["b_note"] = .string(meaning) }
        return o
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (the core has no Foundation).
    var trimmingSpaces: String {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
