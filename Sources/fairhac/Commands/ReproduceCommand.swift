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
            For census, creditcard and bank x average, complete, single and ward linkage: vanilla HAC against \
            FHAC tuned per seed (one grid search over b, d and the rules): per rule its fairest setting, and \
            the recommended setting (the fairest that is not degenerate and loses at most --max-quality-loss \
            of vanilla's silhouette; vanilla's own partition when none improves). MFC and balance \
            as mean and sample standard deviation over seeded subsamples (Tables I and II, the paper's \
            own numbers beside them), each with its silhouette, smallest cluster and tree cost ratio; silhouette of each method (Figure 2 analog) and the toy example \
            (Figure 1 analog, SVG). Tables III and IV: with average linkage, FHAC against the AFHAC \
            baselines (Ahmadian et al. 2020) at the spec's cap (the largest group's share of each subsample, \
            or --afhac-alpha) and at the tightest cap that allows fairlets of about --afhac-fairlet-size points.
            """
    )

    @Option(name: .customLong("n"), parsing: .unconditional, help: "Subsample size per seed (default: 1000; --quick: 400).")
    var requestedN: Int?

    @Option(name: .customLong("seeds"), parsing: .unconditional, help: "Number of seeded subsamples (seeds 0, 1, ...; default: 5; --quick: 2).")
    var requestedSeeds: Int?

    @Flag(help: "Run even when the estimated time is above \(Int(ReproduceCommand.forceThresholdHours)) hours.")
    var force = false

    /// Estimated hours above which a run is refused without --force.
    static let forceThresholdHours = 6.0

    @Option(name: .short, parsing: .unconditional, help: "Number of clusters.")
    var k: Int = 4

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "FHAC rules to search and report; with --compare-rules also the research candidates lower and gain-weighted.",
        valueName: "rule"))
    var rule: [String] = ClusteringRequest.defaultAutoRules

    @Option(parsing: .upToNextOption, help: "Datasets.")
    var dataset: [BundledDataset] = BundledDataset.allCases

    @Option(parsing: .upToNextOption, help: "Linkages.")
    var linkage: [Linkage] = [.average, .complete, .single, .ward]

    @Option(help: "Feature scaling: zscore or none.")
    var scale: FeatureScaling = .zscore

    @Option(help: "AFHAC's cap as alpha (share <= 1/alpha); default: the largest group's share of each subsample (the spec).")
    var afhacAlpha: Double?

    @Option(help: "Also run AFHAC at the tightest cap that allows fairlets of about this many points (0: skip).")
    var afhacFairletSize: Int = 10

    @OptionGroup(title: "Recommendation") var recommendation: RecommendationOptions

    @Option(help: "Threads (default: all cores).")
    var threads: Int?

    @Flag(help: "Also compare the rules one by one (each rule's own recommended setting and (MFC, silhouette) front area): rules.csv, rules.md.")
    var compareRules = false

    @Flag(help: "Also the two-attribute table (each dataset's two protected attributes, separate and intersectional, average and ward linkage): two-attributes.md, two-attributes.csv.")
    var twoAttributes = false

    @Flag(help: "A quick run: n = 400, 2 seeds, a 6 x 6 grid.")
    var quick = false

    @Option(help: "Directory for the results.")
    var out: String = "reproduce"

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Also write report.html (the tables and figures on one self-contained page).")
    var report = false

    func validate() throws {
        if (requestedN ?? 10) < 10 || (requestedSeeds ?? 1) < 1 || k < 2 { throw ValidationError("need --n >= 10, --seeds >= 1, -k >= 2") }
        if let requestedN, requestedN > 20000 {
            throw ValidationError("--n \(requestedN): the subsamples are drawn from the bundled datasets (bank has 4521 rows, the largest 32561); "
                + "reproduce runs a grid search per subsample, so use at most 20000")
        }
        if let requestedSeeds, requestedSeeds > 1000 { throw ValidationError("--seeds must be at most 1000; got \(requestedSeeds)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let afhacAlpha, !(afhacAlpha.isFinite && afhacAlpha >= 1) { throw ValidationError("--afhac-alpha must be >= 1") }
        if afhacFairletSize < 0 { throw ValidationError("--afhac-fairlet-size must be >= 0") }
    }

    /// The figures of one partition: fairness, silhouette, smallest cluster, tree cost ratio.
    struct Measure {
        var mfc: Double
        var balance: Double
        var silhouette: Double?
        var minClusterSize: Int
        /// Dasgupta cost of the tree over vanilla HAC's (1 for vanilla).
        var costRatio: Double?
    }

    struct Row {
        var dataset: BundledDataset
        var linkage: Linkage
        var method: String
        /// Per seed: the partition reported in Table I (chosen for MFC) and in Table II (for balance).
        var byMFC: [Measure] = []
        var byBalance: [Measure] = []
        /// Recommended rows: the seeds where the recommendation improved on vanilla, per objective.
        var improvedMFC: Int?
        var improvedBalance: Int?
        /// AFHAC rows: the number of fairlets and the cap's share, per seed.
        var fairlets: [Double] = []
        var capShare: [Double] = []

        var mfc: [Double] { byMFC.map(\.mfc) }
        var balance: [Double] { byBalance.map(\.balance) }
        /// Silhouette of the MFC-chosen (or vanilla) partition; nil when undefined.
        var silhouette: [Double?] { byMFC.map(\.silhouette) }

        mutating func append(_ m: Measure) { append(mfc: m, balance: m) }
        mutating func append(mfc: Measure, balance: Measure) {
            byMFC.append(mfc)
            byBalance.append(balance)
        }
    }

    func run() throws {
        try reportingErrors {
            let status = StatusLine(quiet: quiet)
            // --quick caps n and the seeds, and says so when it lowers what was asked for.
            let n = quick ? min(requestedN ?? 400, 400) : (requestedN ?? 1000)
            let seeds = quick ? min(requestedSeeds ?? 2, 2) : (requestedSeeds ?? 5)
            if quick && !quiet && ((requestedN ?? 0) > n || (requestedSeeds ?? 0) > seeds) {
                FileHandle.standardError.write(Data("note: --quick runs n = \(n) with \(seeds) seed\(seeds == 1 ? "" : "s") (asked: n = \(requestedN ?? n), \(requestedSeeds ?? seeds) seeds); leave out --quick for the full sizes\n".utf8))
            }
            let gridB = quick ? [0, 0.5, 2, 4, 8, 16] : GridSearch.defaultGridB
            let gridD = quick ? [0, 0.02, 0.1, 0.3, 1, 2] : GridSearch.defaultGridD
            let named = rule.enumerated().filter { i, r in !rule.prefix(i).contains(r) }.map(\.element)
            let rules = try named.map { name in
                guard let r = SelectionRule(name: name, includingCandidates: compareRules) else {
                    throw ValidationError("--rule: unknown rule '\(name)'; expected one of \(SelectionRule.names.joined(separator: ", "))"
                        + (compareRules ? ", " + SelectionRule.candidates.map(\.name).joined(separator: ", ") : ""))
                }
                return r
            }
            // Like any job, estimated before it starts: one grid search per dataset, linkage and seed.
            let points = rules.reduce(0) { $0 + ($1.readsB ? gridB.count : 1) * gridD.count }
            let cores = Double(requestedParallelism(threads, quiet: true).threads)
            let hours = Double(seeds) * Double(dataset.count * linkage.count) * Double(points)
                * GridSearch.secondsPerPoint(n: n) / cores / 3600
            if hours > Self.forceThresholdHours && !force {
                throw DataError(
                    "reproduce with n = \(n), \(seeds) seeds, \(dataset.count) datasets x \(linkage.count) linkages and \(points) grid points "
                        + "per cell would take about \(Int(hours.rounded())) hours (estimated; refused above \(Int(Self.forceThresholdHours)) without --force); "
                        + "use fewer --seeds, a smaller --n, fewer --rule, --dataset or --linkage, or --force")
            }
            let staged = try OutputDirectory(out)
            let clock = ContinuousClock()
            let started = clock.now
            var rows: [Row] = []
            var runs = "dataset,linkage,seed,method,rule_mfc,b_mfc,d_mfc,mfc,silhouette_mfc,min_cluster_size_mfc,tree_cost_ratio_mfc,"
                + "rule_balance,b_balance,d_balance,balance,silhouette_balance,min_cluster_size_balance,tree_cost_ratio_balance\n"
            let parallelism = requestedParallelism(threads, quiet: quiet)
            var comparison: [RuleComparison] = []
            var levelEntries: [LevelComparison.Entry] = []
            let total = dataset.count * linkage.count * seeds
            var done = 0
            // A run is one dataset x linkage x seed.
            let bar = ProgressBar(status, label: "reproduce", unit: "runs")
            bar.update(0, total)
            for ds in dataset {
                let table = try ds.table()
                for l in linkage {
                    var vanilla = Row(dataset: ds, linkage: l, method: "vanilla")
                    var fair = rules.map { Row(dataset: ds, linkage: l, method: "fhac-\($0.description)") }
                    var recommended = Row(dataset: ds, linkage: l, method: "fhac-recommended", improvedMFC: 0, improvedBalance: 0)
                    // AFHAC is average linkage over fairlets: compared with FHAC's average-linkage rows.
                    var baselines = l != .average ? [] : afhacSettings.map { Row(dataset: ds, linkage: l, method: $0.name) }
                    // Fair post-processing of the vanilla tree (issue 20), and the fair-at-every-level table's entries.
                    var makefair = Row(dataset: ds, linkage: l, method: "makefair")
                    var levels = (["vanilla", "fhac-recommended", "makefair"] + (l != .average ? [] : afhacSettings.map(\.name)))
                        .map { LevelComparison.Entry(dataset: ds, linkage: l, method: $0) }
                    for seed in 0..<seeds {
                        let data = try DataPreparation.prepare(table, options: ds.options(scaling: scale, sample: n, seed: UInt64(seed)))
                        let x = data.observations, groups = data.groups!
                        let ideal = try IdealShares.data.resolve(for: groups)
                        let criteria = recommendation.criteria(n: x.count)
                        // One grid over every rule, with vanilla HAC evaluated beside it.
                        let search = GridSearch(linkage: l, clusterCount: k, rules: rules, gridB: gridB, gridD: gridD, parallelism: parallelism)
                        let outcome = try search.run(x, groups: groups)
                        let v = outcome.vanilla
                        let vanillaMeasure = Measure(
                            mfc: v.mfc, balance: v.balance, silhouette: v.silhouette, minClusterSize: v.minClusterSize, costRatio: 1)
                        func measure(_ p: GridSearch.Point) -> Measure {
                            Measure(mfc: p.mfc, balance: p.balance, silhouette: p.silhouette, minClusterSize: p.minClusterSize,
                                    costRatio: outcome.treeCostRatio(p))
                        }
                        vanilla.append(vanillaMeasure)
                        if compareRules {
                            for r in rules {
                                let own = GridSearch.Outcome(n: outcome.n, k: k, vanilla: v, points: outcome.points.filter { $0.rule == r })
                                let rec = own.recommendation(.mfc, criteria: criteria)
                                comparison.append(RuleComparison(
                                    dataset: ds, linkage: l, rule: r, seed: seed, vanillaMFC: v.mfc,
                                    recommendedMFC: rec.improved ? (rec.point?.mfc ?? v.mfc) : v.mfc, improved: rec.improved,
                                    frontArea: own.frontArea(minimumClusterSize: criteria.minimumClusterSize)))
                            }
                        }
                        runs += line(ds, l, seed, "vanilla", mfc: (nil, vanillaMeasure), balance: (nil, vanillaMeasure))
                        for (r, ruleValue) in rules.enumerated() {
                            let points = outcome.points.filter { $0.rule == ruleValue }
                            guard let bm = GridSearch.best(points, objective: .mfc), let bb = GridSearch.best(points, objective: .balance) else { continue }
                            fair[r].append(mfc: measure(bm), balance: measure(bb))
                            runs += line(ds, l, seed, "fhac-\(ruleValue.description)", mfc: (bm, measure(bm)), balance: (bb, measure(bb)))
                        }
                        // The recommendation (spec section 8); vanilla's partition when it does not improve.
                        let rm = outcome.recommendation(.mfc, criteria: criteria), rb = outcome.recommendation(.balance, criteria: criteria)
                        let pm = rm.improved ? rm.point : nil, pb = rb.improved ? rb.point : nil
                        recommended.append(mfc: pm.map(measure) ?? vanillaMeasure, balance: pb.map(measure) ?? vanillaMeasure)
                        recommended.improvedMFC! += pm == nil ? 0 : 1
                        recommended.improvedBalance! += pb == nil ? 0 : 1
                        runs += line(ds, l, seed, "fhac-recommended", mfc: (pm, pm.map(measure) ?? vanillaMeasure),
                                     balance: (pb, pb.map(measure) ?? vanillaMeasure))
                        let vanillaTree = try outcome.vanillaTree ?? HierarchicalClustering(linkage: l, parallelism: parallelism).fit(x)
                        levels[0].measures.append(try LevelComparison.measure(
                            tree: vanillaTree, observations: x, groups: groups, ideal: ideal, k: k, vanillaCost: v.dasguptaCost))
                        let recommendedTree = try pm.map { try search.model(rule: $0.rule, b: $0.b, d: $0.d).fit(x, groups: groups).dendrogram } ?? vanillaTree
                        levels[1].measures.append(try LevelComparison.measure(
                            tree: recommendedTree, observations: x, groups: groups, ideal: ideal, k: k, vanillaCost: v.dasguptaCost))
                        let post = try MakeFair().run(tree: vanillaTree, attributes: ProtectedAttributes(groups))
                        let postLevel = try LevelComparison.measure(post, observations: x, groups: groups, ideal: ideal, k: k, vanillaCost: v.dasguptaCost)
                        levels[2].measures.append(postLevel)
                        let postCount = post.tree.realClusterCount(atMost: k)
                        let postFairness = PartitionFairness(
                            labels: try post.dendrogram.labels(clusterCount: postCount), clusterCount: postCount, groups: groups, ideal: ideal)
                        let postMeasure = Measure(
                            mfc: postFairness.mfc, balance: postFairness.balance, silhouette: postLevel.silhouette,
                            minClusterSize: postFairness.clusters.map(\.size).min() ?? 0, costRatio: postLevel.costRatio)
                        makefair.append(postMeasure)
                        runs += line(ds, l, seed, "makefair", mfc: (nil, postMeasure), balance: (nil, postMeasure))
                        let afhacDistances = l == .average && !afhacSettings.isEmpty ? try DistanceMatrix(observations: x, metric: .euclidean) : nil
                        for (i, setting) in (afhacDistances != nil ? afhacSettings : []).enumerated() {
                            guard let afhacDistances else { break }
                            let cap = try setting.cap(groups)
                            let result = try FairletHierarchicalClustering(objective: setting.objective, cap: cap)
                                .fit(distances: afhacDistances, groups: groups)
                            let e = try PartitionEvaluation(
                                tree: result.dendrogram, clusterCount: k, observations: x, groups: groups, ideal: ideal, parallelism: parallelism)
                            let m = Measure(
                                mfc: e.mfc, balance: e.balance, silhouette: e.silhouette, minClusterSize: e.minClusterSize,
                                costRatio: e.dasguptaCost.flatMap { c in v.dasguptaCost.map { c / $0 } })
                            baselines[i].append(m)
                            levels[3 + i].measures.append(try LevelComparison.measure(
                                tree: result.dendrogram, observations: x, groups: groups, ideal: ideal, k: k, vanillaCost: v.dasguptaCost))
                            baselines[i].fairlets.append(Double(result.fairlets.count))
                            baselines[i].capShare.append(result.cap.maxShare)
                            runs += line(ds, l, seed, setting.name, mfc: (nil, m), balance: (nil, m))
                        }
                        done += 1
                        bar.update(done, total)
                    }
                    rows.append(vanilla)
                    rows += fair
                    rows.append(recommended)
                    rows.append(makefair)
                    rows += baselines
                    levelEntries += levels
                    status.done()
                    let sMin = recommendation.minimumClusterSize(n: n)
                    let degenerate = ([vanilla] + fair + [recommended, makefair] + baselines).compactMap { r -> String? in
                        let count = r.byMFC.filter { $0.minClusterSize < sMin }.count
                        guard count > 0 else { return nil }
                        // The recommendation falls back to vanilla's own partition where nothing fairer keeps the clustering.
                        let fallback = r.improvedMFC.map { r.byMFC.count - $0 } ?? 0
                        return "\(r.method) in \(count)/\(r.byMFC.count) seeds"
                            + (fallback > 0 ? " (vanilla's own partition in the \(fallback) seed\(fallback == 1 ? "" : "s") where nothing fairer kept the clustering)" : "")
                    }
                    if !quiet && !degenerate.isEmpty {
                        writeToStandardError("warning: \(ds.rawValue) \(l.rawValue): degenerate k = \(k) partitions (a cluster under \(sMin) points): "
                            + degenerate.joined(separator: ", ") + "\n")
                    }
                    if !quiet {
                        for r in [vanilla] + fair + [recommended, makefair] + baselines {
                            let silhouettes = r.silhouette.compactMap { $0 }
                            let smallest = r.byMFC.map(\.minClusterSize)
                            func padded(_ t: String, _ width: Int) -> String { t.count >= width ? t : t + String(repeating: " ", count: width - t.count) }
                            var text = padded(ds.rawValue, 10) + " " + padded(l.rawValue, 8) + " " + padded(r.method, 20)
                                + " MFC \(meanStd(r.mfc))  balance \(meanStd(r.balance))  silhouette \(meanStd(silhouettes))"
                                + "  smallest cluster " + (smallest.isEmpty ? "-" : "\(smallest.min() ?? 0)-\(smallest.max() ?? 0)")
                            if let improved = r.improvedMFC, improved < r.byMFC.count {
                                text += "  (improves on vanilla in \(improved)/\(r.byMFC.count) seeds; the others keep vanilla's partition)"
                            }
                            print(text)
                        }
                    }
                }
            }
            try staged.files.save(runs, "runs.csv")
            if compareRules {
                let (csv, md) = RuleComparison.tables(comparison, rules: rules)
                try staged.files.save(csv, "rules.csv")
                try staged.files.save(md, "rules.md")
            }
            if twoAttributes {
                let bar = ProgressBar(status, label: "two attributes", unit: "runs")
                let total = dataset.count * 2 * TwoAttributes.linkages.count * seeds
                var done = 0
                bar.update(0, total)
                let two = try TwoAttributes.run(
                    datasets: dataset, n: n, seeds: seeds, k: k, rules: rules, grid: (gridB, gridD), scale: scale,
                    criteria: { recommendation.criteria(n: $0) }, parallelism: parallelism,
                    progress: {
                        done += 1
                        bar.update(done, total)
                    })
                status.done()
                try staged.files.save(TwoAttributes.markdown(two, n: n, seeds: seeds, k: k), "two-attributes.md")
                try staged.files.save(TwoAttributes.csv(two), "two-attributes.csv")
                if !quiet { print(TwoAttributes.markdown(two, n: n, seeds: seeds, k: k)) }
            }
            try staged.files.save(ReproduceReport.tablesCSV(rows), "tables.csv")
            let toy = try ToyExample.run(k: k)
            try staged.files.save(toy.svg, "figure1.svg")
            let criteria = recommendation.criteria(n: n)
            let report = ReproduceReport.markdown(
                rows: rows, n: n, seeds: seeds, k: k, rules: rules, grid: (gridB, gridD), scale: scale, toy: toy,
                afhac: (afhacAlpha, afhacFairletSize), criteria: criteria)
            try staged.files.save(report + LevelComparison.markdown(levelEntries, n: n, k: k), "report.md")
            if self.report {
                let intro = "Subsamples of n = \(n) (seeds 0..\(seeds - 1)), k = \(k), features \(scale.rawValue); FHAC rules "
                    + rules.map(\.description).joined(separator: ", ") + " searched per seed (fairest per rule, and the recommended setting); mean ± sample standard deviation over the seeds. "
                    + "Paper columns: the paper's own numbers (its n and k are unknown). Details in report.md."
                try staged.files.save(ReproduceHTML.html(
                    rows: rows, intro: intro, k: k, n: n, toy: toy, criteria: criteria, levels: levelEntries), "report.html")
            }
            try staged.files.save(String(format: "{\n  \"total_seconds\" : %.3f\n}\n", (clock.now - started).seconds), "timings.json")
            try staged.commit()
            if !quiet { print("wrote \(out)/report.md, tables.csv, runs.csv, figure1.svg" + (self.report ? ", report.html" : "")) }
        }
    }
}

/// One line of runs.csv: the partitions chosen for MFC and for balance, with their settings.
private func line(
    _ ds: BundledDataset, _ l: Linkage, _ seed: Int, _ method: String,
    mfc: (GridSearch.Point?, ReproduceCommand.Measure), balance: (GridSearch.Point?, ReproduceCommand.Measure)
) -> String {
    func part(_ p: GridSearch.Point?, _ m: ReproduceCommand.Measure, _ value: Double) -> String {
        [p.map { $0.rule.description } ?? "", p.map { "\($0.b)" } ?? "", p.map { "\($0.d)" } ?? "", "\(value)",
         m.silhouette.map { "\($0)" } ?? "", "\(m.minClusterSize)", m.costRatio.map { "\($0)" } ?? ""].joined(separator: ",")
    }
    return "\(ds.rawValue),\(l.rawValue),\(seed),\(method)," + part(mfc.0, mfc.1, mfc.1.mfc) + "," + part(balance.0, balance.1, balance.1.balance) + "\n"
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
