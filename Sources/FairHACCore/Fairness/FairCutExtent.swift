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
        try self.init(tree: tree, attributes: ProtectedAttributes(groups), ideal: ideal, k: k, alpha: alpha)
    }

    /// The extent for several protected attributes: a cluster's deviation is the combined
    /// `cost(C)` over every (attribute, group) pair (spec section 9).
    /// `composition`: the tree's counts per node when the caller has them (``ResultFairness``).
    public init(
        tree: Dendrogram, attributes groups: ProtectedAttributes, ideal: [Double], k: Int, alpha: Double? = nil,
        composition known: TreeComposition? = nil
    ) throws {
        let n = tree.leafCount, m = groups.groupCount
        guard groups.count == n, ideal.count == m, k >= 1, k <= n else {
            throw ClusteringError.invalidInput("fair cut extent: \(groups.count) labels, \(ideal.count) ideal shares, k = \(k) for a tree over \(n) observations")
        }
        let allowed: Double
        if let alpha {
            allowed = alpha
        } else {
            let labels = try tree.labels(clusterCount: k)
            allowed = PartitionFairness(labels: labels, clusterCount: k, attributes: groups, ideal: ideal).clusters
                .map(\.maxDeviation).max() ?? 0
        }
        self.init(tree: tree, composition: known ?? TreeComposition(tree: tree, attributes: groups), ideal: ideal, alpha: allowed)
    }

    /// The extent for the deviation `alpha` from the tree's counts per node: also for a tree whose
    /// leaves stand for several observations (the summarised form's top, whose cuts go down to m clusters).
    public init(tree: Dendrogram, composition: TreeComposition, ideal: [Double], alpha allowed: Double) {
        let n = tree.leafCount
        func deviation(_ id: Int) -> Double { composition.cost(of: id, ideal: ideal) }
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
