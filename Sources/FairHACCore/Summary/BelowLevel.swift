/// The level below the top (spec section 10, level 3): the exact vanilla HAC of each
/// micro-cluster's own points, with the same linkage, one small problem per micro-cluster, in
/// parallel over micro-clusters (each problem on one thread, so the result does not depend on
/// the number of threads). A micro-cluster larger than ``SummarisedClustering/belowLimit`` is
/// summarised again, recursively, so that no step exceeds the budget.
enum BelowLevel {
    /// Micro-cluster c's tree over its members (local leaf i = its i-th member in row order).
    /// - Complexity: O(sum over c of s_c^2 d) time; memory of the largest problem per thread.
    static func trees(
        _ summary: MicroClusters, observations x: Observations, metric: Metric, configuration: SummarisedClustering
    ) throws -> [Dendrogram] {
        let m = summary.count
        let threads = min(max(1, configuration.parallelism.threads), max(1, m))
        var trees = [Dendrogram?](repeating: nil, count: m)
        var failures = [Error?](repeating: nil, count: threads)
        let cancellation = configuration.cancellation
        trees.withUnsafeMutableBufferPointer { tb in
            failures.withUnsafeMutableBufferPointer { fb in
                let out = tb.baseAddress!, failed = fb.baseAddress!
                Parallelism(threads: threads).run { t in
                    var c = t
                    while c < m {
                        defer { c += threads }
                        if cancellation.stopRequested || failed[t] != nil { return }
                        do {
                            out[c] = try tree(of: c, summary, observations: x, metric: metric, configuration: configuration)
                        } catch {
                            failed[t] = error
                        }
                    }
                }
            }
        }
        try cancellation?.check()
        if let error = failures.compactMap({ $0 }).first { throw error }
        var result = [Dendrogram]()
        result.reserveCapacity(m)
        for (c, tree) in trees.enumerated() {
            guard let tree else { throw ClusteringError.invalidInput("micro-cluster \(c) has no tree") }
            result.append(tree)
        }
        return result
    }

    /// The exact tree of one micro-cluster, or a summarised one when it is too large.
    static func tree(
        of c: Int, _ summary: MicroClusters, observations x: Observations, metric: Metric, configuration: SummarisedClustering
    ) throws -> Dendrogram {
        let rows = summary.rows(c).map { Int($0) }
        if rows.count == 1 { return try Dendrogram(leafCount: 1, merges: []) }
        return try tree(points: x.selecting(rows: rows), index: c, metric: metric, configuration: configuration)
    }

    /// The tree of micro-cluster `c` over its `points` (its members in row order): exact, or
    /// summarised again (vanilla, `min(belowLimit, s / 2)` micro-clusters, seed
    /// `mix(seed ^ (c + 1))`) above ``SummarisedClustering/belowLimit`` points. What the Spark
    /// port's executors run for each micro-cluster (``MicroClusterTask``).
    static func tree(points: Observations, index c: Int, metric: Metric, configuration: SummarisedClustering) throws -> Dendrogram {
        let count = points.count
        if count <= 1 { return try Dendrogram(leafCount: count, merges: []) }
        var exact = configuration.clustering
        exact.parallelism = .serial
        exact.progress = nil
        exact.memoryBudget = nil
        if count <= configuration.belowLimit {
            return try exact.fit(points, metric: metric)
        }
        // Too large for one exact step: summarise it again (vanilla all the way down).
        var inner = configuration
        inner.fair = nil
        inner.parallelism = .serial
        inner.clustering = exact
        inner.summariser.parallelism = .serial
        inner.summariser.microClusters = min(configuration.belowLimit, max(2, count / 2))
        inner.summariser.seed = SplitMix64.mix(configuration.summariser.seed ^ UInt64(c + 1))
        var sub = try inner.summariser.summarise(points, cancellation: configuration.cancellation)
        if sub.count < 2 {
            // Identical points: k-means cannot split them; halves by row order always progress.
            sub = try MicroClusters(assignment: (0..<count).map { 2 * $0 / count }, observations: points)
        }
        return try inner.fit(points, metric: metric, summary: sub).dendrogram
    }
}
