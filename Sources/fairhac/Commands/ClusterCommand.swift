import ArgumentParser
import FairHACCore
import FairHACIO
import Foundation

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Build a dendrogram and cut it into k clusters.",
        discussion: """
            Writes into --out (with --report also report.html): linkage.csv and linkage.npy (scipy's Z), labels.csv (row,cluster,group), \
            summary.json (options, cluster sizes, quality, and MFC, balance and the fairness profile when \
            --group is given), tree.nwk and tree.json (the tree with group counts per node; above \
            1,000,000 rows only with --write-trees) and \
            timings.json (run times; the only output that varies between identical runs).
            The k clusters are the first n-k merges, never a cut at a height.
            """
    )

    @OptionGroup(title: "Input") var input: InputOptions

    @OptionGroup(title: "Clustering") var clustering: ClusteringOptions

    @OptionGroup(title: "Fair merging (FHAC)") var fairness: FairOptions
    @OptionGroup(title: "AFHAC baselines") var afhac: AFHACOptions
    @OptionGroup(title: "Fair at every level") var makefair: MakeFairOptions
    @Flag(help: "Skip the quality metrics (silhouette, tree objectives); above n = 20000 the silhouette is measured on a seeded sample.")
    var noQuality = false
    @Flag(help: "Write tree.nwk and tree.json above 1,000,000 rows too (below, they are always written; linkage.npy holds the same tree).")
    var writeTrees = false
    @Option(name: .customLong("hac-form"), help: """
        Vanilla ward, centroid and median on features: auto (the centroid form up to d = \(HierarchicalClustering.vectorMaxDimension), \
        and at any d from n = \(HierarchicalClustering.vectorMinCount) on), \
        matrix (condensed distance matrix) or vectors (cluster centroids, O(n d) memory). summary.json's "algorithm" says what ran.\(requestDefault(.hacForm))
        """)
    var hacForm: HierarchicalClustering.Form?

    @OptionGroup(title: "Large data") var summaryOptions: SummaryOptions
    @OptionGroup(title: "Recommendation") var recommendation: RecommendationOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Report") var reportOptions: DendrogramReportOptions
    @OptionGroup(title: "Resources") var resources: ResourceOptions

    /// The options as the core's request: only the options given are set, so the request's own
    /// defaults apply to the rest (the CLI decides nothing else).
    var request: ClusteringRequest {
        var r = ClusteringRequest(nClusters: clustering.k)
        clustering.linkageOption.map { r.linkage = $0 }
        clustering.metricOption.map { r.metric = $0 }
        fairness.apply(to: &r)
        recommendation.maxQualityLossOption.map { r.maxQualityLoss = $0 }
        r.minClusterSize = recommendation.minClusterSize
        (r.alpha, r.ratio, r.eps, r.fairletSeed) = (afhac.alpha, afhac.ratio, afhac.epsOption, afhac.fairletSeedOption)
        (r.makefairVariant, r.makefairH, r.makefairK, r.makefairEps) = (makefair.makefairVariant, makefair.makefairH, makefair.makefairK, makefair.makefairEps)
        makefair.levelTolerance.map { r.levelTolerance = $0 }
        summaryOptions.formOption.map { r.form = $0 }
        r.microClusters = summaryOptions.microClusters
        summaryOptions.summarySeedOption.map { r.summarySeed = $0 }
        hacForm.map { r.hacForm = $0 }
        input.groupModeOption.map { r.groupMode = $0 }
        clustering.precision.map { r.precision = $0 }
        r.mergeRare = input.mergeRare
        input.rareFloorOption.map { r.rareFloor = $0 }
        r.computeQuality = !noQuality
        r.memoryLimit = resources.memoryLimit.flatMap(SystemMemory.parseSize)
        r.nJobs = resources.threads
        return r
    }

    func validate() throws {
        // Before reading any data: whether the options give groups is the command line's to say.
        let method = fairness.resolvedMethod
        if method.needsGroups && input.group == nil && input.dataset == nil && input.groupFile == nil {
            throw ValidationError("--method \(method.rawValue) needs the protected groups: --group COLUMN (or --group-file with a .npy FILE or distances)")
        }
        if makefair.tree != nil && fairness.resolvedMethod != .makefair {
            throw ValidationError("--tree configures the post-processing; use --method makefair")
        }
        if makefair.tree != nil && input.sample != nil {
            throw ValidationError("--tree is a tree over every row of the file, in order; it cannot be combined with --sample (a subsample's rows differ)")
        }
        do { try request.validate(.cli) } catch let e as ClusteringError { throw ValidationError(e.description) }
    }

    func run() throws {
        try reportingErrors {
            let status = StatusLine(quiet: output.quiet)
            let clock = ContinuousClock()
            let started = clock.now
            let request = self.request
            let staged = try OutputDirectory(output.out, inputs: input.inputPaths + [makefair.tree].compactMap { $0 })
            status.say("reading data…")
            let data = try input.load(metric: request.metric, memoryBudget: request.memoryBudget)
            let readTime = clock.now - started
            var pipelineData = data.pipelineData
            if let path = makefair.tree {
                pipelineData.inputTree = (try LinkageMatrixReader.read(path: path, expectedLeaves: pipelineData.count), path)
            }
            let quiet = output.quiet
            let display = SearchDisplay(status, quiet: quiet, label: "choosing the fair setting")
            var observer = PipelineObserver(
                stage: { status.say($0) },
                progress: { label, unit in
                    guard status.enabled else { return nil }
                    let bar = ProgressBar(status, label: label, unit: unit)
                    return { done, total in bar.update(done, total) }
                },
                notice: { notice in
                    // The auto fallback is in the notes printed at the end.
                    guard !quiet, notice.kind != .autoFallback else { return }
                    writeToStandardError(noticeLine(notice))
                })
            observer.search = { display.update($0) }
            let outcome = try ClusteringPipeline(request, spelling: .cli).run(on: pipelineData, observer: observer)
            status.say("writing results…")
            let summary = ClusteringSummary(outcome, input: data.summary, groupColumn: data.groupColumn)
            let notes = data.notes + outcome.notes
            let writeStart = clock.now
            let trees = writeTrees || data.count <= ResultFiles.treeRowLimit
            if !trees && !output.quiet {
                writeToStandardError(
                    "note: \(data.count) rows: tree.nwk and tree.json are not written above \(ResultFiles.treeRowLimit) rows "
                        + "(linkage.npy holds the same tree); --write-trees writes them\n")
            }
            try staged.files.write(
                tree: outcome.tree, labels: outcome.labels, rowIndices: data.rowIndices, attributes: data.attributes, summary: summary,
                treeJSON: try outcome.postProcessing.map { try TreeExport.json($0.nary, attributes: data.attributes) },
                composition: outcome.fairness?.composition, trees: trees)
            var timings = outcome.seconds.merging(outcome.auto.map { ["auto_search_seconds": $0.search.seconds] } ?? [:]) { a, _ in a }
            timings.merge([
                "read_seconds": readTime.seconds, "write_seconds": (clock.now - writeStart).seconds,
            ]) { a, _ in a }
            if output.report {
                status.say("report…")
                let html = try ClusterReport.html(.init(
                    summary: summary, tree: outcome.tree, labels: outcome.labels, attributes: data.attributes, ideal: outcome.ideal,
                    fairness: outcome.fairness, vanilla: outcome.vanilla, rowIndices: data.rowIndices, notes: notes, maxLeaves: reportOptions.reportLeaves,
                    observations: pipelineData.features, tolerance: request.levelTolerance))
                try staged.files.save(html, "report.html")
            }
            timings["total_seconds"] = (clock.now - started).seconds
            try staged.files.writeTimings(timings)
            try staged.commit()
            status.done()
            if !output.quiet {
                let place = output.out == OutputOptions.defaultDirectory
                    ? "\(output.out)/ (the default; choose the folder with --out)" : output.out
                print(HumanSummary.text(summary, notes: notes, place: place, clusterSeconds: outcome.seconds["cluster_seconds"] ?? 0))
            }
        }
    }
}
