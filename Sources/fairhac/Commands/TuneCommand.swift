import ArgumentParser
import FairHACCore
import FairHACIO
import FairHACReport
import Foundation

extension GridSearch.Objective: ExpressibleByArgument {}

struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Grid-search the fair schedule (b, d) and report the fairness/quality trade-off.",
        discussion: """
            Every grid point is clustered from one shared distance matrix, in parallel on --threads cores, \
            through the same fit as `fairhac cluster --fair`. The recommended setting per objective \
            (MFC, balance) is the fairest grid point whose k-partition is not degenerate (every cluster of at \
            least --min-cluster-size points) and loses at most --max-quality-loss of vanilla HAC's silhouette; \
            it counts only when fairer than vanilla, else the answer is "no improvement". \
            Writes into --out: grid.csv (b, d, rule, mfc, balance, silhouette, min_cluster_size, degenerate, \
            quality_loss, tree_cost_ratio, seconds), pareto.csv (the non-degenerate points not dominated in \
            fairness vs silhouette), best.json (the recommendation per objective, the unconstrained fairest \
            point per objective, vanilla HAC beside them) and with --report report.html (heat maps and Pareto \
            scatter). Rules that do not read b (gain) are evaluated at b = 0 only.
            """
    )

    @OptionGroup(title: "Input") var input: InputOptions

    @OptionGroup(title: "Clustering") var clustering: ClusteringOptions
    var linkage: Linkage { clustering.linkage }
    var metric: Metric { clustering.metric }
    var k: Int { clustering.k }

    @Option(name: .customLong("objective"), help: ArgumentHelp(
        "The fairness metric to optimise: mfc (lowest) or balance (highest).\(requestDefault(.autoObjective))", valueName: "objective"))
    var objectiveOption: GridSearch.Objective?
    var objective: GridSearch.Objective { objectiveOption ?? requestDefaults.autoObjective }

    @Option(parsing: .upToNextOption, help: "Rules to search.")
    var rule: [SelectionRule] = ClusteringRequest.defaultAutoRules.compactMap { SelectionRule(spec: $0) }

    @Option(help: "Comma-separated values of b (default: a grid suited to the schedule argument).")
    var gridB: String?

    @Option(help: "Comma-separated values of d (default: a grid suited to the schedule argument).")
    var gridD: String?

    @OptionGroup(title: "Schedule")
    var scheduleOptions: ScheduleOptions
    var schedule: FairnessSchedule.Family { scheduleOptions.schedule }
    var scheduleArg: FairnessSchedule.Argument { scheduleOptions.scheduleArg }

    @Option(help: ArgumentHelp(
        "Ideal group shares: data, uniform, or comma-separated shares in group order (e.g. 0.6,0.4).\(requestDefault(.ideal))", valueName: "ideal"))
    var ideal: String?

    @Option(help: "Acceptance test of the paper rule, when it is searched.")
    var paperVariant: PaperVariant = .literal

    @Flag(help: "Run the paper rule even when its estimated time exceeds 120 s.")
    var force = false

    @OptionGroup(title: "Large data") var summaryOptions: SummaryOptions
    @OptionGroup(title: "Recommendation") var recommendation: RecommendationOptions

    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Resources") var resources: ResourceOptions

    func validate() throws {
        if input.group == nil && input.dataset == nil {
            throw ValidationError("tune needs the protected groups: --group COLUMN or --dataset")
        }
        if input.inputKind == .distances { throw ValidationError("tune works on features (silhouette needs them)") }
        if k < 2 { throw ValidationError("-k must be at least 2") }
        _ = try FairOptions.idealShares(ideal)
        _ = try values(gridB, "--grid-b")
        _ = try values(gridD, "--grid-d")
    }

    private func values(_ text: String?, _ name: String) throws -> [Double]? {
        guard let text else { return nil }
        let v = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !v.isEmpty, v.allSatisfy({ $0 != nil && $0! >= 0 }) else {
            throw ValidationError("\(name): expected comma-separated non-negative numbers, got '\(text)'")
        }
        return v.map { $0! }
    }

    func run() throws {
        try reportingErrors {
            let status = StatusLine(quiet: output.quiet)
            let budget = SystemMemory.budget(limit: resources.memoryLimit)
            let staged = try OutputDirectory(output.out, inputs: input.inputPaths)
            let data = try input.load(metric: metric, memoryBudget: budget)
            guard case .features(let x, let metric) = data.content, let groups = data.attributes else {
                throw DataError("tune needs features and groups")
            }
            guard k <= x.count else { throw DataError("-k \(k) is larger than the number of observations (\(x.count))") }
            let parallelism = resources.parallelism(quiet: output.quiet)
            let threads = parallelism.threads
            var formRequest = ClusteringRequest(nClusters: k)
            (formRequest.form, formRequest.microClusters) = (summaryOptions.form, summaryOptions.microClusters)
            let decision = try FormDecision.decide(
                formRequest, n: x.count, d: x.dimension, features: true, linkage: linkage, fair: true, afhac: false,
                form: .automatic, budget: budget, threads: threads, spelling: .cli)
            if let note = decision.note, !output.quiet { writeToStandardError("note: \(note)\n") }
            var summarised: (run: SummarisedClustering, summary: MicroClusters)?
            if let m = decision.microClusters {
                var run = SummarisedClustering(
                    clustering: HierarchicalClustering(linkage: linkage, parallelism: parallelism, memoryBudget: budget), microClusters: m,
                    seed: summaryOptions.summarySeed)
                run.sampleSeed = summaryOptions.summarySeed
                status.say("summarising \(x.count) observations…")
                summarised = (run, try run.summariser.summarise(x, groups: groups))
            }
            try GridSearch.checkMemory(
                n: summarised?.summary.count ?? x.count, dimension: x.dimension, linkage: linkage, budget: budget, threads: threads)
            var gridRequest = ClusteringRequest(nClusters: k)
            gridRequest.scheduleArg = scheduleArg
            let defaultGrids = gridRequest.autoGrids
            let rules = rule.map { SelectionRule(name: $0.name, paperVariant: paperVariant) ?? $0 }
            var search = GridSearch(
                linkage: linkage, clusterCount: k, rules: rules.enumerated().filter { i, r in !rules.prefix(i).contains(r) }.map(\.element),
                gridB: try values(gridB, "--grid-b") ?? defaultGrids.b,
                gridD: try values(gridD, "--grid-d") ?? defaultGrids.d,
                family: schedule, argument: scheduleArg, ideal: try FairOptions.idealShares(ideal),
                parallelism: parallelism, force: force)
            search.memoryBudget = budget
            let bar = ProgressBar(status, label: "tuning", unit: "points")
            let outcome = try summarised.map { s in
                try search.run(
                    summarised: x, attributes: groups, metric: metric, configuration: s.run, summary: s.summary,
                    sampleSeed: summaryOptions.summarySeed
                ) { done, total in bar.update(done, total) }
            } ?? search.run(x, attributes: groups, metric: metric) { done, total in bar.update(done, total) }
            status.done()
            let points = outcome.points
            let criteria = recommendation.criteria(n: x.count)
            let vanilla = outcome.vanilla

            func csv(_ pts: [GridSearch.Point], seconds: Bool) -> String {
                // Several attributes (spec section 9): each one's MFC and balance after the combined ones.
                let each = groups.sources.count > 1 ? groups.sourceNames : []
                var s = "b,d,rule,mfc,balance," + each.map { "mfc_\($0),balance_\($0)," }.joined()
                    + "silhouette,min_cluster_size,degenerate,quality_loss,tree_cost_ratio" + (seconds ? ",seconds" : "") + "\n"
                for p in pts {
                    s += "\(p.b),\(p.d),\(p.rule.name),\(fmt(p.mfc)),\(fmt(p.balance)),"
                    if !each.isEmpty {
                        s += zip(p.evaluation.attributeMFC, p.evaluation.attributeBalance).map { "\(fmt($0)),\(fmt($1))," }.joined()
                    }
                    s += "\(p.silhouette.map(fmt) ?? ""),"
                    s += "\(p.minClusterSize),\(p.evaluation.isDegenerate(minimumSize: criteria.minimumClusterSize)),"
                    s += "\(outcome.qualityLoss(p).map(fmt) ?? ""),\(outcome.treeCostRatio(p).map(fmt) ?? "")"
                    s += seconds ? String(format: ",%.4f\n", p.seconds) : "\n"
                }
                return s
            }
            try staged.files.save(csv(points, seconds: true), "grid.csv")
            try staged.files.save(csv(outcome.paretoFront(objective, minimumClusterSize: criteria.minimumClusterSize), seconds: false), "pareto.csv")
            var best: [String: Any] = [
                "vanilla": [
                    "mfc": vanilla.mfc, "balance": vanilla.balance,
                    "silhouette": vanilla.silhouette.map { $0 as Any } ?? NSNull(),
                    "min_cluster_size": vanilla.minClusterSize,
                    "degenerate": vanilla.isDegenerate(minimumSize: criteria.minimumClusterSize),
                ] as [String: Any],
                "linkage": linkage.rawValue, "k": k, "n": x.count, "schedule": schedule.rawValue,
                "schedule_arg": scheduleArg.rawValue, "objective": objective.rawValue, "grid_points": points.count,
                "max_quality_loss": criteria.maxQualityLoss, "min_cluster_size": criteria.minimumClusterSize,
            ]
            if rules.contains(where: { $0.name == "paper" }) { best["paper_variant"] = paperVariant.rawValue }
            var lines = ["\(data.summary.source): n = \(x.count), \(linkage.rawValue) linkage, k = \(k), \(points.count) grid points"]
            var recommended: [String: Any] = [:], details: [String: Any] = [:]
            var recommendationLines: [String] = []
            for o in GridSearch.Objective.allCases {
                let r = outcome.recommendation(o, criteria: criteria)
                recommended[o.rawValue] = try jsonObject(RecommendationRecord(r, outcome: outcome))
                details[o.rawValue] = try jsonObject(RecommendationDetails(r, outcome: outcome))
                let line = "recommended for \(o.rawValue): " + r.line(outcome: outcome)
                if o == objective { recommendationLines.insert(line, at: 0) } else { recommendationLines.append(line) }
                if !r.improved {
                    for c in r.closestCandidates {
                        let p = c.point
                        recommendationLines.append("  closest for \(o.rawValue): \(p.rule), b \(gridValue(p.b)), d \(gridValue(p.d)) -> MFC \(ReportNumber.fixed(p.mfc, decimals: 4)), "
                            + "balance \(ReportNumber.fixed(p.balance, decimals: 4)), silhouette \(p.silhouette.map { ReportNumber.fixed($0, decimals: 4) } ?? "undefined"): \(c.reason)")
                    }
                }
            }
            if groups.sources.count > 1 {
                func perAttribute(_ e: PartitionEvaluation) -> String {
                    groups.sourceNames.indices.map {
                        "\(groups.sourceNames[$0]) MFC \(ReportNumber.fixed(e.attributeMFC[$0], decimals: 4)), balance \(ReportNumber.fixed(e.attributeBalance[$0], decimals: 4))"
                    }.joined(separator: "; ")
                }
                recommendationLines.append("attributes (\(groups.mode.rawValue)), combined objective; vanilla: " + perAttribute(vanilla))
                if let p = outcome.recommendation(objective, criteria: criteria).point {
                    recommendationLines.append("attributes, recommended for \(objective.rawValue): " + perAttribute(p.evaluation))
                }
                best["attributes"] = ["mode": groups.mode.rawValue, "names": groups.sourceNames] as [String: Any]
            }
            best["recommended"] = recommended
            best["recommendation_details"] = details
            lines += recommendationLines
            lines.append(String(format: "vanilla: MFC %.4f, balance %.4f, silhouette %@, smallest cluster %d%@", vanilla.mfc, vanilla.balance,
                                vanilla.silhouette.map { String(format: "%.4f", $0) } ?? "undefined", vanilla.minClusterSize,
                                vanilla.isDegenerate(minimumSize: criteria.minimumClusterSize) ? " (degenerate)" : ""))
            for o in GridSearch.Objective.allCases {
                guard let p = outcome.fairest(o) else { continue }
                best["best_\(o.rawValue)"] = [
                    "rule": p.rule.name, "b": p.b, "d": p.d, "mfc": p.mfc, "balance": p.balance,
                    "silhouette": p.silhouette.map { $0 as Any } ?? NSNull(), "min_cluster_size": p.minClusterSize,
                    "degenerate": p.evaluation.isDegenerate(minimumSize: criteria.minimumClusterSize),
                ] as [String: Any]
                var flags: [String] = []
                if p.evaluation.isDegenerate(minimumSize: criteria.minimumClusterSize) {
                    flags.append("DEGENERATE: smallest cluster \(p.minClusterSize) < \(criteria.minimumClusterSize)")
                }
                if o.goodness(p) <= o.goodness(mfc: vanilla.mfc, balance: vanilla.balance) { flags.append("NOT FAIRER THAN VANILLA") }
                if let loss = outcome.qualityLoss(p), loss > criteria.maxQualityLoss {
                    flags.append("silhouette loss \(ReportNumber.fixed(loss, decimals: 3)) > \(ReportNumber.fixed(criteria.maxQualityLoss, decimals: 3))")
                }
                lines.append(String(format: "fairest by %@ (unconstrained): rule %@, b %@, d %@ -> MFC %.4f, balance %.4f, silhouette %@",
                                    o.rawValue, p.rule.description, gridValue(p.b), gridValue(p.d), p.mfc, p.balance,
                                    p.silhouette.map { String(format: "%.4f", $0) } ?? "undefined")
                             + (flags.isEmpty ? "" : " [" + flags.joined(separator: "; ") + "]"))
            }
            if !output.quiet, let warning = degenerateWarning(
                sizes: vanilla.clusterSizes, minimumSize: criteria.minimumClusterSize, what: "vanilla HAC's k = \(k) partition")
            {
                writeToStandardError("warning: \(warning)\n")
            }
            let json = try JSONSerialization.data(withJSONObject: best, options: [.prettyPrinted, .sortedKeys])
            try staged.files.save(json + Data("\n".utf8), "best.json")
            if output.report {
                let html = try TuneReport.html(
                    outcome: outcome, objective: objective, criteria: criteria,
                    metadata: [lines[0], "schedule \(schedule.rawValue), argument \(scheduleArg.rawValue), objective \(objective.rawValue)"],
                    bestLines: Array(lines.dropFirst()))
                try staged.files.save(html, "report.html")
            }
            try staged.commit()
            if !output.quiet { print(lines.joined(separator: "\n")) }
        }
    }

}

/// An Encodable value as a JSONSerialization object, to embed in a hand-built dictionary.
private func jsonObject<T: Encodable>(_ value: T) throws -> Any {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return try JSONSerialization.jsonObject(with: encoder.encode(value))
}

private func fmt(_ v: Double) -> String { String(format: "%.17g", v) }
