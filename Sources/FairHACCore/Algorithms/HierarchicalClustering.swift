/// Plain (vanilla) hierarchical agglomerative clustering, with the algorithm chosen by linkage
/// the way the state of the art does it:
///
/// | linkage | algorithm | memory |
/// |---|---|---|
/// | single | Prim's minimum spanning tree, distances computed on the fly | O(n d) |
/// | complete, average, weighted, ward | nearest-neighbour chain on the condensed matrix | n(n-1)/2 doubles |
/// | centroid, median | generic algorithm with a heap of per-row nearest neighbours | n(n-1)/2 doubles |
///
/// On data without ties the result equals `scipy.cluster.hierarchy.linkage`: the same merges
/// and heights (scipy's reducible linkages are sorted by height; centroid and median keep merge
/// order, where heights may go down).
///
/// ```swift
/// let x = try Observations(rows: [[0, 0], [0, 1], [5, 5], [5, 6]])
/// let tree = try HierarchicalClustering(linkage: .average).fit(x)
/// let labels = try tree.labels(clusterCount: 2)   // [0, 0, 1, 1]
/// ```
public struct HierarchicalClustering: Sendable {
    public var linkage: Linkage
    /// Threads for the parallel parts (distance computation, the spanning-tree scan).
    public var parallelism: Parallelism
    /// Bytes the job may allocate; `nil` for no check. Checked before the matrix is allocated.
    public var memoryBudget: Int?
    /// Called with (merges done, n - 1) every 256 merges and at the end, for progress displays.
    public var progress: MergeProgress?

    public init(
        linkage: Linkage, parallelism: Parallelism = .allCores, memoryBudget: Int? = nil, progress: MergeProgress? = nil
    ) {
        self.linkage = linkage
        self.parallelism = parallelism
        self.memoryBudget = memoryBudget
        self.progress = progress
    }

    /// Clusters feature vectors under `metric`.
    /// - Throws: ``ClusteringError`` when ward/centroid/median is asked for with a non-Euclidean
    ///   metric, when the data is too small, or when the job does not fit the memory budget.
    /// - Complexity: O(n^2 d) for single, O(n^2 d + n^2) for the others.
    public func fit(_ x: Observations, metric: Metric = .euclidean) throws -> Dendrogram {
        if linkage.requiresEuclidean && metric != .euclidean {
            throw ClusteringError.invalidInput(
                "\(linkage.rawValue) linkage requires the euclidean metric (got \(metric.rawValue)), as in scipy")
        }
        guard x.count >= 2 else {
            throw ClusteringError.invalidInput("clustering needs at least 2 observations; got \(x.count)")
        }
        try MemoryEstimate.check(
            MemoryEstimate(observations: x.count, dimension: x.dimension, linkage: linkage, input: .features),
            budget: memoryBudget)
        if linkage == .single {
            let pairs = try MinimumSpanningTree.singleLinkage(x, metric: metric, parallelism: parallelism, progress: progress)
            return Dendrogram(leafCount: x.count, memberPairs: pairs, sortedByHeight: true)
        }
        let matrix = try DistanceMatrix(
            observations: x, metric: metric, squaringEuclidean: linkage.worksOnSquaredDistances,
            parallelism: parallelism)
        return fit(workingMatrix: consume matrix)
    }

    /// Clusters a precomputed dissimilarity matrix. For ward, centroid and median the values
    /// must be Euclidean distances (they are squared internally), as scipy assumes.
    /// - Complexity: O(n^2) time; the matrix is updated in place (pass it without keeping a
    ///   copy to avoid doubling memory).
    public func fit(distances: consuming DistanceMatrix) throws -> Dendrogram {
        guard distances.count >= 2 else {
            throw ClusteringError.invalidInput("clustering needs at least 2 observations; got \(distances.count)")
        }
        if linkage == .single {
            let pairs = MinimumSpanningTree.singleLinkage(distances, parallelism: parallelism, progress: progress)
            return Dendrogram(leafCount: distances.count, memberPairs: pairs, sortedByHeight: true)
        }
        var matrix = consume distances
        if linkage.worksOnSquaredDistances { matrix.squareInPlace() }
        return fit(workingMatrix: consume matrix)
    }

    private func fit(workingMatrix: consuming DistanceMatrix) -> Dendrogram {
        struct Run: LinkageVisitor {
            var matrix: DistanceMatrix?
            var reducible: Bool
            var parallelism: Parallelism
            var progress: MergeProgress?
            mutating func visit<U: LinkageUpdate>(_ update: U.Type) -> [(Int, Int, Double)] {
                // Taken out of the optional so that exactly one reference to the storage exists.
                var m = matrix.take()!
                return reducible
                    ? NearestNeighborChain.run(update, matrix: &m, parallelism: parallelism, progress: progress)
                    : GenericLinkage.run(update, matrix: consume m, progress: progress)
            }
        }
        let n = workingMatrix.count
        // The matrix moves into the visitor, so it is updated in place, never copied.
        var run = Run(matrix: consume workingMatrix, reducible: linkage.isReducible, parallelism: parallelism, progress: progress)
        let pairs = linkage.dispatch(&run)
        let linkage = self.linkage
        return Dendrogram(
            leafCount: n,
            memberPairs: pairs.map { ($0.0, $0.1, linkage.height(fromWorking: $0.2)) },
            sortedByHeight: linkage.isReducible)
    }
}
