import ArgumentParser
import FairHACCore

/// Linkage, metric and the number of clusters: shared by `cluster` and `tune`.
struct ClusteringOptions: ParsableArguments {
    @Option(name: .customLong("linkage"), help: ArgumentHelp(
        "How the distance between clusters is defined, as in scipy.\(requestDefault(.linkage))", valueName: "linkage"))
    var linkageOption: Linkage?
    var linkage: Linkage { linkageOption ?? requestDefaults.linkage }

    @Option(name: .customLong("metric"), help: ArgumentHelp(
        "Distance between observations (features only), as in scipy.\(requestDefault(.metric))", valueName: "metric"))
    var metricOption: Metric?
    var metric: Metric { metricOption ?? requestDefaults.metric }

    @Option(name: .short, parsing: .unconditional, help: "Number of clusters of the cut.")
    var k: Int

    @Option(help: ArgumentHelp(
        "Width of the distance matrix's values: double, or single (half the memory, so the exact form reaches about 1.4x as many points; heights within about 1e-6 relative, merges equal to double's but at near-ties). The vector forms keep no matrix and always use double.\(requestDefault(.precision))",
        valueName: "precision"))
    var precision: Precision?

    func validate() throws {
        if k < 1 { throw ValidationError("-k must be at least 1; got \(k)") }
        if linkage.requiresEuclidean && metric != .euclidean {
            throw ValidationError("--linkage \(linkage.rawValue) requires --metric euclidean (as in scipy)")
        }
    }
}

/// The schedule's family and argument: shared by `cluster --fair` and `tune`.
struct ScheduleOptions: ParsableArguments {
    @Option(name: .customLong("schedule"), help: ArgumentHelp("Schedule family of f and g.\(requestDefault(.schedule))", valueName: "schedule"))
    var scheduleOption: FairnessSchedule.Family?
    var schedule: FairnessSchedule.Family { scheduleOption ?? requestDefaults.schedule }

    @Option(name: .customLong("schedule-arg"), help: ArgumentHelp(
        "Schedule argument: progress (x in [0,1]) or merges (x = merges so far, the paper's reading; tune then uses the paper's grids, 0.00005 ... 1.0).\(requestDefault(.scheduleArg))",
        valueName: "schedule-arg"))
    var scheduleArgOption: FairnessSchedule.Argument?
    var scheduleArg: FairnessSchedule.Argument { scheduleArgOption ?? requestDefaults.scheduleArg }
}
