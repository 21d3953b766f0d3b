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
        var s = "dataset,linkage,method,mfc_mean,mfc_sd,balance_mean,balance_sd,silhouette_mean,silhouette_sd,silhouette_fig2_mean,paper_mfc,paper_balance,fairlets_mean,cap_share_mean\n"
        for r in rows {
            let (m, ms) = stats(r.mfc), (b, bs) = stats(r.balance)
            let measured = r.silhouette.compactMap { $0 }
            let (si, ss) = stats(measured)
            let fig2 = stats(zip(r.silhouette, r.balance).map { $1 == 0 ? -1 : ($0 ?? -1) }).0
            let pm = PaperNumbers.value(r.dataset, r.linkage, method: r.method, balance: false)
            let pb = PaperNumbers.value(r.dataset, r.linkage, method: r.method, balance: true)
            let fairlets = r.fairlets.isEmpty ? "" : "\(stats(r.fairlets).0)"
            let cap = r.capShare.isEmpty ? "" : "\(stats(r.capShare).0)"
            s += "\(r.dataset.rawValue),\(r.linkage.rawValue),\(r.method),\(m),\(ms),\(b),\(bs),\(si),\(ss),\(fig2),"
                + "\(pm.map { "\($0)" } ?? ""),\(pb.map { "\($0)" } ?? ""),\(fairlets),\(cap)\n"
        }
        return s
    }

    static func markdown(
        rows: [ReproduceCommand.Row], n: Int, seeds: Int, k: Int, rules: [SelectionRule], grid: ([Double], [Double]),
        scale: FeatureScaling, toy: ToyExample, afhac: (alpha: Double?, fairletSize: Int)
    ) -> String {
        var s = "# FairHAC: the paper's experiments, re-run\n\n"
        s += "Chhabra & Mohapatra (ICMLA 2022), re-run by `fairhac reproduce` (its run time is in `timings.json`, "
        s += "so that this file is the same for the same options). "
        s += "Subsamples of n = \(n) (seeds 0..\(seeds - 1)), k = \(k), features \(scale.rawValue); FHAC rules "
        s += rules.map(\.rawValue).joined(separator: ", ")
        s += " tuned per seed on a \(grid.0.count) x \(grid.1.count) grid of (b, d) (exp schedule, progress argument; "
        s += "gain ignores b), separately for MFC (Table I) and balance (Table II). Values are mean ± sample standard "
        s += "deviation over the seeds. **Paper** columns are the paper's own numbers (its n and k are unknown), "
        s += "for reference only.\n\n"
        func table(_ title: String, metric: (ReproduceCommand.Row) -> [Double], paper: (PaperNumbers.Entry, Bool) -> Double) -> String {
            var t = "## \(title)\n\n| dataset | linkage | method | measured | paper |\n|---|---|---|---|---|\n"
            for r in rows where !r.method.hasPrefix("afhac") {
                let p = PaperNumbers.entry(r.dataset, r.linkage).map { String(format: "%.4f", paper($0, r.method == "vanilla")) } ?? ""
                t += "| \(r.dataset.rawValue) | \(r.linkage.rawValue) | \(r.method) | \(meanStd(metric(r))) | \(p) |\n"
            }
            return t + "\n"
        }
        s += table("Table I: Max Fairness Cost (lower is fairer)", metric: { $0.mfc }, paper: { $1 ? $0.mfcVanilla : $0.mfcFHAC })
        s += table("Table II: balance (higher is fairer)", metric: { $0.balance }, paper: { $1 ? $0.balanceVanilla : $0.balanceFHAC })
        s += afhacTables(rows: rows, k: k, afhac: afhac)
        s += "## Figure 2 analog: silhouette\n\nSilhouette of the MFC-tuned partition (vanilla: the vanilla partition); "
        s += "\"as the paper\" counts a balance-0 solution as -1.\n\n| dataset | linkage | method | silhouette (measured) | as the paper |\n|---|---|---|---|---|\n"
        for r in rows {
            let measured = r.silhouette.compactMap { $0 }
            let asPaper = zip(r.silhouette, r.balance).map { $1 == 0 ? -1 : ($0 ?? -1) }
            s += "| \(r.dataset.rawValue) | \(r.linkage.rawValue) | \(r.method) | \(meanStd(measured)) | \(meanStd(asPaper)) |\n"
        }
        s += "\n## Figure 1 analog: the toy example\n\n![toy example](figure1.svg)\n\n"
        s += String(format: "60 uniform 2-D points in two equal groups, single linkage, k = %d: vanilla balance %.2f, FHAC (gain, d = %g) balance %.2f.\n\n",
                    k, toy.vanillaBalance, toy.d, toy.fairBalance)
        s += "Files: `tables.csv` (the tables), `runs.csv` (every seed, with the tuned b and d), `figure1.svg`.\n"
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
        s += "FHAC rows are the tuned average-linkage rows of Tables I and II.\n\n"
        func table(_ title: String, balance: Bool) -> String {
            var t = "### \(title)\n\n| dataset | method | cap (share) | fairlets | measured | paper |\n|---|---|---|---|---|---|\n"
            for r in compared {
                let p = PaperNumbers.value(r.dataset, r.linkage, method: r.method, balance: balance).map { String(format: "%.4f", $0) } ?? ""
                let cap = r.capShare.isEmpty ? "" : String(format: "%.4f", stats(r.capShare).0)
                let fairlets = r.fairlets.isEmpty ? "" : String(format: "%.1f", stats(r.fairlets).0)
                t += "| \(r.dataset.rawValue) | \(r.method) | \(cap) | \(fairlets) | \(meanStd(balance ? r.balance : r.mfc)) | \(p) |\n"
            }
            return t + "\n"
        }
        s += table("Table III: MFC at k = \(k) (lower is fairer)", balance: false)
        s += table("Table IV: balance at k = \(k) (higher is fairer)", balance: true)
        return s
    }
}
