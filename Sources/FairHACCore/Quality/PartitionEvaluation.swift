/// What a tree's k-partition is worth, for choosing among settings (spec section 8): its
/// fairness, its silhouette, its cluster sizes and the tree's Dasgupta cost.
public struct PartitionEvaluation: Sendable, Equatable {
    /// Max Fairness Cost of the k-partition.
    public var mfc: Double
    /// Balance of the k-partition.
    public var balance: Double
    /// Silhouette of the k-partition; `nil` when undefined (fewer than 2 or more than n - 1
    /// non-empty clusters).
    public var silhouette: Double?
    /// Sizes of the k clusters, by label.
    public var clusterSizes: [Int]
    /// Dasgupta cost of the whole tree (``TreeObjectives``); `nil` when not computed.
    public var dasguptaCost: Double?

    /// Each protected attribute's own MFC (one entry with one attribute: ``mfc``); spec section 9.
    /// In intersectional mode, each attribute as given, against its data shares.
    public var attributeMFC: [Double]
    /// Each protected attribute's own balance (one entry with one attribute: ``balance``).
    public var attributeBalance: [Double]

    /// The smallest cluster of the k-partition.
    public var minClusterSize: Int { clusterSizes.min() ?? 0 }

    public init(
        mfc: Double, balance: Double, silhouette: Double?, clusterSizes: [Int], dasguptaCost: Double?,
        attributeMFC: [Double]? = nil, attributeBalance: [Double]? = nil
    ) {
        self.mfc = mfc
        self.balance = balance
        self.attributeMFC = attributeMFC ?? [mfc]
        self.attributeBalance = attributeBalance ?? [balance]
        self.silhouette = silhouette
        self.clusterSizes = clusterSizes
        self.dasguptaCost = dasguptaCost
    }

    /// Evaluates `tree` cut at `k`.
    /// - Parameter distances: the Euclidean distances of `x`, when already computed: the
    ///   silhouette and the Dasgupta cost then read them (bit-identical results, no O(d) work per pair).
    /// - Complexity: O(n^2 d) for the silhouette and the Dasgupta cost; O(n^2) with `distances`.
    public init(
        tree: Dendrogram, clusterCount k: Int, observations x: Observations, groups: GroupAssignment, ideal: [Double],
        treeCost: Bool = true, parallelism: Parallelism = .serial, distances: DistanceMatrix? = nil
    ) throws {
        try self.init(
            tree: tree, clusterCount: k, observations: x, attributes: ProtectedAttributes(groups), ideal: ideal,
            treeCost: treeCost, parallelism: parallelism, distances: distances)
    }

    /// Evaluates `tree` cut at `k` on several protected attributes: ``mfc`` and ``balance`` are
    /// the combined figures, ``attributeMFC`` and ``attributeBalance`` each attribute's own.
    public init(
        tree: Dendrogram, clusterCount k: Int, observations x: Observations, attributes groups: ProtectedAttributes,
        ideal: [Double], treeCost: Bool = true, parallelism: Parallelism = .serial, distances: DistanceMatrix? = nil
    ) throws {
        let labels = try tree.labels(clusterCount: k)
        let silhouette: Double?
        var cost: Double?
        if let distances {
            silhouette = try? Silhouette.score(distances: distances, labels: labels)
            if treeCost { cost = TreeObjectives(tree: tree, distances: distances).dasguptaCost }
        } else {
            silhouette = try? Silhouette.score(x, labels: labels, parallelism: parallelism)
            if treeCost { cost = TreeObjectives(tree: tree, observations: x).dasguptaCost }
        }
        try self.init(
            labels: labels, clusterCount: k, attributes: groups, ideal: ideal, silhouette: silhouette, dasguptaCost: cost)
    }

    /// The figures of the k-partition `labels`, with the silhouette and tree cost the caller
    /// measured: the combined MFC and balance, each attribute's own (intersectional mode: each
    /// attribute as given, against its data shares) and the cluster sizes.
    public init(
        labels: [Int], clusterCount k: Int, attributes groups: ProtectedAttributes, ideal: [Double], silhouette: Double?,
        dasguptaCost: Double?
    ) throws {
        let fairness = PartitionFairness(labels: labels, clusterCount: k, attributes: groups, ideal: ideal)
        let each = try groups.sourcesWithDataShares().map {
            PartitionFairness(labels: labels, clusterCount: k, attributes: $0.attributes, ideal: $0.ideal)
        } ?? fairness
        self.init(
            mfc: fairness.mfc, balance: fairness.balance, silhouette: silhouette,
            clusterSizes: FairHACCore.clusterSizes(labels: labels, clusterCount: k), dasguptaCost: dasguptaCost,
            attributeMFC: (0..<each.attributeCount).map { each.mfc(attribute: $0) },
            attributeBalance: (0..<each.attributeCount).map { each.balance(attribute: $0) })
    }

    /// Whether some cluster has fewer than `minimumSize` points (spec section 8).
    public func isDegenerate(minimumSize: Int) -> Bool { minClusterSize < minimumSize }

    /// The default smallest cluster size of a non-degenerate partition of n points:
    /// `max(2, ceil(0.01 n))`.
    public static func defaultMinimumClusterSize(n: Int) -> Int { max(2, (n + 99) / 100) }
}
