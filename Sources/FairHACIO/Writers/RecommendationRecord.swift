import FairHACCore

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

extension Recommendation {
    /// One line for people: "MFC 0.733 -> 0.090 at silhouette 0.354 -> 0.341 (paper, b 4, d 0.1)",
    /// or "no improvement" with why.
    public func line(outcome: GridSearch.Outcome) -> String {
        let name = objective == .mfc ? "MFC" : "balance"
        func value(_ mfc: Double, _ balance: Double) -> String { NumberText.fixed(objective == .mfc ? mfc : balance, 3) }
        let v = outcome.vanilla
        guard improved, let p = point else {
            var s = "no improvement on vanilla HAC's \(name) \(value(v.mfc, v.balance)) "
            s += "within a silhouette loss of \(NumberText.fixed(criteria.maxQualityLoss, 3)) and clusters of at least \(criteria.minimumClusterSize) points"
            s += " (\(qualifyingCount) of \(outcome.points.count) grid points qualify"
            s += qualifyingCount > 0 ? ", none fairer than vanilla)" : ")"
            return s
        }
        return "\(name) \(value(v.mfc, v.balance)) -> \(value(p.mfc, p.balance)) at silhouette "
            + "\(v.silhouette.map { NumberText.fixed($0, 3) } ?? "undefined") -> \(p.silhouette.map { NumberText.fixed($0, 3) } ?? "undefined") "
            + "(\(p.rule), b \(NumberText.compact(p.b)), d \(NumberText.compact(p.d)); smallest cluster \(p.minClusterSize))"
    }
}

/// Numbers as people read them in summaries, locale-free.
public enum NumberText {
/// `v` with `decimals` decimals.
public static func fixed(_ v: Double, _ decimals: Int) -> String {
    guard v.isFinite else { return "\(v)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let r = (abs(v) * scale).rounded()
    let whole = Int(r / scale)
    let frac = Int(r - Double(whole) * scale)
    var f = String(frac)
    while f.count < decimals { f = "0" + f }
    return (v < 0 && r > 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? "." + f : "")
}

/// A grid value as people write it: 0.1, 4, 5e-05.
public static func compact(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
}
}
