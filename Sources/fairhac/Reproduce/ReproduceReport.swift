import FairHACCore
import FairHACIO
import Foundation

/// The CSV and Markdown written by `fairhac reproduce`.
enum ReproduceReport {
    static func stats(_ v: [Double]) -> (Double, Double) {
        let mean = v.reduce(0, +) / Double(max(1, v.count))
        let sd = v.count > 1 ? (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count - 1)).squareRoot() : 0
        return (mean, sd)
    }

    static func tablesCSV(_ rows: [ReproduceCommand.Row]) -> String {
        var s = "dataset,linkage,method,mfc_mean,mfc_sd,balance_mean,balance_sd,silhouette_mean,silhouette_sd,silhouette_fig2_mean,"
        s += "min_cluster_size_mean,tree_cost_ratio_mean,silhouette_balance_mean,min_cluster_size_balance_mean,tree_cost_ratio_balance_mean,"
        s += "improved_seeds_mfc,improved_seeds_balance,paper_mfc,paper_balance,fairlets_mean,cap_share_mean\n"
        for r in rows {
            let (m, ms) = stats(r.mfc), (b, bs) = stats(r.balance)
            let measured = r.silhouette.compactMap { $0 }
            let (si, ss) = stats(measured)
            let fig2 = stats(zip(r.silhouette, r.balance).map { $1 == 0 ? -1 : ($0 ?? -1) }).0
            let pm = PaperNumbers.value(r.dataset, r.linkage, method: r.method, balance: false)
            let pb = PaperNumbers.value(r.dataset, r.linkage, method: r.method, balance: true)
            let fairlets = r.fairlets.isEmpty ? "" : "\(stats(r.fairlets).0)"
            let cap = r.capShare.isEmpty ? "" : "\(stats(r.capShare).0)"
            func mean(_ v: [Double]) -> String { v.isEmpty ? "" : "\(stats(v).0)" }
            s += "\(r.dataset.rawValue),\(r.linkage.rawValue),\(r.method),\(m),\(ms),\(b),\(bs),\(si),\(ss),\(fig2),"
            s += "\(mean(r.byMFC.map { Double($0.minClusterSize) })),\(mean(r.byMFC.compactMap(\.costRatio))),"
            s += "\(mean(r.byBalance.compactMap(\.silhouette))),\(mean(r.byBalance.map { Double($0.minClusterSize) })),"
            s += "\(mean(r.byBalance.compactMap(\.costRatio))),\(r.improvedMFC.map(String.init) ?? ""),\(r.improvedBalance.map(String.init) ?? ""),"
            s += "\(pm.map { "\($0)" } ?? ""),\(pb.map { "\($0)" } ?? ""),\(fairlets),\(cap)\n"
        }
        return s
    }

    /// The columns beside a fairness figure: silhouette, smallest cluster, tree cost ratio.
    static func qualityCells(_ measures: [ReproduceCommand.Measure]) -> [String] {
        let sil = measures.compactMap(\.silhouette)
        let sizes = measures.map { Double($0.minClusterSize) }
        let ratios = measures.compactMap(\.costRatio)
        return [meanStd(sil), sizes.isEmpty ? "-" : String(format: "%.1f", stats(sizes).0),
                ratios.isEmpty ? "-" : String(format: "%.3f", stats(ratios).0)]
    }

    /// The fairness figure of a row, with "(improved in i/s)" for recommended rows.
    static func fairnessCell(_ r: ReproduceCommand.Row, balance: Bool) -> String {
        let cell = meanStd(balance ? r.balance : r.mfc)
        guard let improved = balance ? r.improvedBalance : r.improvedMFC else { return cell }
        return cell + " (improved in \(improved)/\(r.byMFC.count))"
    }

    static func markdown(
        rows: [ReproduceCommand.Row], n: Int, seeds: Int, k: Int, rules: [SelectionRule], grid: ([Double], [Double]),
        scale: FeatureScaling, toy: ToyExample, afhac: (alpha: Double?, fairletSize: Int), criteria: RecommendationCriteria
    ) -> String {
        var s = "# FairHAC: the paper's experiments, re-run\n\n"
        s += "Chhabra & Mohapatra (ICMLA 2022), re-run by `fairhac reproduce` (its run time is in `timings.json`, "
        s += "so that this file is the same for the same options). "
        s += "Subsamples of n = \(n) (seeds 0..\(seeds - 1)), k = \(k), features \(scale.rawValue); FHAC rules "
        s += rules.map(\.description).joined(separator: ", ")
        s += " searched per seed on a \(grid.0.count) x \(grid.1.count) grid of (b, d) (exp schedule, progress argument; "
        s += "rules that ignore b at b = 0). Values are mean ± sample standard deviation over the seeds. "
        s += "Rows: `vanilla` is plain HAC; `fhac-RULE` is the rule's **fairest** setting per seed, chosen on fairness alone "
        s += "(separately for MFC, Table I, and balance, Table II), whatever it does to the clustering; `fhac-recommended` is "
        s += "the **recommended** setting (spec section 8): the fairest grid point over all rules whose k-partition has no cluster "
        s += "under \(criteria.minimumClusterSize) points and whose silhouette is at most \(criteria.maxQualityLoss) below vanilla's; "
        s += "in the seeds where no such point is fairer than vanilla, it is vanilla's own partition (\"improved in i/\(seeds)\" counts "
        s += "the others). Beside each fairness figure: the silhouette, the smallest cluster and the tree cost ratio (Dasgupta "
        s += "cost of the tree over vanilla's; above 1 is worse) of the same partitions. **Paper** columns are the paper's own "
        s += "numbers (its n and k are unknown), for reference only. `makefair` is the vanilla tree post-processed to be fair "
        s += "at every level (Knittel et al. 2023, defaults; its cut is the finest into real nodes with at most k clusters, and its "
        s += "cost ratio is on its real nodes); the last table compares the methods on the whole tree.\n\n"
        s += findings(rows, criteria: criteria, k: k)
        func table(_ title: String, balance: Bool, paper: (PaperNumbers.Entry, Bool) -> Double) -> String {
            let name = balance ? "balance" : "MFC"
            var t = "## \(title)\n\n| dataset | linkage | method | \(name) | silhouette | smallest cluster | tree cost ratio | paper |\n"
            t += "|---|---|---|---|---|---|---|---|\n"
            for r in rows where !r.method.hasPrefix("afhac") {
                let p = PaperNumbers.entry(r.dataset, r.linkage).map { String(format: "%.4f", paper($0, r.method == "vanilla")) } ?? ""
                let q = qualityCells(balance ? r.byBalance : r.byMFC)
                t += "| \(r.dataset.rawValue) | \(r.linkage.rawValue) | \(r.method) | \(fairnessCell(r, balance: balance)) | "
                t += q.joined(separator: " | ") + " | \(p) |\n"
            }
            return t + "\n"
        }
        s += table("Table I: Max Fairness Cost (lower is fairer)", balance: false, paper: { $1 ? $0.mfcVanilla : $0.mfcFHAC })
        s += table("Table II: balance (higher is fairer)", balance: true, paper: { $1 ? $0.balanceVanilla : $0.balanceFHAC })
        s += afhacTables(rows: rows, k: k, afhac: afhac)
        s += "## Figure 2 analog: silhouette\n\nSilhouette of the MFC-chosen partition (vanilla: the vanilla partition); "
        s += "\"as the paper\" counts a balance-0 solution as -1.\n\n| dataset | linkage | method | silhouette (measured) | as the paper |\n|---|---|---|---|---|\n"
        for r in rows {
            let measured = r.silhouette.compactMap { $0 }
            let asPaper = zip(r.silhouette, r.balance).map { $1 == 0 ? -1 : ($0 ?? -1) }
            s += "| \(r.dataset.rawValue) | \(r.linkage.rawValue) | \(r.method) | \(meanStd(measured)) | \(meanStd(asPaper)) |\n"
        }
        s += "\n## Figure 1 analog: the toy example\n\n![toy example](figure1.svg)\n\n"
        s += String(format: "60 uniform 2-D points in two equal groups, single linkage, k = %d: vanilla balance %.2f, FHAC (gain, d = %g) balance %.2f.\n\n",
                    k, toy.vanillaBalance, toy.d, toy.fairBalance)
        s += "Files: `tables.csv` (the tables), `runs.csv` (every seed, with the chosen rule, b and d), `figure1.svg`.\n"
        return s
    }

    /// "What the numbers show": sentences computed from the rows (MFC, Table I).
    static func findings(_ rows: [ReproduceCommand.Row], criteria: RecommendationCriteria, k: Int) -> String {
        var cells: [(String, ReproduceCommand.Row, [ReproduceCommand.Row], ReproduceCommand.Row)] = []
        for v in rows where v.method == "vanilla" {
            let same = rows.filter { $0.dataset == v.dataset && $0.linkage == v.linkage }
            let fairest = same.filter { $0.method.hasPrefix("fhac-") && $0.method != "fhac-recommended" }
            guard let rec = same.first(where: { $0.method == "fhac-recommended" }), !fairest.isEmpty else { continue }
            cells.append(("\(v.dataset.rawValue) \(v.linkage.rawValue)", v, fairest, rec))
        }
        guard !cells.isEmpty else { return "" }
        func mean(_ v: [Double]) -> Double { stats(v).0 }
        func sil(_ r: ReproduceCommand.Row) -> Double { mean(r.byMFC.compactMap(\.silhouette)) }
        func smallest(_ r: ReproduceCommand.Row) -> Double { mean(r.byMFC.map { Double($0.minClusterSize) }) }
        let tau = criteria.maxQualityLoss, sMin = Double(criteria.minimumClusterSize)
        // The fairest rule of each cell (lowest mean MFC).
        let fairest = cells.map { c in c.2.min { mean($0.mfc) < mean($1.mfc) }! }
        let negative = zip(cells, fairest).filter { sil($1) < 0 }.map(\.0.0)
        let costly = zip(cells, fairest).filter { sil($0.1) - sil($1) > tau }.map(\.0.0)
        let degenerateFairest = zip(cells, fairest).filter { smallest($1) < sMin }.map(\.0.0)
        let degenerateVanilla = cells.filter { smallest($0.1) < sMin }.map(\.0)
        let improved = cells.filter { mean($0.3.mfc) < mean($0.1.mfc) }
        let strong = improved.filter { mean($0.3.mfc) <= 0.6 * mean($0.1.mfc) }.map(\.0)
        let none = cells.filter { ($0.3.improvedMFC ?? 0) == 0 }.map(\.0)
        func list(_ v: [String]) -> String { v.isEmpty ? "none" : v.joined(separator: ", ") }
        var s = "## What the numbers show\n\n"
        s += "- Fairness chosen alone costs the clustering: the fairest rule's MFC setting has a negative mean silhouette in "
        s += "\(negative.count) of \(cells.count) dataset x linkage cells (\(list(negative))), loses more than \(tau) of vanilla's silhouette in "
        s += "\(costly.count) (\(list(costly))), and leaves a cluster under \(Int(sMin)) points on average in \(degenerateFairest.count) (\(list(degenerateFairest))).\n"
        s += "- Vanilla HAC itself is degenerate (mean smallest cluster under \(Int(sMin)) points) in \(degenerateVanilla.count) of \(cells.count) cells "
        s += "(\(list(degenerateVanilla))): outliers become clusters of their own at k = \(k).\n"
        s += "- The recommended setting keeps the clustering (silhouette loss at most \(tau), no degenerate cluster) and still lowers the mean MFC "
        s += "in \(improved.count) of \(cells.count) cells; to at most 0.6x vanilla's in \(strong.count) (\(list(strong))). "
        s += "It finds no admissible improvement in any seed in \(none.count) (\(list(none))), where it reports vanilla's partition.\n\n"
        return s
    }

    /// Tables III and IV: average linkage, FHAC (tuned) against AFHAC-V and AFHAC-R.
    static func afhacTables(rows: [ReproduceCommand.Row], k: Int, afhac: (alpha: Double?, fairletSize: Int)) -> String {
        let compared = rows.filter { $0.linkage == .average && $0.method != "vanilla" }
        guard compared.contains(where: { $0.method.hasPrefix("afhac") }) else {
            return "## Tables III and IV: FHAC against AFHAC-V and AFHAC-R\n\nNot run: they use average linkage, which was not among the linkages.\n\n"
        }
        var s = "## Tables III and IV: FHAC against AFHAC-V and AFHAC-R (average linkage)\n\n"
        s += "AFHAC (Ahmadian et al. 2020): fairlets under a common cap on every group's share, then average linkage over "
        s += "the fairlets (AFHAC-V on distances, AFHAC-R on similarities 1/(1+d)). `afhac-v` and `afhac-r` use "
        s += afhac.alpha.map { "the cap 1/alpha with --afhac-alpha \($0)" } ?? "the spec's cap, the largest group's share of each subsample"
        s += ". Such a cap forces every fairlet to have exactly that share, so it allows only a few large fairlets (with one fairlet "
        s += "the tree is plain average linkage; the **fairlets** column shows the mean count; the cap holds for the k-cut only when k <= fairlets). "
        if afhac.fairletSize > 0 {
            s += "`-s\(afhac.fairletSize)` rows use the tightest cap under which round-robin dealing "
            s += "into n/\(afhac.fairletSize) fairlets meets the cap (so at least that many fairlets, of at most about \(afhac.fairletSize) points), "
            s += "a baseline that does constrain the tree. "
        }
        s += "FHAC rows are the average-linkage rows of Tables I and II (fairest per rule, and recommended).\n\n"
        func table(_ title: String, balance: Bool) -> String {
            var t = "### \(title)\n\n| dataset | method | cap (share) | fairlets | measured | silhouette | smallest cluster | tree cost ratio | paper |\n"
            t += "|---|---|---|---|---|---|---|---|---|\n"
            for r in compared {
                let p = PaperNumbers.value(r.dataset, r.linkage, method: r.method, balance: balance).map { String(format: "%.4f", $0) } ?? ""
                let cap = r.capShare.isEmpty ? "" : String(format: "%.4f", stats(r.capShare).0)
                let fairlets = r.fairlets.isEmpty ? "" : String(format: "%.1f", stats(r.fairlets).0)
                t += "| \(r.dataset.rawValue) | \(r.method) | \(cap) | \(fairlets) | \(fairnessCell(r, balance: balance)) | "
                t += qualityCells(balance ? r.byBalance : r.byMFC).joined(separator: " | ") + " | \(p) |\n"
            }
            return t + "\n"
        }
        s += table("Table III: MFC at k = \(k) (lower is fairer)", balance: false)
        s += table("Table IV: balance at k = \(k) (higher is fairer)", balance: true)
        return s
    }
}
