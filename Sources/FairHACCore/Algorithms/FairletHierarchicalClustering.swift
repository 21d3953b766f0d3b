/// AFHAC, the fair hierarchical clustering of Ahmadian, Epasto, Knittel, Kumar, Mahdian,
/// Moseley, Pham, Vassilvitskii and Wang (NeurIPS 2020), the baseline FHAC is compared with.
///
/// 1. A ``FairletDecomposition`` under a ``FairnessCap``.
/// 2. Each fairlet becomes one weighted point.
/// 3. Average linkage over the fairlets, weighted by their sizes, so the height of a merge is
///    the mean over all point pairs across the two sides. ``Objective/value`` (AFHAC-V) uses the
///    distances; ``Objective/revenue`` (AFHAC-R) uses similarities `w = 1/(1 + d)` and merges the
///    pair of highest mean similarity, i.e. average linkage on `1 - w = d/(1 + d)`, which is
///    what its heights are.
/// 4. Each fairlet's points hang under its node, joined by plain average linkage on the same
///    dissimilarity.
///
/// The result is a full dendrogram in scipy's convention whose first `n - F` merges are the
/// ones inside fairlets (sorted by height) and whose last `F - 1` are the fairlet merges (sorted
/// by height). So the partition into k clusters (first `n - k` merges) is a union of whole
/// fairlets for every `k <= F`, and every such cluster meets the cap. Heights may go down once,
/// where the fairlet merges start: a fairlet's inner merges can be higher than the lowest merge
/// between fairlets.
///
/// With cap 1 (`alpha = 1`) every fairlet is one point and AFHAC-V is plain average linkage.
public struct FairletHierarchicalClustering: Sendable {
    public enum Objective: String, Sendable, CaseIterable {
        /// AFHAC-V: Cohen-Addad et al.'s value, on distances.
        case value
        /// AFHAC-R: Moseley and Wang's revenue, on similarities `1/(1 + d)`.
        case revenue
    }

    /// The result: the tree and the fairlets it was built on.
    public struct Result: Sendable {
        public var dendrogram: Dendrogram
        public var fairlets: FairletDecomposition
        public var cap: FairnessCap
    }

    public var objective: Objective
    /// The cap; `nil` for the spec's default, the largest group's share of the data.
    public var cap: FairnessCap?
    /// The local search's `eps`: a swap must lower the intra-fairlet cost by a factor `1 + eps/n`.
    public var epsilon: Double
    /// Seed of the round-robin start (the order of each group's points).
    public var seed: UInt64
    public var maxPasses: Int
    public var parallelism: Parallelism
    /// Bytes the job may allocate; `nil` for no check.
    public var memoryBudget: Int?

    public init(
        objective: Objective, cap: FairnessCap? = nil, epsilon: Double = 0.1, seed: UInt64 = 0,
        maxPasses: Int = 200, parallelism: Parallelism = .allCores, memoryBudget: Int? = nil
    ) {
        self.objective = objective
        self.cap = cap
        self.epsilon = epsilon
        self.seed = seed
        self.maxPasses = maxPasses
        self.parallelism = parallelism
        self.memoryBudget = memoryBudget
    }

    /// Estimated peak bytes: the matrix, the fairlet tables and the features.
    public func estimatedBytes(observations n: Int, dimension: Int, groups: GroupAssignment) -> Int {
        MemoryEstimate(observations: n, dimension: dimension, linkage: .average, input: .features, fair: true).bytes
            + FairletDecomposition.workspaceBytes(observations: n, groups: groups, cap: cap ?? .dataShares(groups))
    }

    /// Clusters feature vectors under `metric`.
    public func fit(_ x: Observations, groups: GroupAssignment, metric: Metric = .euclidean) throws -> Result {
        guard x.count >= 2 else {
            throw ClusteringError.invalidInput("clustering needs at least 2 observations; got \(x.count)")
        }
        guard groups.count == x.count else {
            throw ClusteringError.invalidInput("\(groups.count) group labels for \(x.count) observations")
        }
        try checkMemory(observations: x.count, dimension: x.dimension, groups: groups)
        let matrix = try DistanceMatrix(observations: x, metric: metric, parallelism: parallelism)
        return try run(matrix, groups: groups)
    }

    /// Clusters a precomputed dissimilarity matrix.
    public func fit(distances: DistanceMatrix, groups: GroupAssignment) throws -> Result {
        guard distances.count >= 2 else {
            throw ClusteringError.invalidInput("clustering needs at least 2 observations; got \(distances.count)")
        }
        guard groups.count == distances.count else {
            throw ClusteringError.invalidInput("\(groups.count) group labels for \(distances.count) observations")
        }
        try checkMemory(observations: distances.count, dimension: 0, groups: groups)
        return try run(distances, groups: groups)
    }

    private func checkMemory(observations n: Int, dimension: Int, groups: GroupAssignment) throws {
        guard let budget = memoryBudget else { return }
        let need = estimatedBytes(observations: n, dimension: dimension, groups: groups)
        guard need > budget else { return }
        // The estimate grows as n^2: the largest n that fits, by that scaling.
        let fitting = Int(Double(n) * (Double(budget) / Double(need)).squareRoot())
        throw ClusteringError.insufficientMemory(requiredBytes: need, availableBytes: budget, largestFittingCount: max(2, fitting))
    }

    private func run(_ distances: DistanceMatrix, groups: GroupAssignment) throws -> Result {
        let cap = self.cap ?? .dataShares(groups)
        let fairlets = try FairletDecomposition(
            distances: distances, groups: groups, cap: cap, epsilon: epsilon, seed: seed, maxPasses: maxPasses)
        let n = distances.count, f = fairlets.count
        let transform: (Double) -> Double = objective == .value ? { $0 } : { $0 / (1 + $0) }

        // Inside each fairlet: plain average linkage.
        var inner: [(Int, Int, Double)] = []
        inner.reserveCapacity(n - f)
        for members in fairlets.members where members.count > 1 {
            let s = members.count
            var sub = [Double]()
            sub.reserveCapacity(s * (s - 1) / 2)
            for i in 0..<s {
                for j in (i + 1)..<s { sub.append(transform(distances[members[i], members[j]])) }
            }
            var matrix = try DistanceMatrix(condensed: sub, count: s)
            for (p, q, h) in NearestNeighborChain.run(AverageUpdate.self, matrix: &matrix, parallelism: parallelism) {
                inner.append((members[p], members[q], h))
            }
        }
        inner = Self.sortedByHeight(inner)

        // Between fairlets: average linkage on the fairlets as weighted points.
        var outer: [(Int, Int, Double)] = []
        if f > 1 {
            var sums = [Double](repeating: 0, count: f * (f - 1) / 2)
            let a = fairlets.assignment
            distances.condensed.withUnsafeBufferPointer { d in
                sums.withUnsafeMutableBufferPointer { out in
                    var k = 0
                    for i in 0..<n {
                        let fi = a[i]
                        for j in (i + 1)..<n {
                            let fj = a[j]
                            if fi != fj {
                                out[DistanceMatrix.index(min(fi, fj), max(fi, fj), count: f)] += transform(d[k])
                            }
                            k += 1
                        }
                    }
                }
            }
            let sizes = fairlets.members.map { Double($0.count) }
            for x in 0..<f {
                for y in (x + 1)..<f {
                    sums[DistanceMatrix.index(x, y, count: f)] /= sizes[x] * sizes[y]
                }
            }
            var matrix = try DistanceMatrix(condensed: sums, count: f)
            let pairs = NearestNeighborChain.run(
                AverageUpdate.self, matrix: &matrix, parallelism: parallelism, initialSizes: sizes)
            outer = pairs.map { (fairlets.members[$0.0][0], fairlets.members[$0.1][0], $0.2) }
            outer = Self.sortedByHeight(outer)
        }
        let tree = Dendrogram(leafCount: n, memberPairs: inner + outer, sortedByHeight: false)
        return Result(dendrogram: tree, fairlets: fairlets, cap: cap)
    }

    /// Sorted by height; ties keep their order.
    private static func sortedByHeight(_ pairs: [(Int, Int, Double)]) -> [(Int, Int, Double)] {
        pairs.indices.sorted { (pairs[$0].2, $0) < (pairs[$1].2, $1) }.map { pairs[$0] }
    }
}
