/// One recommendation as written into `best.json` (`recommended.mfc`, `recommended.balance`)
/// and into summary.json's `auto` block: whether it improves on vanilla HAC and, when a grid
/// point qualifies, its setting and its figures. Keys are snake_case; absent values are left out.
public struct RecommendationRecord: Encodable, Sendable, Equatable {
    public var improved: Bool
    /// The rule's name (the paper rule's variant is in best.json's `paper_variant`).
    public var rule: String?
    public var b: Double?
    public var d: Double?
    public var mfc: Double?
    public var balance: Double?
    public var silhouette: Double?
    /// The smallest cluster of the k-partition.
    public var minClusterSize: Int?
    /// Silhouette of vanilla HAC's k-partition minus this one's.
    public var qualityLoss: Double?

    public init(_ r: Recommendation, outcome: GridSearch.Outcome) {
        improved = r.improved
        guard let p = r.point else { return }
        rule = p.rule.name
        b = p.b
        d = p.d
        mfc = p.mfc
        balance = p.balance
        silhouette = p.silhouette
        minClusterSize = p.minClusterSize
        qualityLoss = outcome.qualityLoss(p)
    }
}

/// What else a recommendation rests on: the constraints, how many points met them, the tree
/// cost ratio of the chosen point, and the closest candidates when nothing improved.
public struct RecommendationDetails: Encodable, Sendable, Equatable {
    public struct Candidate: Encodable, Sendable, Equatable {
        public var rule: String
        public var b: Double
        public var d: Double
        public var mfc: Double
        public var balance: Double
        public var silhouette: Double?
        public var minClusterSize: Int
        public var reason: String
    }

    public var maxQualityLoss: Double
    public var minClusterSize: Int
    public var gridPoints: Int
    public var qualifyingPoints: Int
    public var treeCostRatio: Double?
    public var closestCandidates: [Candidate]

    public init(_ r: Recommendation, outcome: GridSearch.Outcome) {
        maxQualityLoss = r.criteria.maxQualityLoss
        minClusterSize = r.criteria.minimumClusterSize
        gridPoints = outcome.points.count
        qualifyingPoints = r.qualifyingCount
        treeCostRatio = r.point.flatMap { outcome.treeCostRatio($0) }
        closestCandidates = r.closestCandidates.map { c in
            Candidate(
                rule: c.point.rule.name, b: c.point.b, d: c.point.d, mfc: c.point.mfc, balance: c.point.balance,
                silhouette: c.point.silhouette, minClusterSize: c.point.minClusterSize, reason: c.reason)
        }
    }
}
