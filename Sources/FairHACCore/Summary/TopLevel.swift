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
    /// With every micro-cluster one point and `members == .all` this runs exactly what
    /// ``fit(_:metric:)`` runs on the points, so the tree is the same.
    /// - Complexity: as ``fit(_:metric:)`` with n = m, plus the dissimilarities.
    func fitTop(
        _ summary: MicroClusters, observations x: Observations, metric: Metric, members: TopDissimilarities.Members
    ) throws -> Dendrogram {
        let m = summary.count
        guard m >= 2 else { return Dendrogram(leafCount: m, memberPairs: [], sortedByHeight: true) }
        let unit = (0..<m).allSatisfy { summary.size($0) == 1 }
        let sizes: [Double]? = unit ? nil : summary.sizes
        if linkage == .single && unit {
            let centroids = try summary.centroidObservations()
            let pairs = try MinimumSpanningTree.singleLinkage(
                centroids, metric: metric, parallelism: parallelism, progress: progress, cancellation: cancellation)
            try cancellation?.check()
            return Dendrogram(leafCount: m, memberPairs: pairs, sortedByHeight: true)
        }
        if linkage.requiresEuclidean && Self.usesVectors(linkage: linkage, count: m, dimension: summary.dimension, form: form) {
            let centroids = try summary.centroidObservations()
            try centroids.checkDistanceRange()
            let pairs =
                linkage == .ward
                ? NearestNeighborChain.wardVectors(
                    centroids, parallelism: parallelism, initialSizes: sizes, progress: progress, cancellation: cancellation)
                : GenericLinkage.vectors(
                    centroids, median: linkage == .median, parallelism: parallelism, initialSizes: sizes, progress: progress,
                    cancellation: cancellation)
            try cancellation?.check()
            return Dendrogram(
                leafCount: m, memberPairs: pairs.map { ($0.0, $0.1, $0.2.squareRoot()) }, sortedByHeight: linkage.isReducible)
        }
        let matrix = try TopDissimilarities.matrix(
            summary, observations: x, linkage: linkage, metric: metric, members: members, parallelism: parallelism,
            cancellation: cancellation)
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
    /// counts, with the ideal shares of the whole data (`groups` covers all n rows); the
    /// schedule's progress counts the top level's merges (n = m in section 3's formulas).
    ///
    /// With every micro-cluster one point and `members == .all` the working matrix and the merge
    /// state equal the exact form's, so the tree is the same.
    /// - Complexity: as ``fit(_:attributes:metric:force:progress:)`` with n = m.
    func fitTop(
        _ summary: MicroClusters, observations x: Observations, groups: ProtectedAttributes, metric: Metric,
        members: TopDissimilarities.Members, force: Bool, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Result {
        let m = summary.count
        guard m >= 2 else {
            throw ClusteringError.invalidInput(
                "the summary has \(m) micro-cluster; the top level needs at least 2 (ask for more micro-clusters)")
        }
        guard clusterCount >= 1, clusterCount <= m else {
            throw ClusteringError.invalidInput(
                "the number of clusters k must be between 1 and the number of micro-clusters m = \(m); got \(clusterCount)")
        }
        guard groups.count == summary.observationCount, groups.groupCount == summary.groupCount else {
            throw ClusteringError.invalidInput("the micro-clusters' group counts do not match the protected attributes")
        }
        try schedule.validate()
        if implementation == .fast, !force, let s = rule.estimatedSeconds(n: m, k: clusterCount, schedule: schedule),
            s > Self.forceThresholdSeconds
        {
            throw ClusteringError.tooSlow(rule: rule.name, n: m, estimatedSeconds: s, thresholdSeconds: Self.forceThresholdSeconds)
        }
        let ideal = try self.ideal.resolve(for: groups)
        let matrix = try TopDissimilarities.matrix(
            summary, observations: x, linkage: linkage, metric: metric, members: members, parallelism: parallelism,
            cancellation: cancellation)
        return try run(
            workingMatrix: consume matrix, groups: groups,
            leaves: WeightedLeaves(sizes: summary.sizes, counts: summary.groupCounts), idealShares: ideal, progress: progress)
    }
}
