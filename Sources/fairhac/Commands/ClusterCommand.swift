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
            --group is given), tree.nwk and tree.json (the tree with group counts per node) and \
            timings.json (run times; the only output that varies between identical runs).
            The k clusters are the first n-k merges, never a cut at a height.
            """
    )

    @OptionGroup(title: "Input") var input: InputOptions

    @OptionGroup(title: "Clustering") var clustering: ClusteringOptions
    var linkage: Linkage { clustering.linkage }
    var metric: Metric { clustering.metric }
    var k: Int { clustering.k }

    @OptionGroup(title: "Fair merging (FHAC)") var fairness: FairOptions
    @OptionGroup(title: "AFHAC baselines") var afhac: AFHACOptions
    @OptionGroup(title: "Fair at every level") var makefair: MakeFairOptions
    var method: ClusteringMethod { fairness.resolvedMethod }
    @Flag(help: "Skip the quality metrics (silhouette, tree objectives); they are skipped anyway above n = 20000.")
    var noQuality = false
    @Option(help: """
        Vanilla ward, centroid and median on features: auto (the centroid form up to d = \(HierarchicalClustering.vectorMaxDimension), \
        and at any d from n = \(HierarchicalClustering.vectorMinCount) on), \
        matrix (condensed distance matrix) or vectors (cluster centroids, O(n d) memory). summary.json's "algorithm" says what ran.
        """)
    var hacForm: HierarchicalClustering.Form = .automatic

    @OptionGroup(title: "Large data") var summaryOptions: SummaryOptions
    @OptionGroup(title: "Recommendation") var recommendation: RecommendationOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Report") var reportOptions: DendrogramReportOptions
    @OptionGroup(title: "Resources") var resources: ResourceOptions

    func validate() throws {
        if method != .hac && input.group == nil && input.dataset == nil && input.groupFile == nil {
            throw ValidationError("--method \(method.rawValue) needs the protected groups: --group COLUMN (or --group-file with distances)")
        }
        if method.objective == nil && afhac.isSet {
            throw ValidationError("--alpha, --ratio, --eps and --fairlet-seed configure the AFHAC baselines; add --method afhac-v or afhac-r")
        }
        if method != .makefair && makefair.isSet {
            throw ValidationError("--tree, --makefair-variant, --makefair-h, --makefair-k and --makefair-eps configure the post-processing; add --method makefair")
        }
        if method.objective != nil && linkage != .average {
            throw ValidationError("AFHAC is average linkage over fairlets; --linkage \(linkage.rawValue) does not apply to --method \(method.rawValue)")
        }
        if resources.memoryLimit.map({ SystemMemory.parseSize($0) == nil }) ?? false {
            throw ValidationError("--memory-limit: expected a size such as 512M or 8G")
        }
    }

    func run() throws {
        try reportingErrors {
            let status = StatusLine(quiet: output.quiet)
            let clock = ContinuousClock()
            let started = clock.now
            let budget = SystemMemory.budget(limit: resources.memoryLimit)
            let staged = try OutputDirectory(output.out, inputs: input.inputPaths)
            status.say("reading data…")
            let data = try input.load(metric: metric, memoryBudget: budget)
            let readTime = clock.now - started
            guard k <= data.count else {
                throw DataError("-k \(k) is larger than the number of observations (\(data.count))")
            }
            let parallelism = resources.parallelism(quiet: output.quiet)
            let features: Observations? = { if case .features(let x, _) = data.content { return x } else { return nil } }()
            let decision = try FormDecision.decide(
                summaryOptions, n: data.count, d: features?.dimension ?? 0, features: features != nil, linkage: linkage,
                fair: method == .fhac, afhac: method.objective != nil, form: hacForm, budget: budget, threads: parallelism.threads)
            if let note = decision.note, !output.quiet { writeToStandardError("note: \(note)\n") }
            var formSummary = ClusteringSummary.Form.exact
            var summarisedResult: SummarisedClustering.Result?
            status.say("clustering \(data.count) observations (\(method == .hac ? "" : method.rawValue + ", ")\(linkage.rawValue) linkage)…")
            let clusterStart = clock.now
            var tree: Dendrogram
            var afhacNote: String?
            var ideal: [Double]? = try data.attributes.map { try IdealShares.data.resolve(for: $0) }
            var methodOptions: [String: OptionValue] = [:]
            var methodName = method == .hac ? "vanilla" : method.rawValue
            var autoSummary: ClusteringSummary.Auto?
            var autoLine: String?
            var autoVanillaTree: Dendrogram?
            var post: (nary: NaryTree, input: Dendrogram, record: PostProcessingRecord)?
            if let objective = method.objective {
                guard let attributes = data.attributes else { throw DataError("--method \(method.rawValue) needs groups") }
                guard let groups = data.groups else {
                    throw DataError(
                        "--method \(method.rawValue) takes one protected attribute; for several (\(attributes.names.joined(separator: ", "))) "
                            + "use --group-mode intersectional, whose groups are their combinations")
                }
                let model = FairletHierarchicalClustering(
                    objective: objective, cap: try afhac.cap(groupCount: groups.groupCount), epsilon: afhac.eps,
                    seed: afhac.fairletSeed, parallelism: parallelism, memoryBudget: budget)
                status.say("fairlets and the tree over them…")
                let result: FairletHierarchicalClustering.Result
                switch data.content {
                case .features(let x, let metric): result = try model.fit(x, groups: groups, metric: metric)
                case .distances(let handOff): result = try model.fit(distances: handOff.take(), groups: groups)
                }
                tree = result.dendrogram
                methodOptions = AFHACSummary.options(result, eps: afhac.eps, seed: afhac.fairletSeed)
                if k > result.fairlets.count {
                    let target = min(data.count, max(k, data.count / 10))
                    let looser = FairletDecomposition.tightestCap(counts: groups.counts, fairletCount: target)
                    afhacNote = "k = \(k) is more than the \(result.fairlets.count) fairlet(s) (largest: \(result.fairlets.largestFairletSize) points) "
                        + "that the cap \(result.cap) allows, so the k-cut splits fairlets and the cap holds only down to k = \(result.fairlets.count). "
                        + (result.cap == .dataShares(groups) ? "A cap equal to the data's largest share forces every fairlet to have exactly that share. " : "")
                        + "A looser cap gives smaller fairlets: --alpha \(String(format: "%.4f", (looser.alpha * 1e4).rounded(.down) / 1e4)) (cap \(looser)) allows \(target) fairlets"
                }
            } else if method == .fhac {
                guard let groups = data.attributes else { throw DataError("--fair needs groups") }
                var rule = fairness.selectedRule, schedule = fairness.scheduleValue
                var fallBackToVanilla = false
                var fallbackTree: Dendrogram?
                if fairness.auto {
                    guard case .features(let x, let metric) = data.content else {
                        throw DataError("--auto weighs each setting's silhouette, which needs features; it does not run on a distance matrix")
                    }
                    let choice = try autoChoice(
                        x, metric: metric, groups: groups, parallelism: parallelism, budget: budget, status: status,
                        microClusters: decision.microClusters)
                    autoSummary = choice.summary
                    fallbackTree = choice.outcome.vanillaTree
                    autoVanillaTree = choice.outcome.vanillaTree
                    if let p = choice.recommendation.point, choice.recommendation.improved {
                        rule = p.rule
                        schedule.b = p.b
                        schedule.d = p.d
                        autoLine = "--auto (\(fairness.autoObjective.rawValue)): " + choice.recommendation.line(outcome: choice.outcome)
                    } else {
                        fallBackToVanilla = true
                        autoLine = "--auto (\(fairness.autoObjective.rawValue)): " + choice.recommendation.line(outcome: choice.outcome)
                            + "; the result written is vanilla HAC's (method \"vanilla\" in summary.json)"
                    }
                }
                if fallBackToVanilla {
                    // The vanilla tree the choice was measured against (the grid's matrix form), and its ideal shares.
                    tree = try fallbackTree ?? vanillaTree(data, parallelism: parallelism, budget: budget, status: status)
                    ideal = try fairness.idealShares().resolve(for: groups)
                    methodOptions = [:]
                    methodName = "vanilla"
                } else {
                    methodOptions = fairness.summaryOptions(rule: rule, schedule: schedule)
                    let fhac = FairHierarchicalClustering(
                        linkage: linkage, clusterCount: k, rule: rule, schedule: schedule, ideal: try fairness.idealShares(),
                        implementation: fairness.implementation, parallelism: parallelism, memoryBudget: budget)
                    let result: FairHierarchicalClustering.Result
                    let bar = ProgressBar(status, label: "fair merges", unit: "merges")
                    let report: (Int, Int) -> Void = { done, total in bar.update(done, total) }
                    switch data.content {
                    case .features(let x, let metric) where decision.summarised:
                        let run = summarisedRun(
                            microClusters: decision.microClusters ?? x.count, fhac: fhac, parallelism: parallelism, budget: budget,
                            status: status)
                        let r = try summarisedFit(run, x, metric: metric, groups: groups, status: status, progress: report)
                        summarisedResult = r
                        formSummary = ClusteringSummary.Form(r, run: run)
                        result = FairHierarchicalClustering.Result(dendrogram: r.dendrogram, ideal: r.ideal, fairMergeCount: r.fairMergeCount)
                    case .features(let x, let metric):
                        result = try fhac.fit(x, attributes: groups, metric: metric, force: fairness.force, progress: report)
                    case .distances(let handOff):
                        try MemoryEstimate.check(
                            MemoryEstimate(observations: data.count, dimension: 0, linkage: linkage, input: .precomputed, fair: true),
                            budget: budget)
                        result = try fhac.fit(distances: handOff.take(), attributes: groups, force: fairness.force, progress: report)
                    }
                    tree = result.dendrogram
                    ideal = result.ideal
                }
            } else if method == .makefair {
                guard let attributes = data.attributes else { throw DataError("--method makefair needs groups") }
                let input: Dendrogram, inputName: String
                if let path = makefair.tree {
                    input = try LinkageMatrixReader.read(path: path)
                    guard input.leafCount == data.count else {
                        throw DataError("\(path): a linkage matrix over \(input.leafCount) points (\(input.leafCount - 1) rows), but the data have \(data.count) rows")
                    }
                    inputName = path
                } else if decision.summarised, case .features(let x, let metric) = data.content {
                    // Past the matrix: the summarised form's vanilla tree is the input.
                    let (r, form) = try summarisedVanilla(
                        x, metric: metric, microClusters: decision.microClusters, groups: data.attributes, parallelism: parallelism,
                        budget: budget, status: status)
                    (summarisedResult, formSummary) = (r, form)
                    input = r.dendrogram
                    inputName = "vanilla \(linkage.rawValue) (summarised, \(r.summary.count) micro-clusters)"
                } else {
                    input = try vanillaTree(data, parallelism: parallelism, budget: budget, status: status)
                    inputName = "vanilla \(linkage.rawValue)"
                }
                status.say("fair post-processing (\(makefair.model.variant.rawValue))…")
                let result = try makefair.model.run(tree: input, attributes: attributes)
                tree = result.dendrogram
                methodOptions = MakeFairOptions.options(result.parameters, input: inputName)
                let count = result.tree.realClusterCount(atMost: k)
                var record = PostProcessingRecord(
                    parameters: result.parameters, inputTree: inputName, nodes: result.tree.internalCount, requestedK: k, realClusterCount: count)
                if let ideal {
                    record.inputFairAtEveryLevel = LevelFairnessRecord(
                        try LevelFairness(tree: input, attributes: attributes, ideal: ideal, tolerance: makefair.levelTolerance),
                        clustersCounted: "merges")
                }
                post = (result.tree, input, record)
            } else if decision.summarised, case .features(let x, let metric) = data.content {
                let (r, form) = try summarisedVanilla(
                    x, metric: metric, microClusters: decision.microClusters, groups: data.attributes, parallelism: parallelism,
                    budget: budget, status: status)
                (summarisedResult, formSummary) = (r, form)
                tree = r.dendrogram
            } else {
                tree = try vanillaTree(data, parallelism: parallelism, budget: budget, status: status)
            }
            let clusterTime = clock.now - clusterStart
            // A post-processed tree is cut into real (n-ary) nodes: at most k clusters.
            let clusterCount = post?.nary.realClusterCount(atMost: k) ?? k
            let labels = try tree.labels(clusterCount: clusterCount)
            status.say("writing results…")
            var summary = ClusteringSummary(
                input: data.summary, k: clusterCount, method: methodName, linkage: linkage,
                metric: data.summary.kind == "distances" ? "precomputed" : metric.rawValue,
                options: methodOptions,
                tree: tree, labels: labels, attributes: data.attributes, groupColumn: data.groupColumn, ideal: ideal,
                idealRule: method == .fhac ? fairness.ideal : "data",
                degenerateBelow: recommendation.minimumClusterSize(n: data.count))
            summary.auto = autoSummary
            summary.form = formSummary
            if let post {
                // The profile at the cuts into real nodes only (the other counts cut through helper merges).
                summary.fairnessProfile = summary.fairnessProfile?.filter { post.nary.realClusterCount(atMost: $0.k) == $0.k }
            }
            if let attributes = data.attributes, let ideal {
                summary.fairAtEveryLevel = LevelFairnessRecord(
                    try post.map { try LevelFairness(tree: $0.nary, ideal: ideal, tolerance: makefair.levelTolerance) }
                        ?? LevelFairness(tree: tree, attributes: attributes, ideal: ideal, tolerance: makefair.levelTolerance),
                    clustersCounted: post == nil ? "merges" : "n-ary nodes")
            }
            if methodName == "vanilla" {
                summary.algorithm = summarisedResult == nil ? vanillaAlgorithm(data) : "summarised (top: " + topAlgorithm(data) + ")"
            }
            // Vanilla HAC of the same linkage on the same data (over the same micro-clusters when
            // summarised): the figures a fair result is read against, in the console, summary.json
            // ("vanilla") and the report. Computed once; --auto's own vanilla tree is reused.
            var vanillaReference: Dendrogram?
            if methodName != "vanilla", data.attributes != nil, case .features(let x, let metric) = data.content {
                status.say("vanilla HAC for reference…")
                if let fallbackTree = autoVanillaTree {
                    vanillaReference = fallbackTree
                } else if let r = summarisedResult {
                    var run = summarisedRun(microClusters: r.summary.count, fhac: nil, parallelism: parallelism, budget: budget, status: status)
                    run.clustering.progress = nil
                    vanillaReference = try run.fit(x, groups: data.attributes, metric: metric, summary: r.summary).dendrogram
                } else if let input = post?.input {
                    vanillaReference = input
                } else {
                    vanillaReference = try? HierarchicalClustering(linkage: linkage, parallelism: parallelism, memoryBudget: budget, form: .matrix)
                        .fit(x, metric: metric)
                }
                if let v = vanillaReference, let attributes = data.attributes, let ideal {
                    let vLabels = try v.labels(clusterCount: clusterCount)
                    let f = PartitionFairness(labels: vLabels, clusterCount: clusterCount, attributes: attributes, ideal: ideal)
                    let silhouette = noQuality ? nil
                        : x.count <= 20000 ? try? Silhouette.score(x, labels: vLabels, parallelism: parallelism)
                        : sampledQuality(x, labels: vLabels, parallelism: parallelism).silhouette
                    var sizes = [Int](repeating: 0, count: clusterCount)
                    for l in vLabels { sizes[l] += 1 }
                    summary.vanilla = ClusteringSummary.Auto.Reference(
                        mfc: f.mfc, balance: f.balance, silhouette: silhouette, minClusterSize: sizes.min() ?? 0)
                }
            }
            var notes = data.notes
            if let r = summarisedResult {
                notes.append(
                    "summarised form: \(r.summary.count) micro-clusters (largest \(r.summary.largestSize) points); the first n - m merges are "
                        + "inside micro-clusters, so cuts into k <= m clusters keep each whole (\"form\" in summary.json)")
            }
            if let autoLine { notes.append(autoLine) }
            if let warning = degenerateWarning(
                sizes: summary.clusterSizes, minimumSize: summary.degenerateBelow, what: "the k = \(k) partition (\(methodName))")
            {
                if !output.quiet { writeToStandardError("warning: \(warning)\n") }
            }
            if let afhacNote { notes.append(afhacNote) }
            if let post, clusterCount != k {
                notes.append(
                    "the post-processed tree has no cut into exactly k = \(k) real clusters (a node with c children splits into c at once); "
                        + "labels.csv holds the finest cut into at most \(k): \(clusterCount) clusters (\(post.nary.internalCount) nodes)")
            }
            if case .features(let x, _) = data.content, !noQuality {
                if x.count <= 20000 {
                    status.say("quality metrics…")
                    // The silhouette, the tree and its 5 random-tree baselines from one pass over the distances.
                    let quality = QualityPass.evaluate(tree: tree, labels: labels, observations: x, seeds: 5, parallelism: parallelism)
                    if var p = post {
                        // The objectives on the real nodes, and the input tree's cost for the ratio.
                        let real = TreeObjectives(tree: tree, observations: x, lcaSizes: p.nary.realSizesPerMerge())
                        let before = TreeObjectives(tree: p.input, observations: x)
                        summary.quality = ClusteringSummary.Quality(silhouette: quality.silhouette, objectives: real, baseline: quality.baseline)
                        p.record.dasguptaCost = real.dasguptaCost
                        p.record.inputDasguptaCost = before.dasguptaCost
                        p.record.costRatio = before.dasguptaCost > 0 ? real.dasguptaCost / before.dasguptaCost : nil
                        post = p
                    } else {
                        summary.quality = ClusteringSummary.Quality(
                            silhouette: quality.silhouette, objectives: quality.tree, baseline: quality.baseline)
                    }
                } else {
                    status.say("quality metrics on a sample…")
                    summary.qualitySample = sampledQuality(x, labels: labels, parallelism: parallelism)
                    notes.append("quality above n = 20000: the silhouette on a seeded sample of \(min(x.count, Self.qualitySampleSize)) rows (qualitySample in summary.json); the tree objectives are skipped (O(n^2))")
                }
            } else if case .distances = data.content, !noQuality {
                notes.append("no quality metrics: silhouette and the tree objectives need features, and a distance matrix has none")
            }
            summary.postProcessing = post?.record
            let writeStart = clock.now
            try staged.files.write(
                tree: tree, labels: labels, rowIndices: data.rowIndices, attributes: data.attributes, summary: summary,
                treeJSON: try post.map { try TreeExport.json($0.nary, attributes: data.attributes) })
            var timings: [String: Double] = [
                "read_seconds": readTime.seconds, "cluster_seconds": clusterTime.seconds,
                "write_seconds": (clock.now - writeStart).seconds, "total_seconds": (clock.now - started).seconds,
            ]
            if let r = summarisedResult {
                timings["summary_seconds"] = r.seconds.summary
                timings["top_seconds"] = r.seconds.top
                timings["below_seconds"] = r.seconds.below
            }
            if output.report {
                status.say("report…")
                let vanillaTree = vanillaReference
                let html = try ClusterReport.html(.init(
                    summary: summary, tree: tree, labels: labels, attributes: data.attributes, ideal: ideal, vanillaTree: vanillaTree,
                    rowIndices: data.rowIndices, notes: notes, maxLeaves: reportOptions.reportLeaves))
                try staged.files.save(html, "report.html")
            }
            try staged.files.writeTimings(timings)
            try staged.commit()
            status.done()
            if !output.quiet {
                print(HumanSummary.text(summary, notes: notes, outputDirectory: output.out, clusterSeconds: clusterTime.seconds))
            }
        }
    }
}

extension ClusterCommand {
    /// Vanilla HAC in the summarised form (``FormDecision`` chose it), and its summary.json block.
    func summarisedVanilla(
        _ x: Observations, metric: Metric, microClusters: Int?, groups: ProtectedAttributes?, parallelism: Parallelism,
        budget: Int?, status: StatusLine
    ) throws -> (SummarisedClustering.Result, ClusteringSummary.Form) {
        let run = summarisedRun(microClusters: microClusters ?? x.count, fhac: nil, parallelism: parallelism, budget: budget, status: status)
        let r = try summarisedFit(run, x, metric: metric, groups: groups, status: status)
        return (r, ClusteringSummary.Form(r, run: run))
    }

    /// Vanilla HAC on the loaded data, with a progress bar for long runs.
    func vanillaTree(_ data: LoadedInput, parallelism: Parallelism, budget: Int?, status: StatusLine) throws -> Dendrogram {
        // A bar for long runs (n >= 5000); stage lines are enough below.
        let bar = ProgressBar(status, label: "merging", unit: "merges")
        var progress: MergeProgress?
        if data.count >= 5000 && status.enabled { progress = { done, total in bar.update(done, total) } }
        let hac = HierarchicalClustering(
            linkage: linkage, parallelism: parallelism, memoryBudget: budget, progress: progress, form: hacForm)
        switch data.content {
        case .features(let x, let metric): return try hac.fit(x, metric: metric)
        case .distances(let handOff):
            try MemoryEstimate.check(
                MemoryEstimate(observations: data.count, dimension: 0, linkage: linkage, input: .precomputed), budget: budget)
            return try hac.fit(distances: handOff.take())
        }
    }

    /// The name of what ``vanillaTree(_:parallelism:budget:status:)`` runs on `data`.
    func vanillaAlgorithm(_ data: LoadedInput) -> String {
        let hac = HierarchicalClustering(linkage: linkage, form: hacForm)
        switch data.content {
        case .features(let x, _): return hac.algorithm(count: x.count, dimension: x.dimension).rawValue
        case .distances: return hac.matrixAlgorithm.rawValue
        }
    }

    /// The name of the algorithm the summarised form's vanilla top runs.
    func topAlgorithm(_ data: LoadedInput) -> String {
        guard let m = summaryDecisionCount(data) else { return vanillaAlgorithm(data) }
        let hac = HierarchicalClustering(linkage: linkage, form: hacForm)
        if linkage == .single { return hac.matrixAlgorithm.rawValue }
        return hac.algorithm(count: m, dimension: data.summary.features.count).rawValue
    }

    private func summaryDecisionCount(_ data: LoadedInput) -> Int? {
        summaryOptions.microClusters.map { min($0, data.count) } ?? min(data.count, FormDecision.defaultTarget(fair: method == .fhac))
    }

    /// `--auto`: the grid search of `fairhac tune` (default grid, the rules of --rule or gain and
    /// window) and its recommendation for --auto-objective.
    func autoChoice(
        _ x: Observations, metric: Metric, groups: ProtectedAttributes, parallelism: Parallelism, budget: Int?, status: StatusLine,
        microClusters: Int? = nil
    ) throws -> (outcome: GridSearch.Outcome, recommendation: Recommendation, summary: ClusteringSummary.Auto) {
        let threads = parallelism.threads
        if let microClusters {
            // The summarised form: the grid runs on the top level over one summary.
            var run = summarisedRun(microClusters: microClusters, fhac: nil, parallelism: parallelism, budget: budget, status: status)
            run.clustering.progress = nil
            status.say("summarising \(x.count) observations for --auto…")
            let summary = try run.summariser.summarise(x, groups: groups)
            try MemoryEstimate.check(
                MemoryEstimate(observations: summary.count, dimension: x.dimension, linkage: linkage, input: .features, fair: true),
                budget: budget.map { $0 / (threads + 2) })
            let search = try autoSearch(parallelism: parallelism)
            let bar = ProgressBar(status, label: "--auto: tuning the top", unit: "points")
            let outcome = try search.run(
                summarised: x, attributes: groups, metric: metric, configuration: run, summary: summary,
                sampleSeed: summaryOptions.summarySeed
            ) { done, total in bar.update(done, total) }
            let recommendation = outcome.recommendation(fairness.autoObjective, criteria: self.recommendation.criteria(n: x.count))
            return (outcome, recommendation, ClusteringSummary.Auto(
                objective: fairness.autoObjective, rules: search.rules, recommendation: recommendation, outcome: outcome))
        }
        try MemoryEstimate.check(
            MemoryEstimate(observations: x.count, dimension: x.dimension, linkage: linkage, input: .features, fair: true),
            budget: budget.map { $0 / (threads + 2) })  // the shared matrix, a copy per thread, the Euclidean one
        let search = try autoSearch(parallelism: parallelism)
        let bar = ProgressBar(status, label: "--auto: tuning", unit: "points")
        let outcome = try search.run(x, attributes: groups, metric: metric) { done, total in bar.update(done, total) }
        let recommendation = outcome.recommendation(fairness.autoObjective, criteria: self.recommendation.criteria(n: x.count))
        return (outcome, recommendation, ClusteringSummary.Auto(
            objective: fairness.autoObjective, rules: search.rules, recommendation: recommendation, outcome: outcome))
    }
}

extension ClusterCommand {
    /// The grid `--auto` searches.
    func autoSearch(parallelism: Parallelism) throws -> GridSearch {
        let merges = fairness.scheduleArg == .merges
        return GridSearch(
            linkage: linkage, clusterCount: k, rules: fairness.autoRules,
            gridB: merges ? GridSearch.paperGrid : GridSearch.defaultGridB,
            gridD: merges ? GridSearch.paperGrid : GridSearch.defaultGridD,
            family: fairness.schedule, argument: fairness.scheduleArg, ideal: try fairness.idealShares(),
            parallelism: parallelism, force: fairness.force)
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
