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
        var s = "dataset,linkage,method,mfc_mean,mfc_sd,balance_mean,balance_sd,silhouette_mean,silhouette_sd,silhouette_fig2_mean,paper_mfc,paper_balance\n"
        for r in rows {
            let (m, ms) = stats(r.mfc), (b, bs) = stats(r.balance)
            let measured = r.silhouette.compactMap { $0 }
            let (si, ss) = stats(measured)
            let fig2 = stats(zip(r.silhouette, r.balance).map { $1 == 0 ? -1 : ($0 ?? -1) }).0
            let paper = PaperNumbers.entry(r.dataset, r.linkage)
            let pm = r.method == "vanilla" ? paper?.mfcVanilla : paper?.mfcFHAC
            let pb = r.method == "vanilla" ? paper?.balanceVanilla : paper?.balanceFHAC
            s += "\(r.dataset.rawValue),\(r.linkage.rawValue),\(r.method),\(m),\(ms),\(b),\(bs),\(si),\(ss),\(fig2),"
                + "\(pm.map { "\($0)" } ?? ""),\(pb.map { "\($0)" } ?? "")\n"
        }
        return s
    }

    static func markdown(
        rows: [ReproduceCommand.Row], n: Int, seeds: Int, k: Int, rules: [SelectionRule], grid: ([Double], [Double]),
        scale: FeatureScaling, toy: ToyExample
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
            for r in rows {
                let p = PaperNumbers.entry(r.dataset, r.linkage).map { String(format: "%.4f", paper($0, r.method == "vanilla")) } ?? ""
                t += "| \(r.dataset.rawValue) | \(r.linkage.rawValue) | \(r.method) | \(meanStd(metric(r))) | \(p) |\n"
            }
            return t + "\n"
        }
        s += table("Table I: Max Fairness Cost (lower is fairer)", metric: { $0.mfc }, paper: { $1 ? $0.mfcVanilla : $0.mfcFHAC })
        s += table("Table II: balance (higher is fairer)", metric: { $0.balance }, paper: { $1 ? $0.balanceVanilla : $0.balanceFHAC })
        s += "## Tables III and IV: FHAC against AFHAC-V and AFHAC-R\n\n*Pending*: the AFHAC baselines are not implemented yet.\n\n"
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
}
