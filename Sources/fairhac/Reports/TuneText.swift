import FairHACCore
import Foundation

/// What `fairhac tune` prints (and report.html repeats): the recommendation per objective (the
/// one asked for first) with the closest candidates when nothing improves, each attribute's
/// figures, vanilla HAC's, the unconstrained fairest point per objective (flagged), and how the
/// search ran.
enum TuneText {
    static func lines(_ t: TuningOutcome, source: String) -> [String] {
        let outcome = t.outcome, criteria = t.criteria, vanilla = outcome.vanilla
        let groups = t.attributes
        let k = outcome.k
        var lines = ["\(source): n = \(outcome.n), \(t.linkage.rawValue) linkage, k = \(k), \(t.search.gridPoints) grid points"]
        var recommendationLines: [String] = []
        for o in [t.objective] + GridSearch.Objective.allCases.filter({ $0 != t.objective }) {
            let r = t.recommendation(o)
            recommendationLines.append("recommended for \(o.rawValue): " + r.line(outcome: outcome))
            guard !r.improved else { continue }
            for c in r.closestCandidates {
                let p = c.point
                recommendationLines.append(
                    "  closest for \(o.rawValue): \(p.rule), b \(gridValue(p.b)), d \(gridValue(p.d)) -> MFC \(ReportNumber.fixed(p.mfc, decimals: 4)), "
                        + "balance \(ReportNumber.fixed(p.balance, decimals: 4)), silhouette \(p.silhouette.map { ReportNumber.fixed($0, decimals: 4) } ?? "undefined"): \(c.reason)")
            }
        }
        if groups.sources.count > 1 {
            func perAttribute(_ e: PartitionEvaluation) -> String {
                groups.sourceNames.indices.map {
                    "\(groups.sourceNames[$0]) MFC \(ReportNumber.fixed(e.attributeMFC[$0], decimals: 4)), balance \(ReportNumber.fixed(e.attributeBalance[$0], decimals: 4))"
                }.joined(separator: "; ")
            }
            recommendationLines.append("attributes (\(groups.mode.rawValue)), combined objective; vanilla: " + perAttribute(vanilla))
            if let p = t.recommended.point {
                recommendationLines.append("attributes, recommended for \(t.objective.rawValue): " + perAttribute(p.evaluation))
            }
        }
        lines += recommendationLines
        lines.append("search: \(t.search.description)")
        if let note = t.balanceNote { lines.append("note: \(note)") }
        lines.append(String(
            format: "vanilla: MFC %.4f, balance %.4f, silhouette %@, smallest cluster %d%@", vanilla.mfc, vanilla.balance,
            vanilla.silhouette.map { String(format: "%.4f", $0) } ?? "undefined", vanilla.minClusterSize,
            vanilla.isDegenerate(minimumSize: criteria.minimumClusterSize) ? " (degenerate)" : ""))
        for o in GridSearch.Objective.allCases {
            guard let p = outcome.fairest(o) else { continue }
            var flags: [String] = []
            if p.evaluation.isDegenerate(minimumSize: criteria.minimumClusterSize) {
                flags.append("DEGENERATE: smallest cluster \(p.minClusterSize) < \(criteria.minimumClusterSize)")
            }
            if o.goodness(p) <= o.goodness(mfc: vanilla.mfc, balance: vanilla.balance) { flags.append("NOT FAIRER THAN VANILLA") }
            if let loss = outcome.qualityLoss(p), loss > criteria.maxQualityLoss {
                flags.append("silhouette loss \(ReportNumber.fixed(loss, decimals: 3)) > \(ReportNumber.fixed(criteria.maxQualityLoss, decimals: 3))")
            }
            lines.append(String(
                format: "fairest by %@ (unconstrained%@): rule %@, b %@, d %@ -> MFC %.4f, balance %.4f, silhouette %@",
                o.rawValue, outcome.screen == nil ? "" : ", among the points confirmed", p.rule.description, gridValue(p.b), gridValue(p.d),
                p.mfc, p.balance, p.silhouette.map { String(format: "%.4f", $0) } ?? "undefined")
                + (flags.isEmpty ? "" : " [" + flags.joined(separator: "; ") + "]"))
        }
        return lines
    }
}
