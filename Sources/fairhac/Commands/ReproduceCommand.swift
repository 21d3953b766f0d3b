import ArgumentParser
import FairHACCore
import FairHACIO
import Foundation

/// Re-runs the paper's experiments (Chhabra & Mohapatra 2022, section 6 of the project's spec).
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Re-run the paper's experiments on the bundled datasets and write reproduce/.",
        usage: "fairhac reproduce [--quick] [--report] [--out <out>] [<options>]",
        discussion: """
            For census, creditcard and bank x average, complete and single linkage: vanilla HAC against \
            FHAC tuned per seed (grid search over b and d, per rule and per metric), MFC and balance \
            as mean and sample standard deviation over seeded subsamples (Tables I and II, the paper's \
            own numbers beside them), silhouette of each method (Figure 2 analog) and the toy example \
            (Figure 1 analog, SVG). Tables III and IV: with average linkage, FHAC against the AFHAC \
            baselines (Ahmadian et al. 2020) at the spec's cap (the largest group's share of each subsample, \
            or --afhac-alpha) and at the tightest cap that allows fairlets of about --afhac-fairlet-size points.
            """
    )

    @Option(parsing: .unconditional, help: "Subsample size per seed.")
    var n: Int = 1000

    @Option(parsing: .unconditional, help: "Number of seeded subsamples (seeds 0, 1, ...).")
    var seeds: Int = 5

    @Option(name: .short, parsing: .unconditional, help: "Number of clusters.")
    var k: Int = 4

    @Option(parsing: .upToNextOption, help: "FHAC rules to tune and report.")
    var rule: [SelectionRule] = [.gain, .window]

    @Option(parsing: .upToNextOption, help: "Datasets.")
    var dataset: [BundledDataset] = BundledDataset.allCases

    @Option(parsing: .upToNextOption, help: "Linkages.")
    var linkage: [Linkage] = [.average, .complete, .single]

    @Option(help: "Feature scaling: zscore or none.")
    var scale: FeatureScaling = .zscore

    @Option(help: "AFHAC's cap as alpha (share <= 1/alpha); default: the largest group's share of each subsample (the spec).")
    var afhacAlpha: Double?

    @Option(help: "Also run AFHAC at the tightest cap that allows fairlets of about this many points (0: skip).")
    var afhacFairletSize: Int = 10

    @Flag(help: "A quick run: n = 400, 2 seeds, a 6 x 6 grid.")
    var quick = false

    @Option(help: "Directory for the results.")
    var out: String = "reproduce"

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Also write report.html (the tables and figures on one self-contained page).")
    var report = false

    func validate() throws {
        if n < 10 || seeds < 1 || k < 2 { throw ValidationError("need --n >= 10, --seeds >= 1, -k >= 2") }
        if let afhacAlpha, !(afhacAlpha.isFinite && afhacAlpha >= 1) { throw ValidationError("--afhac-alpha must be >= 1") }
        if afhacFairletSize < 0 { throw ValidationError("--afhac-fairlet-size must be >= 0") }
    }

    struct Row {
        var dataset: BundledDataset
        var linkage: Linkage
        var method: String
        var mfc: [Double] = []
        var balance: [Double] = []
        /// Silhouette of the MFC-tuned (or vanilla) partition; nil when undefined.
        var silhouette: [Double?] = []
        /// AFHAC rows: the number of fairlets and the cap's share, per seed.
        var fairlets: [Double] = []
        var capShare: [Double] = []
    }

    func run() throws {
        try reportingErrors {
            let status = StatusLine(quiet: quiet)
            let n = quick ? min(self.n, 400) : self.n
            let seeds = quick ? min(self.seeds, 2) : self.seeds
            let gridB = quick ? [0, 0.5, 2, 4, 8, 16] : GridSearch.defaultGridB
            let gridD = quick ? [0, 0.02, 0.1, 0.3, 1, 2] : GridSearch.defaultGridD
            let rules = rule.enumerated().filter { i, r in !rule.prefix(i).contains(r) }.map(\.element)
            let staged = try OutputDirectory(out)
            let clock = ContinuousClock()
            let started = clock.now
            var rows: [Row] = []
            var runs = "dataset,linkage,seed,method,rule,b_mfc,d_mfc,mfc,b_balance,d_balance,balance,silhouette\n"
            let total = dataset.count * linkage.count * seeds
            var done = 0
            // A run is one dataset x linkage x seed.
            let bar = ProgressBar(status, label: "reproduce", unit: "runs")
            bar.update(0, total)
            for ds in dataset {
                let table = try ds.table()
                for l in linkage {
                    var vanilla = Row(dataset: ds, linkage: l, method: "vanilla")
                    var fair = rules.map { Row(dataset: ds, linkage: l, method: "fhac-\($0.rawValue)") }
                    // AFHAC is average linkage over fairlets: compared with FHAC's average-linkage rows.
                    var baselines = l != .average ? [] : afhacSettings.map { Row(dataset: ds, linkage: l, method: $0.name) }
                    for seed in 0..<seeds {
                        let data = try DataPreparation.prepare(table, options: ds.options(scaling: scale, sample: n, seed: UInt64(seed)))
                        let x = data.observations, groups = data.groups!
                        let ideal = try IdealShares.data.resolve(for: groups)
                        let labels = try HierarchicalClustering(linkage: l).fit(x).labels(clusterCount: k)
                        let f = PartitionFairness(labels: labels, clusterCount: k, groups: groups, ideal: ideal)
                        let sil = try? Silhouette.score(x, labels: labels)
                        vanilla.mfc.append(f.mfc)
                        vanilla.balance.append(f.balance)
                        vanilla.silhouette.append(sil)
                        runs += "\(ds.rawValue),\(l.rawValue),\(seed),vanilla,,,,\(f.mfc),,,\(f.balance),\(sil.map { "\($0)" } ?? "")\n"
                        for (r, ruleValue) in rules.enumerated() {
                            let points = try GridSearch(linkage: l, clusterCount: k, rules: [ruleValue], gridB: gridB, gridD: gridD)
                                .run(x, groups: groups)
                            let bm = GridSearch.best(points, objective: .mfc)!, bb = GridSearch.best(points, objective: .balance)!
                            fair[r].mfc.append(bm.mfc)
                            fair[r].balance.append(bb.balance)
                            fair[r].silhouette.append(bm.silhouette)
                            runs += "\(ds.rawValue),\(l.rawValue),\(seed),fhac,\(ruleValue.rawValue),\(bm.b),\(bm.d),\(bm.mfc),"
                                + "\(bb.b),\(bb.d),\(bb.balance),\(bm.silhouette.map { "\($0)" } ?? "")\n"
                        }
                        let afhacDistances = l == .average && !afhacSettings.isEmpty ? try DistanceMatrix(observations: x, metric: .euclidean) : nil
                        for (i, setting) in (afhacDistances != nil ? afhacSettings : []).enumerated() {
                            let cap = try setting.cap(groups)
                            let result = try FairletHierarchicalClustering(objective: setting.objective, cap: cap)
                                .fit(distances: afhacDistances!, groups: groups)
                            let labels = try result.dendrogram.labels(clusterCount: k)
                            let f = PartitionFairness(labels: labels, clusterCount: k, groups: groups, ideal: ideal)
                            let sil = try? Silhouette.score(x, labels: labels)
                            baselines[i].mfc.append(f.mfc)
                            baselines[i].balance.append(f.balance)
                            baselines[i].silhouette.append(sil)
                            baselines[i].fairlets.append(Double(result.fairlets.count))
                            baselines[i].capShare.append(result.cap.maxShare)
                            runs += "\(ds.rawValue),\(l.rawValue),\(seed),\(setting.name),,,,\(f.mfc),,,\(f.balance),\(sil.map { "\($0)" } ?? "")\n"
                        }
                        done += 1
                        bar.update(done, total)
                    }
                    rows.append(vanilla)
                    rows += fair
                    rows += baselines
                    status.done()
                    if !quiet {
                        for r in [vanilla] + fair + baselines {
                            print(String(format: "%-10@ %-8@ %-12@ MFC %@  balance %@", ds.rawValue, l.rawValue, r.method,
                                         meanStd(r.mfc), meanStd(r.balance)))
                        }
                    }
                }
            }
            try runs.write(toFile: staged.path + "/runs.csv", atomically: true, encoding: .utf8)
            try ReproduceReport.tablesCSV(rows).write(toFile: staged.path + "/tables.csv", atomically: true, encoding: .utf8)
            let toy = try ToyExample.run(k: k)
            try toy.svg.write(toFile: staged.path + "/figure1.svg", atomically: true, encoding: .utf8)
            let report = ReproduceReport.markdown(
                rows: rows, n: n, seeds: seeds, k: k, rules: rules, grid: (gridB, gridD), scale: scale, toy: toy,
                afhac: (afhacAlpha, afhacFairletSize))
            try report.write(toFile: staged.path + "/report.md", atomically: true, encoding: .utf8)
            if self.report {
                let intro = "Subsamples of n = \(n) (seeds 0..\(seeds - 1)), k = \(k), features \(scale.rawValue); FHAC rules "
                    + rules.map(\.rawValue).joined(separator: ", ") + " tuned per seed; mean ± sample standard deviation over the seeds. "
                    + "Paper columns: the paper's own numbers (its n and k are unknown). Details in report.md."
                try ReproduceHTML.html(rows: rows, intro: intro, k: k, toy: toy)
                    .write(toFile: staged.path + "/report.html", atomically: true, encoding: .utf8)
            }
            try String(format: "{\n  \"total_seconds\" : %.3f\n}\n", (clock.now - started).seconds)
                .write(toFile: staged.path + "/timings.json", atomically: true, encoding: .utf8)
            try staged.commit()
            if !quiet { print("wrote \(out)/report.md, tables.csv, runs.csv, figure1.svg" + (self.report ? ", report.html" : "")) }
        }
    }
}

extension ReproduceCommand {
    /// One AFHAC configuration of Tables III and IV.
    struct AFHACSetting {
        var name: String
        var objective: FairletHierarchicalClustering.Objective
        var cap: (GroupAssignment) throws -> FairnessCap
    }

    /// AFHAC-V and AFHAC-R at the spec's cap (or --afhac-alpha), and at the tightest cap that
    /// allows fairlets of about --afhac-fairlet-size points.
    var afhacSettings: [AFHACSetting] {
        var settings: [AFHACSetting] = []
        for objective in FairletHierarchicalClustering.Objective.allCases {
            let name = objective == .value ? "afhac-v" : "afhac-r"
            let alpha = afhacAlpha
            settings.append(AFHACSetting(name: name, objective: objective) { groups in
                try alpha.map { try FairnessCap(alpha: $0) } ?? .dataShares(groups)
            })
        }
        if afhacFairletSize > 0 {
            let size = afhacFairletSize
            for objective in FairletHierarchicalClustering.Objective.allCases {
                let name = (objective == .value ? "afhac-v" : "afhac-r") + "-s\(size)"
                settings.append(AFHACSetting(name: name, objective: objective) { groups in
                    FairletDecomposition.tightestCap(
                        counts: groups.counts, fairletCount: max(1, min(groups.count, groups.count / size)))
                })
            }
        }
        return settings
    }
}

/// "mean ± sample standard deviation" with 4 decimals ("-" when empty).
func meanStd(_ v: [Double]) -> String {
    guard !v.isEmpty else { return "-" }
    let (mean, sd) = ReproduceReport.stats(v)
    return v.count > 1 ? String(format: "%.4f ± %.4f", mean, sd) : String(format: "%.4f", mean)
}
