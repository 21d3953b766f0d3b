/// The content of `best.json` (`fairhac tune`) and of the C ABI's tuning result: the
/// recommendation per objective, the unconstrained fairest point per objective, vanilla HAC
/// beside them, the constraints, the form the search ran on and how it searched. Every figure is
/// read from the ``TuningOutcome``; nothing is recomputed. Like summary.json it is a function of
/// the input and the options only (the search's seconds go to timings.json).
public struct TuningSummary: Encodable, Sendable {
    public struct Vanilla: Sendable {
        public var mfc: Double
        public var balance: Double
        public var silhouette: Double?
        public var minClusterSize: Int
        public var degenerate: Bool
    }

    public struct Fairest: Sendable {
        public var rule: String
        public var b: Double
        public var d: Double
        public var mfc: Double
        public var balance: Double
        public var silhouette: Double?
        public var minClusterSize: Int
        public var degenerate: Bool
    }

    public struct Form: Encodable, Sendable {
        /// "exact" or "summarised".
        public var kind: String
        public var microClusters: Int?
    }

    public struct Search: Encodable, Sendable {
        public var strategy: String
        public var description: String
        public var gridPoints: Int
        public var pointsEvaluated: Int
        public var pointsScreened: Int
        public var screenMicroClusters: Int?

        public init(_ s: TuningOutcome.Search) {
            strategy = s.strategy.rawValue
            description = s.description
            gridPoints = s.gridPoints
            pointsEvaluated = s.pointsEvaluated
            pointsScreened = s.pointsScreened
            screenMicroClusters = s.screenMicroClusters
        }
    }

    public var vanilla: Vanilla
    public var linkage: String
    public var k: Int
    public var n: Int
    public var schedule: String
    public var scheduleArg: String
    public var objective: String
    public var gridPoints: Int
    public var maxQualityLoss: Double
    public var minClusterSize: Int
    public var paperVariant: String?
    public var attributes: (mode: String, names: [String])?
    public var recommended: [String: RecommendationRecord]
    public var recommendationDetails: [String: RecommendationDetails]
    public var fairest: [String: Fairest]
    public var form: Form
    public var search: Search
    /// When balance is 0 for every partition into k clusters: why.
    public var balanceNote: String?

    public init(_ t: TuningOutcome, request: ClusteringRequest) {
        let outcome = t.outcome, criteria = t.criteria
        let v = outcome.vanilla
        vanilla = Vanilla(
            mfc: v.mfc, balance: v.balance, silhouette: v.silhouette, minClusterSize: v.minClusterSize,
            degenerate: v.isDegenerate(minimumSize: criteria.minimumClusterSize))
        linkage = request.linkage.rawValue
        k = outcome.k
        n = outcome.n
        schedule = request.schedule.rawValue
        scheduleArg = request.scheduleArg.rawValue
        objective = t.objective.rawValue
        gridPoints = outcome.points.count
        maxQualityLoss = criteria.maxQualityLoss
        minClusterSize = criteria.minimumClusterSize
        paperVariant = t.rules.first { $0.name == "paper" }.map { rule in rule.parameters.first { $0.key == "paper_variant" }?.value ?? "literal" }
        let sources = t.attributes
        attributes = sources.sources.count > 1 ? (sources.mode.rawValue, sources.sourceNames) : nil
        var recommended: [String: RecommendationRecord] = [:], details: [String: RecommendationDetails] = [:]
        var fairest: [String: Fairest] = [:]
        for o in GridSearch.Objective.allCases {
            let r = t.recommendation(o)
            recommended[o.rawValue] = RecommendationRecord(r, outcome: outcome)
            details[o.rawValue] = RecommendationDetails(r, outcome: outcome)
            if let p = outcome.fairest(o) {
                fairest[o.rawValue] = Fairest(
                    rule: p.rule.name, b: p.b, d: p.d, mfc: p.mfc, balance: p.balance, silhouette: p.silhouette,
                    minClusterSize: p.minClusterSize, degenerate: p.evaluation.isDegenerate(minimumSize: criteria.minimumClusterSize))
            }
        }
        self.recommended = recommended
        recommendationDetails = details
        self.fairest = fairest
        form = Form(kind: t.search.form, microClusters: t.search.microClusters)
        search = Search(t.search)
        balanceNote = t.balanceNote
    }

    private enum Key: String, CodingKey {
        case vanilla, linkage, k, n, schedule, scheduleArg = "schedule_arg", objective, gridPoints = "grid_points"
        case maxQualityLoss = "max_quality_loss", minClusterSize = "min_cluster_size", paperVariant = "paper_variant", attributes
        case recommended, recommendationDetails = "recommendation_details", bestMfc = "best_mfc", bestBalance = "best_balance"
        case form, search, balanceNote = "balance_note"
        case mfc, balance, silhouette, degenerate, rule, b, d, mode, names
    }

    /// Keys as best.json has always spelled them (snake_case, `best_mfc`, `best_balance`), with
    /// `null` for an undefined silhouette.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        var v = c.nestedContainer(keyedBy: Key.self, forKey: .vanilla)
        try v.encode(vanilla.mfc, forKey: .mfc)
        try v.encode(vanilla.balance, forKey: .balance)
        try v.encode(vanilla.silhouette, forKey: .silhouette)
        try v.encode(vanilla.minClusterSize, forKey: .minClusterSize)
        try v.encode(vanilla.degenerate, forKey: .degenerate)
        try c.encode(linkage, forKey: .linkage)
        try c.encode(k, forKey: .k)
        try c.encode(n, forKey: .n)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(scheduleArg, forKey: .scheduleArg)
        try c.encode(objective, forKey: .objective)
        try c.encode(gridPoints, forKey: .gridPoints)
        try c.encode(maxQualityLoss, forKey: .maxQualityLoss)
        try c.encode(minClusterSize, forKey: .minClusterSize)
        try c.encodeIfPresent(paperVariant, forKey: .paperVariant)
        if let attributes {
            var a = c.nestedContainer(keyedBy: Key.self, forKey: .attributes)
            try a.encode(attributes.mode, forKey: .mode)
            try a.encode(attributes.names, forKey: .names)
        }
        try c.encode(recommended, forKey: .recommended)
        try c.encode(recommendationDetails, forKey: .recommendationDetails)
        for (o, key) in [(GridSearch.Objective.mfc, Key.bestMfc), (.balance, .bestBalance)] {
            guard let p = fairest[o.rawValue] else { continue }
            var f = c.nestedContainer(keyedBy: Key.self, forKey: key)
            try f.encode(p.rule, forKey: .rule)
            try f.encode(p.b, forKey: .b)
            try f.encode(p.d, forKey: .d)
            try f.encode(p.mfc, forKey: .mfc)
            try f.encode(p.balance, forKey: .balance)
            try f.encode(p.silhouette, forKey: .silhouette)
            try f.encode(p.minClusterSize, forKey: .minClusterSize)
            try f.encode(p.degenerate, forKey: .degenerate)
        }
        try c.encode(form, forKey: .form)
        try c.encode(search, forKey: .search)
        try c.encodeIfPresent(balanceNote, forKey: .balanceNote)
    }
}
