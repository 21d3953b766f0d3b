/// How far up a tree's fairness reaches (spec section 8): the largest K such that every
/// partition into k' <= K clusters keeps every cluster within `alpha` of the ideal shares.
///
/// Merging two clusters whose shares lie within alpha of rho gives a cluster within alpha, so a
/// tree whose k-partition is alpha-fair is alpha-fair at every coarser cut; finer cuts undo
/// merges and can leave it. With `alpha` = the k-partition's own largest deviation, K >= k
/// always, and K tells a user who picks the number of clusters from the dendrogram where that
/// fairness ends. (K is the end of the run of fair cuts that starts at one cluster; a finer cut
/// past it may happen to be within alpha again, which is not counted.)
public struct FairCutExtent: Sendable, Equatable {
    /// The deviation allowed: every cluster's `max_l |p_l - rho_l| <= alpha` (1e-12 slack for
    /// rounding in the shares).
    public var alpha: Double
    /// The largest K such that every partition into 1...K clusters is within `alpha`.
    public var clusterCount: Int

    /// - Parameters:
    ///   - alpha: the allowed deviation; `nil` for the k-partition's own largest deviation.
    ///   - k: the partition that sets the default alpha.
    /// - Complexity: O(n m): the merges are undone from the root down, keeping the number of
    ///   clusters above alpha.
    public init(tree: Dendrogram, groups: GroupAssignment, ideal: [Double], k: Int, alpha: Double? = nil) throws {
        let n = tree.leafCount, m = groups.groupCount
        guard groups.count == n, ideal.count == m, k >= 1, k <= n else {
            throw ClusteringError.invalidInput("fair cut extent: \(groups.count) labels, \(ideal.count) ideal shares, k = \(k) for a tree over \(n) observations")
        }
        var counts = [Int](repeating: 0, count: max(1, 2 * n - 1) * m)
        for i in 0..<n { counts[i * m + groups.memberships[i]] = 1 }
        var size = [Int](repeating: 1, count: max(1, 2 * n - 1))
        for (i, merge) in tree.merges.enumerated() {
            let id = n + i
            for l in 0..<m { counts[id * m + l] = counts[merge.a * m + l] + counts[merge.b * m + l] }
            size[id] = merge.size
        }
        func deviation(_ id: Int) -> Double {
            var c = 0.0
            for l in 0..<m { c = max(c, abs(Double(counts[id * m + l]) / Double(size[id]) - ideal[l])) }
            return c
        }
        let allowed: Double
        if let alpha {
            allowed = alpha
        } else {
            let labels = try tree.labels(clusterCount: k)
            allowed = PartitionFairness(labels: labels, clusterCount: k, groups: groups, ideal: ideal).clusters
                .map(\.maxDeviation).max() ?? 0
        }
        let limit = allowed + 1e-12
        self.alpha = allowed
        // k' = 1: the root (or the single leaf).
        let root = n >= 2 ? 2 * n - 2 : 0
        var above = deviation(root) > limit ? 1 : 0
        guard above == 0 else {
            clusterCount = 0
            return
        }
        var reached = 1
        // Going from k' to k' + 1 undoes merge n - k' - 1 (0-based): its node splits into its children.
        for kPrime in 1..<n {
            let merge = tree.merges[n - kPrime - 1]
            let id = 2 * n - 1 - kPrime
            if deviation(id) > limit { above -= 1 }
            if deviation(merge.a) > limit { above += 1 }
            if deviation(merge.b) > limit { above += 1 }
            if above > 0 { break }
            reached = kPrime + 1
        }
        clusterCount = reached
    }
}
