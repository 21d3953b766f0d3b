import FairHACCore
import Foundation

/// The CSV tables of `fairhac tune`: grid.csv (the points measured on the requested form, which
/// the recommendation chose among), pareto.csv (their front) and, after a fast search,
/// screen.csv (every setting over the screen's coarse summary).
public enum TuningTables {
    /// One row per point: b, d, rule, mfc, balance (each attribute's after the combined ones),
    /// silhouette, min_cluster_size, degenerate, quality_loss, tree_cost_ratio and, with
    /// `seconds`, the point's seconds. `vanilla` is the reference of quality_loss.
    public static func csv(
        _ points: [GridSearch.Point], vanilla: PartitionEvaluation, attributes: ProtectedAttributes, criteria: RecommendationCriteria,
        seconds: Bool
    ) -> String {
        let each = attributes.sources.count > 1 ? attributes.sourceNames : []
        var s = "b,d,rule,mfc,balance," + each.map { "mfc_\($0),balance_\($0)," }.joined()
            + "silhouette,min_cluster_size,degenerate,quality_loss,tree_cost_ratio" + (seconds ? ",seconds" : "") + "\n"
        let outcome = GridSearch.Outcome(n: 0, k: 0, vanilla: vanilla, points: [])
        for p in points {
            s += "\(p.b),\(p.d),\(p.rule.name),\(number(p.mfc)),\(number(p.balance)),"
            if !each.isEmpty {
                s += zip(p.evaluation.attributeMFC, p.evaluation.attributeBalance).map { "\(number($0)),\(number($1))," }.joined()
            }
            s += "\(p.silhouette.map(number) ?? ""),"
            s += "\(p.minClusterSize),\(p.evaluation.isDegenerate(minimumSize: criteria.minimumClusterSize)),"
            s += "\(outcome.qualityLoss(p).map(number) ?? ""),\(outcome.treeCostRatio(p).map(number) ?? "")"
            s += seconds ? String(format: ",%.4f\n", p.seconds) : "\n"
        }
        return s
    }

    /// grid.csv of a search.
    public static func grid(_ t: TuningOutcome) -> String {
        csv(t.outcome.points, vanilla: t.outcome.vanilla, attributes: t.attributes, criteria: t.criteria, seconds: true)
    }

    /// pareto.csv: the front of the objective asked for over grid.csv's non-degenerate points.
    public static func pareto(_ t: TuningOutcome) -> String {
        csv(t.outcome.paretoFront(t.objective, minimumClusterSize: t.criteria.minimumClusterSize), vanilla: t.outcome.vanilla,
            attributes: t.attributes, criteria: t.criteria, seconds: false)
    }

    /// screen.csv: every setting over the screen's summary, quality loss against vanilla HAC over
    /// the same summary; `nil` when there was no screen.
    public static func screen(_ t: TuningOutcome) -> String? {
        t.outcome.screen.map { csv($0.points, vanilla: $0.vanilla, attributes: t.attributes, criteria: t.criteria, seconds: true) }
    }

    private static func number(_ v: Double) -> String { String(format: "%.17g", v) }
}
