
/// Fairness at every level in summary.json (``LevelFairness``): per size threshold, how many of
/// the tree's clusters are within the bounds.
public struct LevelFairnessRecord: Encodable, Sendable, Equatable {
    public struct Level: Encodable, Sendable, Equatable {
        public var minSize: Int
        public var clusters: Int
        public var fair: Int
        public var share: Double?
    }

    /// The bounds are `rho_l +- tolerance`, clipped to [0, 1].
    public var tolerance: Double
    public var lower: [Double]
    public var upper: [Double]
    /// What the clusters are: "merges" (every merge of a binary tree) or "n-ary nodes".
    public var clustersCounted: String
    public var levels: [Level]

    public init(_ f: LevelFairness, clustersCounted: String) {
        tolerance = f.tolerance
        lower = f.lower
        upper = f.upper
        self.clustersCounted = clustersCounted
        levels = f.rows.map { Level(minSize: $0.minimumSize, clusters: $0.clusters, fair: $0.fair, share: $0.share) }
    }
}

/// What a fair post-processing run (`--method makefair`) records in summary.json.
public struct PostProcessingRecord: Encodable, Sendable {
    public var variant: String
    public var h: Int
    public var k: Int
    public var eps: Double
    public var recursionThreshold: Int
    /// The tree that was post-processed: "vanilla <linkage>" or the file given with --tree.
    public var inputTree: String
    /// Real (n-ary) nodes of the output; the binarised Z has n - 1 rows.
    public var nodes: Int
    /// The k asked for and the number of clusters of the cut written (the finest cut into real
    /// nodes with at most k clusters).
    public var requestedK: Int
    public var realClusterCount: Int
    /// Dasgupta cost (similarities 1/(1 + d)) on the real nodes, the input tree's, and their ratio.
    public var dasguptaCost: Double?
    public var inputDasguptaCost: Double?
    public var costRatio: Double?
    /// Fairness at every level of the input tree (its merges), for comparison.
    public var inputFairAtEveryLevel: LevelFairnessRecord?

    public init(
        parameters p: MakeFair.Parameters, inputTree: String, nodes: Int, requestedK: Int, realClusterCount: Int
    ) {
        variant = p.variant.rawValue
        h = p.h
        k = p.k
        eps = p.epsilon
        recursionThreshold = p.recursionThreshold
        self.inputTree = inputTree
        self.nodes = nodes
        self.requestedK = requestedK
        self.realClusterCount = realClusterCount
    }
}
