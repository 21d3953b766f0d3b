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

    @Option(help: "fast: screen every setting on a coarse summary (1000 micro-clusters), confirm the best on the data, refine around them; grid: every setting on the data (the full grid).")
    var search: SearchStrategy = .fast

    /// The options as the core's request: the CLI decides nothing else.
    var request: ClusteringRequest {
        var r = ClusteringRequest(nClusters: k)
        r.method = .fhac
        r.auto = true
        r.linkage = linkage
        r.metric = metric
        r.autoObjective = objective
        let rules = rule.map { SelectionRule(name: $0.name, paperVariant: paperVariant) ?? $0 }
        r.autoRules = rules.enumerated().filter { i, rule in !rules.prefix(i).contains(rule) }.map(\.element.spec)
        r.gridB = try? values(gridB, "--grid-b")
        r.gridD = try? values(gridD, "--grid-d")
        r.schedule = schedule
        r.scheduleArg = scheduleArg
        r.ideal = ideal
        r.force = force
        r.search = search
        (r.form, r.microClusters, r.summarySeed) = (summaryOptions.form, summaryOptions.microClusters, summaryOptions.summarySeed)
        r.maxQualityLoss = recommendation.maxQualityLoss
        r.minClusterSize = recommendation.minClusterSize
        r.memoryLimit = resources.memoryLimit.flatMap(SystemMemory.parseSize)
        r.nJobs = resources.threads
        r.groupMode = input.groupMode
        r.mergeRare = input.mergeRare
        r.rareFloor = input.rareFloor
        return r
    }

    func validate() throws {
        if input.group == nil && input.dataset == nil {
            throw ValidationError("tune needs the protected groups: --group COLUMN or --dataset")
        }
        if input.inputKind == .distances { throw ValidationError("tune works on features (silhouette needs them)") }
        if k < 2 { throw ValidationError("-k must be at least 2") }
        _ = try FairOptions.idealShares(ideal)
        _ = try values(gridB, "--grid-b")
        _ = try values(gridD, "--grid-d")
        do { try request.validate(.cli) } catch let e as ClusteringError { throw ValidationError(e.description) }
    }

    private func values(_ text: String?, _ name: String) throws -> [Double]? {
        guard let text else { return nil }
        let v = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !v.isEmpty, v.allSatisfy({ $0 != nil && $0! >= 0 && $0!.isFinite }) else {
            throw ValidationError("\(name): expected comma-separated non-negative numbers, got '\(text)'")
        }
        return v.map { $0! }
    }

    func run() throws {
        try reportingErrors {
            let status = StatusLine(quiet: output.quiet)
            let clock = ContinuousClock()
            let started = clock.now
            let request = self.request
            let staged = try OutputDirectory(output.out, inputs: input.inputPaths)
            status.say("reading data…")
            let data = try input.load(metric: metric, memoryBudget: request.memoryBudget)
            let quiet = output.quiet
            let display = SearchDisplay(status, quiet: quiet, label: "tuning")
            let observer = PipelineObserver(
                stage: { status.say($0) },
                notice: { notice in if !quiet { writeToStandardError(noticeLine(notice)) } },
                search: { display.update($0) })
            let tuning = try TuningPipeline(request, spelling: .cli).run(on: data.pipelineData, observer: observer)
            status.done()
            let lines = TuneText.lines(tuning, source: data.summary.source)
            try staged.files.save(TuningTables.grid(tuning), "grid.csv")
            try staged.files.save(TuningTables.pareto(tuning), "pareto.csv")
            if let screen = TuningTables.screen(tuning) { try staged.files.save(screen, "screen.csv") }
            try staged.files.save(try TuningSummary(tuning, request: request).json(), "best.json")
            if !quiet, let warning = degenerateWarning(
                sizes: tuning.outcome.vanilla.clusterSizes, minimumSize: tuning.criteria.minimumClusterSize,
                what: "vanilla HAC's k = \(k) partition")
            {
                writeToStandardError("warning: \(warning)\n")
            }
            if output.report {
                let html = try TuneReport.html(
                    outcome: tuning.outcome, objective: objective, criteria: tuning.criteria,
                    metadata: [lines[0], "schedule \(schedule.rawValue), argument \(scheduleArg.rawValue), objective \(objective.rawValue)"],
                    bestLines: Array(lines.dropFirst()))
                try staged.files.save(html, "report.html")
            }
            try staged.files.writeTimings(["search_seconds": tuning.search.seconds, "total_seconds": (clock.now - started).seconds])
            try staged.commit()
            if !quiet { print(lines.joined(separator: "\n")) }
        }
    }
}
