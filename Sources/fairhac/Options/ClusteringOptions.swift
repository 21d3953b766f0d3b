import ArgumentParser
import FairHACCore

/// Linkage, metric and the number of clusters: shared by `cluster` and `tune`.
struct ClusteringOptions: ParsableArguments {
    @Option(help: "How the distance between clusters is defined, as in scipy.")
    var linkage: Linkage = .average

    @Option(help: "Distance between observations (features only), as in scipy.")
    var metric: Metric = .euclidean

    @Option(name: .short, parsing: .unconditional, help: "Number of clusters of the cut.")
    var k: Int

    @Option(help: "Width of the distance matrix's values: double, or single (half the memory, so the exact form reaches about 1.4x as many points; heights within about 1e-6 relative, merges equal to double's but at near-ties). The vector forms keep no matrix and always use double.")
    var precision: Precision = .double

    func validate() throws {
        if k < 1 { throw ValidationError("-k must be at least 1; got \(k)") }
        if linkage.requiresEuclidean && metric != .euclidean {
            throw ValidationError("--linkage \(linkage.rawValue) requires --metric euclidean (as in scipy)")
        }
    }
}

/// The schedule's family and argument: shared by `cluster --fair` and `tune`.
struct ScheduleOptions: ParsableArguments {
    @Option(help: "Schedule family of f and g.")
    var schedule: FairnessSchedule.Family = .exp

    @Option(help: "Schedule argument: progress (x in [0,1]) or merges (x = merges so far, the paper's reading; tune then uses the paper's grids, 0.00005 ... 1.0).")
    var scheduleArg: FairnessSchedule.Argument = .progress
}
