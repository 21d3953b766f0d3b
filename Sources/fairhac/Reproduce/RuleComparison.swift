import FairHACCore
import FairHACIO
import FairHACReport
import Foundation

/// One rule on one seed of one dataset x linkage cell, for `reproduce --compare-rules`: the
/// rule's own recommended setting (its grid points only) and its (MFC, silhouette) front area.
struct RuleComparison {
    var dataset: BundledDataset
    var linkage: Linkage
    var rule: SelectionRule
    var seed: Int
    var vanillaMFC: Double
    /// The recommended setting's MFC; vanilla's when the rule has no admissible improvement.
    var recommendedMFC: Double
    var improved: Bool
    var frontArea: Double

    /// rules.csv (every seed) and rules.md (means per cell, the winner per cell, the totals).
    static func tables(_ rows: [RuleComparison], rules: [SelectionRule]) -> (String, String) {
        var csv = "dataset,linkage,rule,seed,vanilla_mfc,recommended_mfc,improved,front_area\n"
        for r in rows {
            csv += "\(r.dataset.rawValue),\(r.linkage.rawValue),\(r.rule),\(r.seed),\(r.vanillaMFC),\(r.recommendedMFC),\(r.improved),\(r.frontArea)\n"
        }
        var cells: [(BundledDataset, Linkage)] = []
        for r in rows where !cells.contains(where: { $0 == (r.dataset, r.linkage) }) { cells.append((r.dataset, r.linkage)) }
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(1, v.count)) }
        var md = "| dataset | linkage | vanilla MFC | " + rules.map { "\($0): recommended MFC (improved seeds) / front area" }.joined(separator: " | ") + " |\n"
        md += "|---|---|---|" + rules.map { _ in "---|" }.joined() + "\n"
        var mfcWins = [String: Int](), areaWins = [String: Int](), within = [String: Int]()
        for (ds, l) in cells {
            let here = rows.filter { $0.dataset == ds && $0.linkage == l }
            let vanilla = mean(Array(Set(here.map { "\($0.seed)" })).sorted().compactMap { s in here.first { "\($0.seed)" == s }?.vanillaMFC })
            var stats: [(rule: String, mfc: Double, improved: Int, area: Double)] = []
            for rule in rules {
                let own = here.filter { $0.rule == rule }
                stats.append((rule.description, mean(own.map(\.recommendedMFC)), own.filter(\.improved).count, mean(own.map(\.frontArea))))
            }
            let bestMFC = stats.map(\.mfc).min() ?? 0, bestArea = stats.map(\.area).max() ?? 0
            for s in stats {
                if s.mfc == bestMFC { mfcWins[s.rule, default: 0] += 1 }
                if s.area == bestArea { areaWins[s.rule, default: 0] += 1 }
                if s.mfc <= 0.6 * vanilla { within[s.rule, default: 0] += 1 }
            }
            md += "| \(ds.rawValue) | \(l.rawValue) | \(ReportNumber.fixed(vanilla, decimals: 3)) | "
            md += stats.map { s in
                let cell = "\(ReportNumber.fixed(s.mfc, decimals: 3)) (\(s.improved)) / \(ReportNumber.fixed(s.area, decimals: 3))"
                return (s.mfc == bestMFC ? "**" + cell + "**" : cell)
            }.joined(separator: " | ") + " |\n"
        }
        md += "\nCells won (lowest recommended MFC, ties shared): "
        md += rules.map { "\($0) \(mfcWins[$0.description, default: 0])" }.joined(separator: ", ")
        md += ". Largest front area: " + rules.map { "\($0) \(areaWins[$0.description, default: 0])" }.joined(separator: ", ")
        md += ". Cells where the recommended MFC is at most 0.6x vanilla's: "
        md += rules.map { "\($0) \(within[$0.description, default: 0])" }.joined(separator: ", ") + " (of \(cells.count)).\n"
        return (csv, md)
    }
}
