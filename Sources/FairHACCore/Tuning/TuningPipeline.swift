/// The one search for the recommended setting behind every front end: `fairhac tune`, the C
/// ABI's `fairhac_tune` and Python's `fairhac.tune` turn their inputs into a ``ClusteringRequest``
/// (method fhac: its rules, grids, schedule, ideal shares, objective, constraints, form and
/// resources) and ``ClusteringData``, and read the ``TuningOutcome``; `cluster --auto` (and FHAC
/// with no setting given) runs the same search inside ``ClusteringPipeline``. Here, once: the
/// checks, the form decision (exact, or summarised with the summary), the memory checks, the grids,
/// the strategy (``SearchStrategy``), the criteria, the recommendation and the notices.
public struct TuningPipeline: Sendable {
    public var request: ClusteringRequest
    /// How messages name the request's parameters.
    public var spelling: ParameterSpelling
    /// The fast search's constants (tests set them to screen small data).
    var policy = FastSearch.Policy()

    public init(_ request: ClusteringRequest, spelling: ParameterSpelling) {
        var r = request
        r.method = .fhac
        self.request = r
        self.spelling = spelling
    }

    /// Searches the request's grid on `data` (features and protected groups).
    public func run(on data: ClusteringData, observer: PipelineObserver = .silent) throws -> TuningOutcome {
        try request.validate(spelling)
        guard let x = data.features else {
            throw ClusteringError.invalidRequest("tuning weighs each setting's silhouette, which needs features; it does not run on a distance matrix")
        }
        guard let attributes = data.attributes else {
            throw ClusteringError.invalidRequest(
                "tuning needs the protected groups" + (spelling == .cli ? ": --group COLUMN or --dataset" : ": pass groups=..."))
        }
        let k = request.nClusters, n = x.count
        guard k >= 2 else { throw ClusteringError.invalidRequest("\(spelling.name(.nClusters)) must be at least 2 (tuning compares partitions); got \(k)") }
        guard k <= n else { throw ClusteringError.invalidInput("\(spelling.name(.nClusters)) \(k) is larger than the number of observations (\(n))") }
        var notices: [ClusteringOutcome.Notice] = []
        let (parallelism, clamped) = request.parallelism
        if clamped, let asked = request.nJobs {
            notices.append(.init(
                .threadsClamped, "\(spelling.name(.nJobs)) \(asked) is more than the \(parallelism.threads) cores available; using \(parallelism.threads)"))
        }
        let budget = request.memoryBudget
        let decision: FormDecision
        if let given = data.microClusterLabels {
            decision = FormDecision(microClusters: Set(given).count)
        } else {
            decision = try FormDecision.decide(
                request, n: n, d: x.dimension, features: true, linkage: request.linkage, fair: true, afhac: false,
                form: request.hacForm, budget: budget, threads: parallelism.threads, spelling: spelling)
        }
        if let note = decision.note { notices.append(.init(.summarised, note)) }
        for notice in notices { observer.notice(notice) }
        let given = try data.microClusterLabels.map { try MicroClusters(assignment: $0, observations: x, groups: attributes) }
        let objectives = [request.autoObjective] + GridSearch.Objective.allCases.filter { $0 != request.autoObjective }
        var outcome = try TuningRun(
            request: request, spelling: spelling, observer: observer, parallelism: parallelism, budget: budget, decision: decision,
            policy: policy
        ).run(x, attributes: attributes, givenSummary: given, objectives: objectives, keepTrees: false)
        outcome.notices = notices + outcome.notices
        return outcome
    }
}

/// The search itself, given the form decision and the resources: shared by ``TuningPipeline`` and
/// `auto` in ``ClusteringPipeline``.
struct TuningRun {
    let request: ClusteringRequest
    let spelling: ParameterSpelling
    let observer: PipelineObserver
    let parallelism: Parallelism
    let budget: Int?
    let decision: FormDecision
    var policy = FastSearch.Policy()

    /// The grid of the request.
    func gridSearch() throws -> GridSearch {
        let grids = request.autoGrids
        var search = GridSearch(
            linkage: request.linkage, clusterCount: request.nClusters, rules: try request.autoRuleList(), gridB: grids.b,
            gridD: grids.d, family: request.schedule, argument: request.scheduleArg, ideal: try request.idealShares(spelling),
            parallelism: parallelism, force: request.force)
        search.cancellation = observer.cancellation
        search.memoryBudget = budget
        search.vanillaForm = request.hacForm
        return search
    }

    /// The summarised form's configuration with `m` micro-clusters.
    func summarisedConfiguration(microClusters m: Int) -> SummarisedClustering {
        var hac = HierarchicalClustering(linkage: request.linkage, parallelism: parallelism, memoryBudget: budget, form: request.hacForm)
        hac.cancellation = observer.cancellation
        var run = SummarisedClustering(clustering: hac, microClusters: m, seed: request.summarySeed)
        run.sampleSeed = request.summarySeed
        return run
    }

    /// Searches on `x`. `objectives`: whose recommendations the fast search must get right (the
    /// first is the one asked for); `keepTrees`: keep the trees of the points confirmed on the
    /// exact form (so that `auto` need not build the chosen one again).
    func run(
        _ x: Observations, attributes: ProtectedAttributes, givenSummary: MicroClusters?, objectives: [GridSearch.Objective],
        keepTrees: Bool
    ) throws -> TuningOutcome {
        let start = ContinuousClock().now
        let search = try gridSearch()
        guard search.pointCount > 0 else { throw ClusteringError.invalidInput("the grid is empty") }
        let groupCount = attributes.groupCount
        // The grid's size before it is listed: a grid too large for memory or time is refused here.
        try checkSize(search, leaves: decision.microClusters.map { min($0, x.count) } ?? x.count, groupCount: groupCount)
        let settings = search.settings
        let metric = request.metric
        let criteria = request.criteria(n: x.count)
        var notices: [ClusteringOutcome.Notice] = []

        // The requested form: the exact rows, or the summarised form's micro-clusters.
        let requested: any GridPointEvaluator
        var summary: MicroClusters?
        if let m = decision.microClusters {
            let configuration = summarisedConfiguration(microClusters: m)
            observer.stage("summarising \(x.count) observations into about \(min(x.count, m)) micro-clusters…")
            let s = try givenSummary ?? configuration.summariser.summarise(x, groups: attributes, cancellation: observer.cancellation)
            summary = s
            try GridSearch.checkMemory(n: s.count, dimension: x.dimension, linkage: search.linkage, budget: budget, threads: parallelism.threads)
            observer.stage("vanilla HAC over the \(s.count) micro-clusters…")
            requested = try SummarisedGridEvaluator(
                search: search, x, attributes: attributes, metric: metric, configuration: configuration, summary: s,
                sampleSeed: request.summarySeed, settings: settings, fullVanilla: true)
        } else {
            try GridSearch.checkMemory(n: x.count, dimension: x.dimension, linkage: search.linkage, budget: budget, threads: parallelism.threads)
            observer.stage("vanilla HAC and the distance matrix of \(x.count) observations…")
            requested = try ExactGridEvaluator(search: search, x, attributes: attributes, metric: metric, settings: settings)
        }
        let formName = summary == nil ? "exact" : "summarised"
        let formText = summary.map { "the \($0.count) micro-clusters" } ?? "the \(x.count) rows"
        let useGrid = request.search == .grid || requested.leafCount <= policy.gridBelow
        let estimate = estimatedSeconds(settings: settings.count, leaves: requested.leafCount, grid: useGrid)
        if estimate >= Self.announceAbove {
            let notice = ClusteringOutcome.Notice(
                .note,
                "the search takes about \(ClusteringError.seconds(estimate)) (estimated): "
                    + (useGrid ? "\(settings.count) settings on \(formText)"
                        : "\(settings.count) settings screened over about \(policy.screenMicroClusters) micro-clusters, "
                            + "about \(Self.expectedConfirmations) confirmed on \(formText)")
                    + (useGrid && request.search == .grid ? " (\(spelling.setting(.search, "fast")) screens them first)" : ""))
            notices.append(notice)
            observer.notice(notice)
        }
        let outcome: GridSearch.Outcome
        let description: String
        var screenLeaves: Int?
        if useGrid {
            let tracker = SearchTracker(phase: .grid, total: settings.count, leaves: requested.leafCount, screenLeaves: requested.leafCount, report: observer.search)
            observer.stage("tuning \(settings.count) settings on \(formText)…")
            nonisolated(unsafe) var soFar: [GridSearch.Point] = []
            let primary = objectives.first ?? request.autoObjective
            let points = try search.evaluate(settings, on: requested) { _, p in
                soFar.append(p)
                let r = GridSearch.Outcome(n: x.count, k: search.clusterCount, vanilla: requested.vanilla, points: soFar)
                    .recommendation(primary, criteria: criteria)
                tracker.setBest(r.improved ? r.point.map { Self.bestText($0, primary) } : nil)
                tracker.screened(p)
            }
            outcome = GridSearch.Outcome(
                n: x.count, k: search.clusterCount, vanilla: requested.vanilla, points: points, vanillaTree: requested.vanillaTree)
            description = request.search == .grid
                ? "grid: every one of the \(settings.count) settings on \(formText)"
                : "grid: every one of the \(settings.count) settings on \(formText) (at most \(policy.gridBelow) leaves, where the full grid is cheap)"
        } else {
            let m = policy.screenMicroClusters
            observer.stage("screening: summarising \(x.count) observations into about \(m) micro-clusters…")
            let screenRun = summarisedConfiguration(microClusters: m)
            let screenSummary = try screenRun.summariser.summarise(x, groups: attributes, cancellation: observer.cancellation)
            let screen = try SummarisedGridEvaluator(
                search: search, x, attributes: attributes, metric: metric, configuration: screenRun, summary: screenSummary,
                sampleSeed: request.summarySeed, settings: settings, fullVanilla: false,
                silhouetteSample: policy.screenSilhouetteSample)
            screenLeaves = screenSummary.count
            let fast = FastSearch(search: search, objectives: objectives, criteria: criteria, policy: policy)
            let tracker = SearchTracker(
                phase: .screening, total: settings.count, leaves: requested.leafCount, screenLeaves: screenSummary.count,
                expected: Self.expectedConfirmations, report: observer.search)
            observer.stage("tuning: \(settings.count) settings screened over \(screenSummary.count) micro-clusters, the best confirmed on \(formText)…")
            nonisolated(unsafe) var confirmedSoFar: [GridSearch.Point] = []
            let primary = objectives.first ?? request.autoObjective
            outcome = try fast.run(
                requested: requested, screen: screen, screenMicroClusters: screenSummary.count, keepTrees: keepTrees && summary == nil,
                screened: { tracker.screened($0) },
                confirming: { _, batch in
                    confirmedSoFar.count + batch.count < Self.expectedConfirmations
                        ? tracker.confirming(batch.count, more: Self.expectedConfirmations - confirmedSoFar.count - batch.count)
                        : tracker.confirming(batch.count, more: 0)
                },
                finished: { p in
                    confirmedSoFar.append(p)
                    let partial = GridSearch.Outcome(
                        n: x.count, k: search.clusterCount, vanilla: requested.vanilla, points: confirmedSoFar)
                    let r = partial.recommendation(primary, criteria: criteria)
                    tracker.confirmed(p, best: r.improved ? r.point.map { Self.bestText($0, primary) } : nil)
                })
            description = "fast: \(settings.count) settings screened over \(screenSummary.count) micro-clusters, "
                + "\(outcome.points.count) confirmed on \(formText)"
        }
        let balanceNote = attributes.balanceZeroNote(k: search.clusterCount)
        if let balanceNote { notices.append(.init(.note, balanceNote)) }
        let record = TuningOutcome.Search(
            strategy: request.search, description: description, gridPoints: settings.count, pointsEvaluated: outcome.points.count,
            pointsScreened: outcome.screen?.points.count ?? 0, screenMicroClusters: screenLeaves, form: formName,
            microClusters: summary?.count, seconds: seconds(since: start))
        return TuningOutcome(
            linkage: search.linkage, rules: search.rules, gridB: search.gridB, gridD: search.gridD, objective: request.autoObjective, criteria: criteria,
            outcome: outcome, search: record, summary: summary, attributes: attributes, balanceNote: balanceNote, notices: notices)
    }

    /// The grid's size, checked before any work: its results must fit the budget; the full grid's
    /// estimated time must stay under the threshold unless forced.
    func checkSize(_ search: GridSearch, leaves: Int, groupCount: Int) throws {
        if request.search == .grid || leaves <= policy.gridBelow {
            try search.checkSize(n: leaves, groupCount: groupCount, budget: budget)
        } else {
            // The results' memory as the grid's; the time is the screen's and the confirmations'.
            var results = search
            results.force = true
            try results.checkSize(n: leaves, groupCount: groupCount, budget: budget)
            let seconds = estimatedSeconds(settings: search.pointCount, leaves: leaves, grid: false)
            if !request.force && seconds > GridSearch.forceThresholdSeconds {
                throw ClusteringError.invalidInput(
                    "the grid has \(search.pointCount) settings; screening them takes about \(ClusteringError.seconds(seconds)) "
                        + "(estimated; refused above \(Int(GridSearch.forceThresholdSeconds)) s unless forced): use fewer b or d values, "
                        + "or force it (\(spelling.flag(.force)))")
            }
        }
    }

    /// Estimates above this many seconds are announced before the search starts.
    static let announceAbove = 10.0
    /// Points the fast search typically confirms (docs/benchmarks.md: 20 on average over the
    /// calibration cells, 47 at most).
    static let expectedConfirmations = 20

    /// The search's estimated wall seconds: per point on `leaves` leaves
    /// ``GridSearch/secondsPerPoint(n:)``, over the threads; the fast search adds its screen.
    func estimatedSeconds(settings: Int, leaves: Int, grid: Bool) -> Double {
        let threads = Double(max(1, parallelism.threads))
        let perPoint = GridSearch.secondsPerPoint(n: leaves)
        guard !grid else { return Double(settings) * perPoint / threads }
        let screen = Double(settings) * GridSearch.secondsPerPoint(n: policy.screenMicroClusters)
        return (screen + Double(Self.expectedConfirmations) * perPoint) / threads
    }

    /// "MFC 0.412 (gain-penalised, b 4, d 1)".
    static func bestText(_ p: GridSearch.Point, _ o: GridSearch.Objective) -> String {
        let value = o == .mfc ? p.mfc : p.balance
        return "\(o == .mfc ? "MFC" : "balance") \(ReportNumber.fixed(value, decimals: 3)) (\(p.setting))"
    }
}
