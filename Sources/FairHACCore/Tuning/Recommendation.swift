/// The constraints a recommended setting must meet (spec section 8).
public struct RecommendationCriteria: Sendable, Equatable {
    /// Largest silhouette loss against vanilla HAC (tau; default 0.05).
    public var maxQualityLoss: Double
    /// Smallest cluster size of a non-degenerate partition.
    public var minimumClusterSize: Int

    public init(maxQualityLoss: Double = 0.05, minimumClusterSize: Int) {
        self.maxQualityLoss = maxQualityLoss
        self.minimumClusterSize = minimumClusterSize
    }

    /// The defaults for n points: tau = 0.05 and `max(2, ceil(0.01 n))`.
    public static func defaults(n: Int) -> RecommendationCriteria {
        RecommendationCriteria(minimumClusterSize: PartitionEvaluation.defaultMinimumClusterSize(n: n))
    }
}

/// The setting recommended for one objective (spec section 8): among the grid points whose
/// k-partition is not degenerate and whose silhouette loss against vanilla HAC is at most tau,
/// the one with the best objective; ties by higher silhouette, then smaller d, then smaller b,
/// then rule name. It is an improvement only when its objective beats vanilla's; otherwise the
/// answer is "no improvement", with the closest candidates.
public struct Recommendation: Sendable, Equatable {
    public var objective: GridSearch.Objective
    public var criteria: RecommendationCriteria
    /// The recommended point; `nil` when no grid point qualifies.
    public var point: GridSearch.Point?
    /// Whether `point` is strictly fairer than vanilla HAC by the objective.
    public var improved: Bool
    /// How many grid points meet both constraints.
    public var qualifyingCount: Int
    /// When there is no improvement: up to three points fairer than vanilla that miss a
    /// constraint, the least violating first, each with why it was left out.
    public var closestCandidates: [(point: GridSearch.Point, reason: String)]

    public static func == (l: Recommendation, r: Recommendation) -> Bool {
        l.objective == r.objective && l.criteria == r.criteria && l.point == r.point && l.improved == r.improved
            && l.qualifyingCount == r.qualifyingCount
            && l.closestCandidates.map(\.point) == r.closestCandidates.map(\.point)
            && l.closestCandidates.map(\.reason) == r.closestCandidates.map(\.reason)
    }

    /// Why `p` does not qualify, or `nil` when it does.
    static func exclusion(_ p: GridSearch.Point, outcome: GridSearch.Outcome, criteria: RecommendationCriteria) -> String? {
        var reasons: [String] = []
        if p.evaluation.isDegenerate(minimumSize: criteria.minimumClusterSize) {
            reasons.append("degenerate: smallest cluster \(p.minClusterSize) < \(criteria.minimumClusterSize)")
        }
        if let loss = outcome.qualityLoss(p) {
            if !(loss <= criteria.maxQualityLoss) {
                reasons.append("silhouette loss \(Self.format(loss)) > \(Self.format(criteria.maxQualityLoss))")
            }
        } else {
            reasons.append("silhouette undefined")
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    init(outcome: GridSearch.Outcome, objective: GridSearch.Objective, criteria: RecommendationCriteria) {
        self.objective = objective
        self.criteria = criteria
        let qualifying = outcome.points.filter { Self.exclusion($0, outcome: outcome, criteria: criteria) == nil }
        qualifyingCount = qualifying.count
        func key(_ p: GridSearch.Point) -> (Double, Double, Double, Double, String) {
            (-objective.goodness(p), -(p.silhouette ?? -.infinity), p.d, p.b, p.rule.description)
        }
        let best = qualifying.min { key($0) < key($1) }
        point = best
        let vanillaGoodness = objective.goodness(mfc: outcome.vanilla.mfc, balance: outcome.vanilla.balance)
        improved = best.map { objective.goodness($0) > vanillaGoodness } ?? false
        if improved {
            closestCandidates = []
        } else {
            // Fairer than vanilla but excluded: the smallest violation first (silhouette loss
            // beyond tau, plus the missing cluster size as a share of n), then the fairest.
            func violation(_ p: GridSearch.Point) -> Double {
                let loss = outcome.qualityLoss(p).map { max(0, $0 - criteria.maxQualityLoss) } ?? 2
                let short = Double(max(0, criteria.minimumClusterSize - p.minClusterSize)) / Double(max(1, outcome.n))
                return loss + short
            }
            closestCandidates = outcome.points
                .filter { objective.goodness($0) > vanillaGoodness }
                .compactMap { p in Self.exclusion(p, outcome: outcome, criteria: criteria).map { (point: p, reason: $0) } }
                .sorted {
                    let (l, r) = (key($0.point), key($1.point))
                    return (violation($0.point), l.0, l.1, l.2, l.3, l.4) < (violation($1.point), r.0, r.1, r.2, r.3, r.4)
                }
                .prefix(3).map { $0 }
        }
    }

    /// A number with 4 decimals, for reasons.
    static func format(_ v: Double) -> String {
        let r = (v * 10000).rounded() / 10000
        return "\(r)"
    }
}
