/// Plain (vanilla) hierarchical agglomerative clustering, with the algorithm chosen by linkage
/// the way the state of the art does it:
///
/// | linkage | algorithm | memory |
/// |---|---|---|
/// | single | Prim's minimum spanning tree, distances computed on the fly | O(n d) |
/// | complete, average, weighted | nearest-neighbour chain on the condensed matrix | n(n-1)/2 doubles |
/// | ward | nearest-neighbour chain on the cluster centroids (on the matrix for d > 32 and n < 20,000) | O(n d) |
/// | centroid, median | generic algorithm with a heap of per-row nearest neighbours, on the centroids (on the matrix for d > 32 and n < 20,000) | O(n d) |
///
/// ``form`` chooses between the matrix and the vector (centroid) forms; ``algorithm(count:dimension:)``
/// names what will run. On data without ties the result equals `scipy.cluster.hierarchy.linkage`:
/// the same merges and heights (scipy's reducible linkages are sorted by height; centroid and
/// median keep merge order, where heights may go down). The two forms can break exact ties
/// differently and their heights differ by rounding only.
///
/// ```swift
/// let x = try Observations(rows: [[0, 0], [0, 1], [5, 5], [5, 6]])
/// let tree = try HierarchicalClustering(linkage: .average).fit(x)
/// let labels = try tree.labels(clusterCount: 2)   // [0, 0, 1, 1]
/// ```
public struct HierarchicalClustering: Sendable {
    /// Where the dissimilarities of feature vectors live while clustering.
    public enum Form: String, CaseIterable, Sendable {
        /// The vector form where it exists and is faster or the matrix would be large (see
        /// ``vectorMaxDimension`` and ``vectorMinCount``), else the matrix.
        case automatic = "auto"
        /// The condensed distance matrix, updated by Lance–Williams (O(n^2) memory).
        case matrix
        /// Distances recomputed from the observations or cluster centroids (O(n d) memory);
        /// for linkages without a vector form (complete, average, weighted) the matrix.
        case vectors
    }

    /// The algorithm that runs, as named in summaries.
    public enum Algorithm: String, Sendable {
        case primVectors = "prim mst (vectors)"
        case primMatrix = "prim mst (matrix)"
        case nnChainVectors = "nn-chain (vectors)"
        case nnChainMatrix = "nn-chain (matrix)"
        case genericVectors = "generic (vectors)"
        case genericMatrix = "generic (matrix)"
    }

    /// Up to this many features, ``Form/automatic`` clusters ward, centroid and median linkage on
    /// the vectors at every n. Set by timing both forms (`cluster_seconds`, medians of 3) on
    /// `standard_normal((n, d))`, release build, 2 shared cores, with
    /// `scripts/bench_vector_forms.py --crossover`: the vector form was faster at every
    /// n = 500...5,000 for d = 2 and 10 (1.2-7x), about even at d = 30 (1.07-1.6x), and 8-16 %
    /// slower at d = 100 (the matrix pays d once per pair, the vector scans d per candidate,
    /// about three times per pair).
    public static let vectorMaxDimension = 32

    /// From this many observations on, ``Form/automatic`` uses the vector form whatever the
    /// dimension: the matrix would take 1.6 GB or more, for a speed gain of 16 % at most.
    public static let vectorMinCount = 20_000

    public var linkage: Linkage
    /// Matrix or vector form for feature input (precomputed distances always use the matrix).
    public var form: Form = .automatic
    /// Threads for the parallel parts (distance computation, the spanning-tree scan).
    public var parallelism: Parallelism
    /// Bytes the job may allocate; `nil` for no check. Checked before the matrix is allocated.
    public var memoryBudget: Int?
    /// Called with (merges done, n - 1) every 256 merges and at the end, for progress displays.
    public var progress: MergeProgress?
    /// A stop request the merge loops look at every 256 merges; a fit that sees it throws
    /// ``ClusteringError/cancelled``.
    public var cancellation: Cancellation?
    /// The width of the distance matrix's values when one is kept (``Precision``: single is half
    /// the memory); the vector forms keep no matrix and always work in double.
    public var precision: Precision = .double

    public init(
        linkage: Linkage, parallelism: Parallelism = .allCores, memoryBudget: Int? = nil, progress: MergeProgress? = nil,
        form: Form = .automatic
    ) {
        self.linkage = linkage
        self.form = form
        self.parallelism = parallelism
        self.memoryBudget = memoryBudget
        self.progress = progress
    }

    /// Clusters feature vectors under `metric`.
    /// - Throws: ``ClusteringError`` when ward/centroid/median is asked for with a non-Euclidean
    ///   metric, when the data is too small, or when the job does not fit the memory budget.
    /// - Complexity: O(n^2 d) time for single and for the vector forms of ward, centroid and
    ///   median, O(n d) memory; O(n^2 d + n^2) time and n(n-1)/2 doubles for the matrix forms.
    public func fit(_ x: Observations, metric: Metric = .euclidean) throws -> Dendrogram {
        if linkage.requiresEuclidean && metric != .euclidean {
            throw ClusteringError.invalidInput(
                "\(linkage.rawValue) linkage requires the euclidean metric (got \(metric.rawValue)), as in scipy")
        }
        guard x.count >= 2 else {
            throw ClusteringError.invalidInput("clustering needs at least 2 observations; got \(x.count)")
        }
        try MemoryEstimate.check(
            MemoryEstimate(
                observations: x.count, dimension: x.dimension, linkage: linkage, input: .features, form: form, precision: precision),
            budget: memoryBudget)
        switch algorithm(count: x.count, dimension: x.dimension) {
        case .primVectors, .primMatrix:
            let pairs = try MinimumSpanningTree.singleLinkage(
                x, metric: metric, parallelism: parallelism, progress: progress, cancellation: cancellation)
            try cancellation?.check()
            return Dendrogram(leafCount: x.count, memberPairs: pairs, sortedByHeight: true)
        case .nnChainVectors:
            try x.checkDistanceRange()
            let pairs = NearestNeighborChain.wardVectors(x, parallelism: parallelism, progress: progress, cancellation: cancellation)
            try cancellation?.check()
            return Dendrogram(
                leafCount: x.count, memberPairs: pairs.map { ($0.0, $0.1, $0.2.squareRoot()) }, sortedByHeight: true)
        case .genericVectors:
            try x.checkDistanceRange()
            let pairs = GenericLinkage.vectors(
                x, median: linkage == .median, parallelism: parallelism, progress: progress, cancellation: cancellation)
            try cancellation?.check()
            return Dendrogram(
                leafCount: x.count, memberPairs: pairs.map { ($0.0, $0.1, $0.2.squareRoot()) }, sortedByHeight: false)
        case .nnChainMatrix, .genericMatrix:
            break
        }
        func go<S: MatrixScalar>(_: S.Type) throws -> Dendrogram {
            let matrix = try CondensedMatrix<S>(
                observations: x, metric: metric, squaringEuclidean: linkage.worksOnSquaredDistances, parallelism: parallelism)
            return try fit(working: consume matrix)
        }
        return try precision == .single ? go(Float.self) : go(Double.self)
    }

    /// The algorithm ``fit(_:metric:)`` runs on `count` observations of `dimension` features.
    public func algorithm(count: Int, dimension: Int) -> Algorithm {
        if linkage == .single { return .primVectors }
        let vectors = Self.usesVectors(linkage: linkage, count: count, dimension: dimension, form: form)
        if linkage.isReducible {
            return vectors ? .nnChainVectors : .nnChainMatrix
        }
        return vectors ? .genericVectors : .genericMatrix
    }

    /// The algorithm ``fit(distances:)`` runs.
    public var matrixAlgorithm: Algorithm {
        linkage == .single ? .primMatrix : linkage.isReducible ? .nnChainMatrix : .genericMatrix
    }

    /// Whether feature input is clustered without a distance matrix.
    static func usesVectors(linkage: Linkage, count: Int, dimension: Int, form: Form) -> Bool {
        switch linkage {
        case .single: return true
        case .complete, .average, .weighted: return false
        case .ward, .centroid, .median:
            switch form {
            case .matrix: return false
            case .vectors: return true
            case .automatic: return dimension <= vectorMaxDimension || count >= vectorMinCount
            }
        }
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
            let pairs = MinimumSpanningTree.singleLinkage(distances, parallelism: parallelism, progress: progress, cancellation: cancellation)
            try cancellation?.check()
            return Dendrogram(leafCount: distances.count, memberPairs: pairs, sortedByHeight: true)
        }
        var matrix = consume distances
        if linkage.worksOnSquaredDistances { matrix.squareInPlace() }
        if precision == .single { return try fit(working: CondensedMatrix<Float>(consume matrix)) }
        return try fit(workingMatrix: consume matrix)
    }

    /// The matrix algorithms on a working matrix; `initialSizes`: how many observations each row
    /// stands for (the summarised form's micro-clusters), all 1 by default.
    func fit(workingMatrix: consuming DistanceMatrix, initialSizes: [Double]? = nil) throws -> Dendrogram {
        var matrix = consume workingMatrix
        return try fit(working: CondensedMatrix<Double>(count: matrix.count, values: matrix.takeCondensed()), initialSizes: initialSizes)
    }

    /// The matrix algorithms on a working matrix of `S` values.
    func fit<S: MatrixScalar>(working workingMatrix: consuming CondensedMatrix<S>, initialSizes: [Double]? = nil) throws -> Dendrogram {
        let n = workingMatrix.count
        // The matrix moves into the visitor, so it is updated in place, never copied.
        var run = MatrixRun<S>(
            matrix: consume workingMatrix, reducible: linkage.isReducible, parallelism: parallelism, progress: progress,
            cancellation: cancellation, initialSizes: initialSizes)
        let pairs = linkage.dispatch(&run)
        try cancellation?.check()
        let linkage = self.linkage
        return Dendrogram(
            leafCount: n,
            memberPairs: pairs.map { ($0.0, $0.1, linkage.height(fromWorking: $0.2)) },
            sortedByHeight: linkage.isReducible)
    }
}

/// The matrix algorithms with the linkage's update rule known at compile time.
private struct MatrixRun<S: MatrixScalar>: LinkageVisitor {
    var matrix: CondensedMatrix<S>?
    var reducible: Bool
    var parallelism: Parallelism
    var progress: MergeProgress?
    var cancellation: Cancellation?
    var initialSizes: [Double]?
    mutating func visit<U: LinkageUpdate>(_ update: U.Type) -> [(Int, Int, Double)] {
        // Taken out of the optional so that exactly one reference to the storage exists.
        var m = matrix.take()!
        return reducible
            ? NearestNeighborChain.run(
                update, matrix: &m, parallelism: parallelism, initialSizes: initialSizes, progress: progress, cancellation: cancellation)
            : GenericLinkage.run(update, matrix: consume m, initialSizes: initialSizes, progress: progress, cancellation: cancellation)
    }
}
