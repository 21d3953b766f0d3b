import ArgumentParser
import FairHACCore
import FairHACIO
import Foundation

extension GridSearch.Objective: ExpressibleByArgument {}

struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Grid-search the fair schedule (b, d) and report the fairness/quality trade-off.",
        discussion: """
            Every grid point is clustered from one shared distance matrix, in parallel on all cores. \
            Writes into --out: grid.csv (b, d, rule, mfc, balance, silhouette, seconds), pareto.csv \
            (points not dominated in fairness vs silhouette), best.json (best setting per objective, \
            vanilla HAC beside it) and with --report report.html (heat maps and Pareto scatter). The gain rule ignores b, so it is evaluated at b = 0 only.
            """
    )

    @OptionGroup(title: "Input") var input: InputOptions

    @OptionGroup(title: "Clustering") var clustering: ClusteringOptions
    var linkage: Linkage { clustering.linkage }
    var metric: Metric { clustering.metric }
    var k: Int { clustering.k }

    @Option(help: "The fairness metric to optimise: mfc (lowest) or balance (highest).")
    var objective: GridSearch.Objective = .mfc

    @Option(parsing: .upToNextOption, help: "Rules to search.")
    var rule: [SelectionRule] = [.gain]

    @Option(help: "Comma-separated values of b (default: a grid suited to the schedule argument).")
    var gridB: String?

    @Option(help: "Comma-separated values of d (default: a grid suited to the schedule argument).")
    var gridD: String?

    @OptionGroup(title: "Schedule")
    var scheduleOptions: ScheduleOptions
    var schedule: FairnessSchedule.Family { scheduleOptions.schedule }
    var scheduleArg: FairnessSchedule.Argument { scheduleOptions.scheduleArg }

    @Option(help: "Ideal group shares: data, uniform, or comma-separated shares in group order (e.g. 0.6,0.4).")
    var ideal: String = "data"

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
            let budget = resources.memoryLimit.flatMap(SystemMemory.parseSize) ?? SystemMemory.availableBytes()
            let staged = try OutputDirectory(output.out)
            let data = try input.load(metric: metric, memoryBudget: budget)
            guard case .features(let x, let metric) = data.content, let groups = data.groups else {
                throw DataError("tune needs features and groups")
            }
            guard k <= x.count else { throw DataError("-k \(k) is larger than the number of observations (\(x.count))") }
            let parallelism = resources.threads.map { Parallelism(threads: $0) } ?? .allCores
            let threads = parallelism.threads
            try MemoryEstimate.check(
                MemoryEstimate(observations: x.count, dimension: x.dimension, linkage: linkage, input: .features, fair: true),
                budget: budget.map { $0 / (threads + 1) })
            let paperGrid = scheduleArg == .merges
            let search = GridSearch(
                linkage: linkage, clusterCount: k, rules: rule.enumerated().filter { i, r in !rule.prefix(i).contains(r) }.map(\.element),
                gridB: try values(gridB, "--grid-b") ?? (paperGrid ? GridSearch.paperGrid : GridSearch.defaultGridB),
                gridD: try values(gridD, "--grid-d") ?? (paperGrid ? GridSearch.paperGrid : GridSearch.defaultGridD),
                family: schedule, argument: scheduleArg, ideal: try FairOptions.idealShares(ideal),
                parallelism: parallelism)
            let bar = ProgressBar(status, label: "tuning", unit: "points")
            let points = try search.run(x, groups: groups, metric: metric) { done, total in bar.update(done, total) }
            status.done()
            // Vanilla reference.
            let vanillaTree = try HierarchicalClustering(linkage: linkage, parallelism: parallelism).fit(x, metric: metric)
            let vanillaLabels = try vanillaTree.labels(clusterCount: k)
            let idealShares = try FairOptions.idealShares(ideal).resolve(for: groups)
            let vanillaFairness = PartitionFairness(labels: vanillaLabels, clusterCount: k, groups: groups, ideal: idealShares)
            let vanillaSilhouette = try? Silhouette.score(x, labels: vanillaLabels, parallelism: parallelism)

            func csv(_ pts: [GridSearch.Point], seconds: Bool) -> String {
                var s = "b,d,rule,mfc,balance,silhouette" + (seconds ? ",seconds" : "") + "\n"
                for p in pts {
                    s += "\(p.b),\(p.d),\(p.rule.rawValue),\(fmt(p.mfc)),\(fmt(p.balance)),\(p.silhouette.map(fmt) ?? "")"
                    s += seconds ? String(format: ",%.4f\n", p.seconds) : "\n"
                }
                return s
            }
            try csv(points, seconds: true).write(toFile: staged.path + "/grid.csv", atomically: true, encoding: .utf8)
            try csv(GridSearch.paretoFront(points, objective: objective), seconds: false)
                .write(toFile: staged.path + "/pareto.csv", atomically: true, encoding: .utf8)
            var best: [String: Any] = [
                "vanilla": [
                    "mfc": vanillaFairness.mfc, "balance": vanillaFairness.balance,
                    "silhouette": vanillaSilhouette.map { $0 as Any } ?? NSNull(),
                ] as [String: Any],
                "linkage": linkage.rawValue, "k": k, "n": x.count, "schedule": schedule.rawValue,
                "schedule_arg": scheduleArg.rawValue, "objective": objective.rawValue, "grid_points": points.count,
            ]
            var lines = ["\(data.summary.source): n = \(x.count), \(linkage.rawValue) linkage, k = \(k), \(points.count) grid points"]
            lines.append(String(format: "vanilla: MFC %.4f, balance %.4f, silhouette %@", vanillaFairness.mfc, vanillaFairness.balance,
                                vanillaSilhouette.map { String(format: "%.4f", $0) } ?? "undefined"))
            for o in GridSearch.Objective.allCases {
                guard let p = GridSearch.best(points, objective: o) else { continue }
                best["best_\(o.rawValue)"] = [
                    "rule": p.rule.rawValue, "b": p.b, "d": p.d, "mfc": p.mfc, "balance": p.balance,
                    "silhouette": p.silhouette.map { $0 as Any } ?? NSNull(),
                ] as [String: Any]
                lines.append(String(format: "best %@: rule %@, b %g, d %g -> MFC %.4f, balance %.4f, silhouette %@",
                                    o.rawValue, p.rule.rawValue, p.b, p.d, p.mfc, p.balance,
                                    p.silhouette.map { String(format: "%.4f", $0) } ?? "undefined"))
            }
            let json = try JSONSerialization.data(withJSONObject: best, options: [.prettyPrinted, .sortedKeys])
            try (json + Data("\n".utf8)).write(to: URL(fileURLWithPath: staged.path + "/best.json"))
            if output.report {
                let html = try TuneReport.html(
                    points: points, objective: objective,
                    vanilla: (vanillaFairness.mfc, vanillaFairness.balance, vanillaSilhouette),
                    metadata: [lines[0], "schedule \(schedule.rawValue), argument \(scheduleArg.rawValue), objective \(objective.rawValue)"],
                    bestLines: Array(lines.dropFirst()))
                try ResultFiles(directory: staged.path).save(html, "report.html")
            }
            try staged.commit()
            if !output.quiet { print(lines.joined(separator: "\n")) }
        }
    }
}

private func fmt(_ v: Double) -> String { String(format: "%.17g", v) }
