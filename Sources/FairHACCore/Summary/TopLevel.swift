/// The top level of the summarised form (spec section 10, level 2): exact HAC or FHAC over the m
/// micro-clusters as weighted leaves. Its dendrogram has m leaves (leaf c is micro-cluster c) and
/// counts every leaf as size 1 in its size column; ``TopLevel/weightedMerges(_:sizes:)`` and the
/// assembly give the true sizes.
public enum TopLevel {
    /// The merges of a top dendrogram with each leaf's true size in the size column (scipy's Z
    /// of the top over weighted leaves).
    public static func weightedMerges(_ top: Dendrogram, sizes: [Int]) -> [Merge] {
        let m = top.leafCount
        var size = sizes + [Int](repeating: 0, count: max(0, m - 1))
        return top.merges.enumerated().map { i, merge in
            let s = size[merge.a] + size[merge.b]
            size[m + i] = s
            return Merge(a: merge.a, b: merge.b, height: merge.height, size: s)
        }
    }
}

extension HierarchicalClustering {
    /// Vanilla HAC over micro-clusters: the exact form's algorithm for the linkage, started from
    /// the micro-clusters' sizes (ward, centroid, median on their centroids, in the vector form
    /// where the exact form would use it; the others on ``TopDissimilarities``).
    ///
    /// With every micro-cluster one point and its member as representative this runs exactly what
    /// ``fit(_:metric:)`` runs on the points, so the tree is the same.
    /// - Complexity: as ``fit(_:metric:)`` with n = m, plus the dissimilarities.
    public func fitTop(_ s: MicroClusterSummaries, metric: Metric = .euclidean) throws -> Dendrogram {
        let m = s.count
        if linkage.requiresEuclidean && metric != .euclidean {
            throw ClusteringError.invalidInput(
                "\(linkage.rawValue) linkage requires the euclidean metric (got \(metric.rawValue)), as in scipy")
        }
        guard m >= 2 else { return Dendrogram(leafCount: m, memberPairs: [], sortedByHeight: true) }
        let sizes: [Double]? = s.unit ? nil : s.sizes.map(Double.init)
        if linkage == .single && s.unit {
            let pairs = try MinimumSpanningTree.singleLinkage(
                s.centroids, metric: metric, parallelism: parallelism, progress: progress, cancellation: cancellation)
            try cancellation?.check()
            return Dendrogram(leafCount: m, memberPairs: pairs, sortedByHeight: true)
        }
        if linkage.requiresEuclidean && Self.usesVectors(linkage: linkage, count: m, dimension: s.centroids.dimension, form: form) {
            try s.centroids.checkDistanceRange()
            let pairs =
                linkage == .ward
                ? NearestNeighborChain.wardVectors(
                    s.centroids, parallelism: parallelism, initialSizes: sizes, progress: progress, cancellation: cancellation)
                : GenericLinkage.vectors(
                    s.centroids, median: linkage == .median, parallelism: parallelism, initialSizes: sizes, progress: progress,
                    cancellation: cancellation)
            try cancellation?.check()
            return Dendrogram(
                leafCount: m, memberPairs: pairs.map { ($0.0, $0.1, $0.2.squareRoot()) }, sortedByHeight: linkage.isReducible)
        }
        let matrix = try TopDissimilarities.matrix(
            s, linkage: linkage, metric: metric, parallelism: parallelism, cancellation: cancellation)
        if linkage == .single {
            let pairs = MinimumSpanningTree.singleLinkage(matrix, parallelism: parallelism, progress: progress, cancellation: cancellation)
            try cancellation?.check()
            return Dendrogram(leafCount: m, memberPairs: pairs, sortedByHeight: true)
        }
        return try fit(workingMatrix: consume matrix, initialSizes: sizes)
    }
}

extension FairHierarchicalClustering {
    /// FHAC over micro-clusters: the fair loop started from the micro-clusters' sizes and group
    /// counts, aiming at `ideal` (the whole data's, one share per (attribute, group)); the
    /// schedule's progress counts the top level's merges (n = m in section 3's formulas).
    ///
    /// With every micro-cluster one point the working matrix and the merge state equal the exact
    /// form's, so the tree is the same.
    /// - Complexity: as ``fit(_:attributes:metric:force:progress:)`` with n = m.
    public func fitTop(
        _ s: MicroClusterSummaries, ideal: [Double], metric: Metric = .euclidean, force: Bool = false,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Result {
        let m = s.count
        if linkage.requiresEuclidean && metric != .euclidean {
            throw ClusteringError.invalidInput(
                "\(linkage.rawValue) linkage requires the euclidean metric (got \(metric.rawValue)), as in scipy")
        }
        guard m >= 2 else {
            throw ClusteringError.invalidInput(
                "the summary has \(m) micro-cluster; the top level needs at least 2 (ask for more micro-clusters)")
        }
        guard clusterCount >= 1, clusterCount <= m else {
            throw ClusteringError.invalidInput(
                "the number of clusters k must be between 1 and the number of micro-clusters m = \(m); got \(clusterCount)")
        }
        guard s.groupCount >= 1, ideal.count == s.groupCount, ideal.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw ClusteringError.invalidInput(
                "fair clustering over micro-clusters needs their group counts and one ideal share per (attribute, group) "
                    + "(\(s.groupCount) counted, \(ideal.count) shares)")
        }
        try schedule.validate()
        if implementation == .fast, !force, let seconds = rule.estimatedSeconds(n: m, k: clusterCount, schedule: schedule),
            seconds > Self.forceThresholdSeconds
        {
            throw ClusteringError.tooSlow(rule: rule.name, n: m, estimatedSeconds: seconds, thresholdSeconds: Self.forceThresholdSeconds)
        }
        let matrix = try TopDissimilarities.matrix(
            s, linkage: linkage, metric: metric, parallelism: parallelism, cancellation: cancellation)
        return try run(workingMatrix: consume matrix, groups: nil, leaves: s.leaves, idealShares: ideal, progress: progress)
    }
}
