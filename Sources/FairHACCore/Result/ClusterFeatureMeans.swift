/// What each cluster is: the mean of every feature over its members, in the input's units
/// (before scaling), so that a person can tell "young, many priors" from "older, none".
public struct ClusterFeatureMeans: Sendable, Equatable {
    /// `means[c][j]`: the mean of feature `j` over cluster `c` (clusters `0..<k`, as the labels).
    public var means: [[Double]]

    /// - Parameters:
    ///   - x: the features the run clustered (scaled or not).
    ///   - labels: cluster of each row, in `0..<clusterCount`.
    ///   - units: the map from `x` back to the input's units (`nil`: `x` is in them).
    /// - Throws: ``ClusteringError/invalidInput(_:)`` when the labels do not fit.
    /// - Complexity: O(n d) time, O(k d) memory.
    public init(_ x: Observations, labels: [Int], clusterCount k: Int, units: FeatureUnits? = nil) throws {
        let d = x.dimension
        guard labels.count == x.count, k >= 1, labels.allSatisfy({ $0 >= 0 && $0 < k }) else {
            throw ClusteringError.invalidInput("feature means: \(labels.count) labels in 0..<\(k) for \(x.count) observations")
        }
        if let units, units.dimension != d {
            throw ClusteringError.invalidInput("feature means: units for \(units.dimension) features, observations have \(d)")
        }
        var sums = [Double](repeating: 0, count: k * d)
        var sizes = [Int](repeating: 0, count: k)
        x.values.withUnsafeBufferPointer { v in
            for (i, c) in labels.enumerated() {
                sizes[c] += 1
                let row = i * d, out = c * d
                for j in 0..<d { sums[out + j] += v[row + j] }
            }
        }
        self.init(sums: sums, sizes: sizes.map(Double.init), dimension: d, units: units)
    }

    /// The means from micro-clusters alone (the summarised form's distributed run): each
    /// micro-cluster's centroid weighted by its size; equal to the means over the rows up to
    /// rounding, since a centroid is its members' mean.
    /// - Parameters:
    ///   - centroids: one row per micro-cluster, in the units the run clustered.
    ///   - sizes: each micro-cluster's number of rows.
    ///   - labels: each micro-cluster's cluster, in `0..<clusterCount`.
    /// - Complexity: O(m d) time, O(k d) memory.
    public init(centroids: Observations, sizes weights: [Int], labels: [Int], clusterCount k: Int, units: FeatureUnits? = nil) throws {
        let d = centroids.dimension
        guard labels.count == centroids.count, weights.count == centroids.count, k >= 1, labels.allSatisfy({ $0 >= 0 && $0 < k }) else {
            throw ClusteringError.invalidInput(
                "feature means: \(labels.count) labels in 0..<\(k) and \(weights.count) sizes for \(centroids.count) micro-clusters")
        }
        // Each centroid weighted by its share of its cluster (at most 1), so that the partial sums
        // stay within the centroids' range: sizes times centroids near Double's limit would overflow.
        var sizes = [Double](repeating: 0, count: k)
        for (i, c) in labels.enumerated() { sizes[c] += Double(weights[i]) }
        var means = [Double](repeating: 0, count: k * d)
        centroids.values.withUnsafeBufferPointer { v in
            for (i, c) in labels.enumerated() where sizes[c] > 0 {
                let share = Double(weights[i]) / sizes[c]
                let row = i * d, out = c * d
                for j in 0..<d { means[out + j] += share * v[row + j] }
            }
        }
        self.init(sums: means, sizes: sizes.map { $0 > 0 ? 1 : 0 }, dimension: d, units: units)
    }

    private init(sums: [Double], sizes: [Double], dimension d: Int, units: FeatureUnits?) {
        means = sizes.indices.map { c in
            (0..<d).map { j in
                let mean = sizes[c] > 0 ? sums[c * d + j] / sizes[c] : 0
                return units?.inputValue(mean, feature: j) ?? mean
            }
        }
    }
}
