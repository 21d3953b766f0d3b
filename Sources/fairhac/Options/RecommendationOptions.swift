import ArgumentParser
import FairHACCore

/// The constraints of a recommended setting (spec section 8): shared by `tune`, `cluster --auto`
/// and the degenerate-partition flags.
struct RecommendationOptions: ParsableArguments {
    @Option(name: .customLong("max-quality-loss"), help: ArgumentHelp(
        "Largest silhouette loss against vanilla HAC that a recommended setting may have (tau).\(requestDefault(.maxQualityLoss))", valueName: "tau"))
    var maxQualityLossOption: Double?
    var maxQualityLoss: Double { maxQualityLossOption ?? requestDefaults.maxQualityLoss }

    @Option(help: ArgumentHelp(
        "Smallest cluster of a non-degenerate partition; default max(2, ceil(0.01 n)).", valueName: "size"))
    var minClusterSize: Int?

    func validate() throws {
        if !(maxQualityLoss.isFinite && maxQualityLoss >= 0) {
            throw ValidationError("--max-quality-loss must be a finite number >= 0; got \(maxQualityLoss)")
        }
        if let minClusterSize, minClusterSize < 1 {
            throw ValidationError("--min-cluster-size must be at least 1; got \(minClusterSize)")
        }
    }

    /// The smallest cluster size of a non-degenerate partition of n points.
    func minimumClusterSize(n: Int) -> Int { minClusterSize ?? PartitionEvaluation.defaultMinimumClusterSize(n: n) }

    func criteria(n: Int) -> RecommendationCriteria {
        RecommendationCriteria(maxQualityLoss: maxQualityLoss, minimumClusterSize: minimumClusterSize(n: n))
    }
}

/// The one-line warning for a degenerate k-partition, or `nil`.
func degenerateWarning(sizes: [Int], minimumSize: Int, what: String) -> String? {
    guard let smallest = sizes.min(), smallest < minimumSize else { return nil }
    let shown = sizes.count <= 8 ? sizes.map(String.init).joined(separator: ", ") : sizes.prefix(8).map(String.init).joined(separator: ", ") + ", ..."
    return "\(what) is degenerate: its smallest cluster has \(smallest) point\(smallest == 1 ? "" : "s"), under \(minimumSize) "
        + "(sizes \(shown)); set the threshold with --min-cluster-size"
}
