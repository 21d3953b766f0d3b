/// The one clustering run behind every front end: `fairhac cluster`, the C ABI's `fairhac_run`
/// and the Python estimator only turn their inputs into a ``ClusteringRequest`` and
/// ``ClusteringData`` and read the ``ClusteringOutcome``. Here, once: the request's checks
/// against the data, the memory policy of every form and input kind, the form decision, method
/// dispatch and each method's constraints, `auto` and its fallback, the vanilla reference, the
/// quality policy, and the fairness of the result.
public struct ClusteringPipeline: Sendable {
    public var request: ClusteringRequest
    /// How messages name the request's parameters.
    public var spelling: ParameterSpelling

    public init(_ request: ClusteringRequest, spelling: ParameterSpelling) {
        self.request = request
        self.spelling = spelling
    }

    /// Runs the request on `data`.
    public func run(on data: ClusteringData, observer: PipelineObserver = .silent) throws -> ClusteringOutcome {
        try request.validate(spelling)
        var context = try Context(pipeline: self, data: data, observer: observer)
        do {
            try context.build()
        } catch let ClusteringError.insufficientMemory(required, available, largest)
            where request.form == .exact && data.features != nil && data.microClusterLabels == nil
            && (request.method == .hac || request.method == .fhac)
        {
            // The summarised form runs what the exact form cannot hold: say how to ask for it.
            throw ClusteringError.exactFormTooLarge(
                requiredBytes: required, availableBytes: available, largestFittingCount: largest,
                summarise: "\(spelling.setting(.form, "auto")) or \(spelling.setting(.form, "summarised"))")
        }
        return try context.finish()
    }
}

extension ClusteringPipeline {
    /// The state of one run, from the checks to the finished outcome.
    struct Context {
        let request: ClusteringRequest
        let spelling: ParameterSpelling
        let data: ClusteringData
        let observer: PipelineObserver
        let parallelism: Parallelism
        let budget: Int?
        let decision: FormDecision
        var notices: [ClusteringOutcome.Notice] = []
        var notes: [String] = []
        // Set by build():
        var tree: Dendrogram?
        var methodName: String
        var options: [String: OptionValue] = [:]
        var ideal: [Double]?
        var summarised: ClusteringOutcome.Summarised?
        var auto: ClusteringOutcome.AutoChoice?
        var autoVanillaTree: Dendrogram?
        var post: ClusteringOutcome.PostProcessing?
        var seconds: [String: Double] = [:]

        var k: Int { request.nClusters }
        var method: ClusteringMethod { request.method }
        var linkage: Linkage { request.linkage }
        var metric: Metric { request.metric }

        init(pipeline: ClusteringPipeline, data: ClusteringData, observer: PipelineObserver) throws {
            request = pipeline.request
            spelling = pipeline.spelling
            self.data = data
            self.observer = observer
            methodName = request.method == .hac ? "vanilla" : request.method.rawValue
            let n = data.count
            let k = request.nClusters, method = request.method
            guard k <= n else {
                throw ClusteringError.invalidInput("\(spelling.name(.nClusters)) \(k) is larger than the number of observations (\(n))")
            }
            if method.needsGroups && data.attributes == nil {
                throw ClusteringError.invalidRequest(
                    "\(spelling.setting(.method, method.rawValue)) needs the protected groups"
                        + (spelling == .cli ? ": --group COLUMN (or --group-file with distances)" : ": pass groups=..."))
            }
            let (parallelism, clamped) = request.parallelism
            self.parallelism = parallelism
            budget = request.memoryBudget
            if clamped, let asked = request.nJobs {
                notices.append(.init(.threadsClamped, spelling.threadsClampedNote(asked: asked, threads: parallelism.threads)))
            }
            let x = data.features
            if let given = data.microClusterLabels {
                guard x != nil, method == .hac || method == .fhac else {
                    throw ClusteringError.invalidRequest("micro-cluster labels run the summarised form of vanilla HAC or FHAC on features")
                }
                guard request.form != .exact else {
                    throw ClusteringError.invalidRequest(
                        "micro-cluster labels are the summarised form's micro-clusters; they do not apply to \(spelling.setting(.form, "exact")) "
                            + "(leave the labels out for the exact form, or use \(spelling.setting(.form, "summarised")))")
                }
                decision = FormDecision(microClusters: Set(given).count)
            } else {
                decision = try FormDecision.decide(
                    request, n: n, d: x?.dimension ?? 0, features: x != nil, linkage: request.linkage,
                    fair: request.method == .fhac, afhac: request.method.objective != nil, form: request.hacForm, budget: budget,
                    threads: parallelism.threads, spelling: spelling)
            }
            if case .observationCount = data.content, !(method == .makefair && data.inputTree != nil) {
                throw ClusteringData.noData(spelling)
            }
            if decision.summarised && request.method == .makefair && data.inputTree != nil {
                throw ClusteringError.invalidRequest("a given tree is post-processed as it is; the summarised form does not apply to it")
            }
            if let note = decision.note { notices.append(.init(decision.summarised ? .summarised : .note, note)) }
            ideal = try data.attributes.map { try IdealShares.data.resolve(for: $0) }
            for notice in notices { observer.notice(notice) }
        }

        /// Builds the tree of the requested method.
        mutating func build() throws {
            observer.stage("clustering \(data.count) observations (\(method == .hac ? "" : method.rawValue + ", ")\(linkage.rawValue) linkage)…")
            let clock = ContinuousClock()
            let start = clock.now
            switch method {
            case .afhacV, .afhacR: try buildAFHAC()
            case .fhac: try buildFHAC()
            case .makefair: try buildMakeFair()
            case .hac:
                if decision.summarised, let x = data.features {
                    let s = try summarisedVanilla(x)
                    summarised = s
                    tree = s.result.dendrogram
                } else {
                    tree = try vanillaTree()
                }
            }
            seconds["cluster_seconds"] = (clock.now - start).seconds
            if let s = summarised, case .features(let x) = data.content, data.microClusterLabels == nil {
                noteRepeatedRows(s, x)
            }
            if let s = summarised {
                seconds["summary_seconds"] = s.result.seconds.summary
                seconds["top_seconds"] = s.result.seconds.top
                seconds["below_seconds"] = s.result.seconds.below
            }
        }

        mutating func buildAFHAC() throws {
            guard let objective = method.objective, let attributes = data.attributes else { return }
            guard let groups = data.groups else {
                throw ClusteringError.invalidInput(
                    "\(spelling.setting(.method, method.rawValue)) takes one protected attribute; for several (\(attributes.names.joined(separator: ", "))) "
                        + "use \(spelling.setting(.groupMode, "intersectional")), whose groups are their combinations")
            }
            let model = FairletHierarchicalClustering(
                objective: objective, cap: try request.cap(groupCount: groups.groupCount, spelling), epsilon: request.afhacEps,
                seed: request.fairletSeed ?? ClusteringRequest.defaultFairletSeed, parallelism: parallelism, memoryBudget: budget)
            observer.stage("fairlets and the tree over them…")
            let result: FairletHierarchicalClustering.Result
            switch data.content {
            case .features(let x): result = try model.fit(x, groups: groups, metric: metric)
            case .distances(let handOff): result = try model.fit(distances: handOff.take(), groups: groups)
            case .observationCount: throw ClusteringData.noData(spelling)
            }
            tree = result.dendrogram
            options = AFHACSummary.options(result, eps: request.afhacEps, seed: request.fairletSeed ?? ClusteringRequest.defaultFairletSeed)
            let n = data.count
            if k > result.fairlets.count {
                let target = min(n, max(k, n / 10))
                let looser = FairletDecomposition.tightestCap(counts: groups.counts, fairletCount: target)
                notes.append(
                    "k = \(k) is more than the \(result.fairlets.count) fairlet(s) (largest: \(result.fairlets.largestFairletSize) points) "
                        + "that the cap \(result.cap) allows, so the k-cut splits fairlets and the cap holds only down to k = \(result.fairlets.count). "
                        + (result.cap == .dataShares(groups) ? "A cap equal to the data's largest share forces every fairlet to have exactly that share. " : "")
                        + "A looser cap gives smaller fairlets: \(spelling.name(.alpha)) \(ReportNumber.fixed((looser.alpha * 1e4).rounded(.down) / 1e4, decimals: 4)) "
                        + "(cap \(looser)) allows \(target) fairlets")
            }
        }

        mutating func buildFHAC() throws {
            guard let attributes = data.attributes else { return }
            var rule = try request.selectedRule(spelling), schedule = request.scheduleValue
            var chosenTree: Dendrogram?
            if request.runsRecommendation {
                guard let x = data.features else {
                    throw ClusteringError.invalidRequest(
                        (request.auto == true ? spelling.flag(.auto) : "\(spelling.method(.fhac)) with no setting (the recommended one)")
                            + " weighs each setting's silhouette, which needs features; it does not run on a distance matrix"
                            + (request.auto == true ? "" : ": give a setting (\(spelling.name(.rule)), \(spelling.name(.b)), \(spelling.name(.d)))"))
                }
                let choice = try autoChoice(x, attributes: attributes)
                auto = choice
                autoVanillaTree = choice.outcome.vanillaTree
                let prefix = request.auto == true
                    ? "\(spelling.flag(.auto)) (\(request.autoObjective.rawValue))"
                    : "recommended setting (\(request.autoObjective.rawValue); \(spelling.method(.fhac)) with no \(spelling.name(.rule)), \(spelling.name(.b)) or \(spelling.name(.d)))"
                let line = prefix + ": " + choice.recommendation.line(outcome: choice.outcome)
                if let note = choice.balanceNote { notes.append(note) }
                if choice.keptVanilla {
                    let text = line + "; the result is vanilla HAC's (\(spelling.methodRecord))"
                    notes.append(text)
                    notices.append(.init(.autoFallback, text))
                    observer.notice(.init(.autoFallback, text))
                    // The vanilla tree the choice was measured against (a plain run's), and its ideal shares.
                    tree = try choice.outcome.vanillaTree ?? vanillaTree()
                    ideal = try request.idealShares(spelling).resolve(for: attributes)
                    methodName = "vanilla"
                    return
                }
                notes.append(line)
                if let p = choice.recommendation.point {
                    rule = p.rule
                    schedule.b = p.b
                    schedule.d = p.d
                    chosenTree = p.tree
                }
            }
            options = request.fairOptions(rule: rule, schedule: schedule)
            var fhac = FairHierarchicalClustering(
                linkage: linkage, clusterCount: k, rule: rule, schedule: schedule, ideal: try request.idealShares(spelling),
                implementation: request.implementation, parallelism: parallelism, memoryBudget: budget)
            fhac.cancellation = observer.cancellation
            fhac.precision = request.precision
            let progress = observer.progress("fair merges", "merges") ?? { _, _ in }
            let result: FairHierarchicalClustering.Result
            switch data.content {
            case .features where chosenTree != nil:
                // The search built the chosen setting's tree on the same data, through the same fit.
                guard let chosenTree else { return }
                result = FairHierarchicalClustering.Result(
                    dendrogram: chosenTree, ideal: try request.idealShares(spelling).resolve(for: attributes),
                    fairMergeCount: max(0, data.count - k))
            case .features(let x) where decision.summarised:
                let run = summarisedRun(microClusters: decision.microClusters ?? x.count, fhac: fhac)
                observer.stage("summarising \(x.count) observations into about \(min(x.count, run.summariser.microClusters)) micro-clusters…")
                let summary = try auto?.summary ?? givenSummary(x)
                let r = try run.fit(x, groups: attributes, metric: metric, summary: summary, force: request.force, progress: progress)
                summarised = .init(result: r, run: run, given: data.microClusterLabels != nil)
                result = FairHierarchicalClustering.Result(dendrogram: r.dendrogram, ideal: r.ideal, fairMergeCount: r.fairMergeCount)
            case .features(let x):
                result = try fhac.fit(x, attributes: attributes, metric: metric, force: request.force, progress: progress)
            case .distances(let handOff):
                try MemoryEstimate.check(
                    MemoryEstimate(
                        observations: data.count, dimension: 0, linkage: linkage, input: .precomputed, fair: true, precision: request.precision),
                    budget: budget)
                result = try fhac.fit(distances: handOff.take(), attributes: attributes, force: request.force, progress: progress)
            case .observationCount: throw ClusteringData.noData(spelling)
            }
            tree = result.dendrogram
            ideal = result.ideal
        }

        mutating func buildMakeFair() throws {
            guard let attributes = data.attributes else { return }
            let input: Dendrogram, inputName: String
            if let given = data.inputTree {
                guard given.tree.leafCount == data.count else {
                    throw ClusteringError.invalidRequest(
                        "\(given.name): a linkage matrix over \(given.tree.leafCount) points (\(given.tree.leafCount - 1) rows), but the data have \(data.count) rows")
                }
                (input, inputName) = (given.tree, given.name)
            } else if decision.summarised, let x = data.features {
                // Past the matrix: the summarised form's vanilla tree is the input.
                let s = try summarisedVanilla(x)
                summarised = s
                input = s.result.dendrogram
                inputName = "vanilla \(linkage.rawValue) (summarised, \(s.result.summary.count) micro-clusters)"
            } else {
                input = try vanillaTree()
                inputName = "vanilla \(linkage.rawValue)"
            }
            let model = request.makeFair
            observer.stage("fair post-processing (\(model.variant.rawValue))…")
            let result = try model.run(tree: input, attributes: attributes, cancellation: observer.cancellation)
            tree = result.dendrogram
            options = [
                "variant": .string(result.parameters.variant.rawValue), "h": .integer(result.parameters.h), "k": .integer(result.parameters.k),
                "eps": .number(result.parameters.epsilon), "recursion_threshold": .integer(result.parameters.recursionThreshold),
                "input_tree": .string(inputName),
            ]
            var record = PostProcessingRecord(
                parameters: result.parameters, inputTree: inputName, nodes: result.tree.internalCount, requestedK: k,
                realClusterCount: result.tree.realClusterCount(atMost: k))
            if let ideal {
                record.inputFairAtEveryLevel = LevelFairnessRecord(
                    try LevelFairness(tree: input, attributes: attributes, ideal: ideal, tolerance: request.levelTolerance),
                    clustersCounted: "merges")
            }
            post = .init(nary: result.tree, input: input, record: record)
        }
    }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
