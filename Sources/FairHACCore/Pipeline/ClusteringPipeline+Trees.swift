/// The trees a run builds besides its method's own: vanilla HAC (exact or summarised) and the
/// `auto` grid search.
extension ClusteringPipeline.Context {
    /// Vanilla HAC on the data, exact form, with a progress bar for long runs (n >= 5000).
    func vanillaTree() throws -> Dendrogram {
        var hac = HierarchicalClustering(
            linkage: linkage, parallelism: parallelism, memoryBudget: budget,
            progress: data.count >= 5000 ? observer.progress("merging", "merges") : nil, form: request.hacForm)
        hac.cancellation = observer.cancellation
        hac.precision = request.precision
        switch data.content {
        case .features(let x): return try hac.fit(x, metric: metric)
        case .distances(let handOff):
            try MemoryEstimate.check(
                MemoryEstimate(observations: data.count, dimension: 0, linkage: linkage, input: .precomputed, precision: request.precision),
                budget: budget)
            return try hac.fit(distances: handOff.take())
        }
    }

    /// The summarised form's configuration for `m` micro-clusters (`fhac`: FHAC at the top).
    func summarisedRun(microClusters m: Int, fhac: FairHierarchicalClustering?, progress: Bool = true) -> SummarisedClustering {
        let hac = HierarchicalClustering(
            linkage: linkage, parallelism: parallelism, memoryBudget: budget,
            progress: progress ? observer.progress("top merges", "merges") : nil, form: request.hacForm)
        var run = SummarisedClustering(clustering: hac, fair: fhac, microClusters: m, seed: request.summarySeed)
        run.sampleSeed = request.summarySeed
        run.cancellation = observer.cancellation
        return run
    }

    /// Vanilla HAC in the summarised form.
    func summarisedVanilla(_ x: Observations) throws -> ClusteringOutcome.Summarised {
        let run = summarisedRun(microClusters: decision.microClusters ?? x.count, fhac: nil)
        observer.stage("summarising \(x.count) observations into about \(min(x.count, run.summariser.microClusters)) micro-clusters…")
        return .init(result: try run.fit(x, groups: data.attributes, metric: metric, summary: try givenSummary(x), force: request.force), run: run)
    }

    /// The summary given as micro-cluster labels, if any.
    func givenSummary(_ x: Observations) throws -> MicroClusters? {
        try data.microClusterLabels.map { try MicroClusters(assignment: $0, observations: x, groups: data.attributes) }
    }

    /// The grid `auto` searches.
    func autoSearch() throws -> GridSearch {
        let grids = request.autoGrids
        var search = GridSearch(
            linkage: linkage, clusterCount: k, rules: try request.autoRuleList(), gridB: grids.b, gridD: grids.d,
            family: request.schedule, argument: request.scheduleArg, ideal: try request.idealShares(spelling),
            parallelism: parallelism, force: request.force)
        search.cancellation = observer.cancellation
        return search
    }

    /// `auto`: the grid search of `fairhac tune` (the default grids, the request's rules) and its
    /// recommendation; over the top of one summary when the run is summarised.
    func autoChoice(_ x: Observations, attributes: ProtectedAttributes) throws -> ClusteringOutcome.AutoChoice {
        let search = try autoSearch()
        let progress = observer.progress(decision.summarised ? "auto: tuning the top" : "auto: tuning", "points") ?? { _, _ in }
        let outcome: GridSearch.Outcome
        if let m = decision.microClusters {
            let run = summarisedRun(microClusters: m, fhac: nil, progress: false)
            observer.stage("summarising \(x.count) observations for \(spelling.flag(.auto))…")
            let summary = try run.summariser.summarise(x, groups: attributes)
            try GridSearch.checkMemory(n: summary.count, dimension: x.dimension, linkage: linkage, budget: budget, threads: parallelism.threads)
            outcome = try search.run(
                summarised: x, attributes: attributes, metric: metric, configuration: run, summary: summary,
                sampleSeed: request.summarySeed, progress: progress)
        } else {
            try GridSearch.checkMemory(n: x.count, dimension: x.dimension, linkage: linkage, budget: budget, threads: parallelism.threads)
            outcome = try search.run(x, attributes: attributes, metric: metric, progress: progress)
        }
        let recommendation = outcome.recommendation(request.autoObjective, criteria: request.criteria(n: x.count))
        return .init(
            objective: request.autoObjective, rules: search.rules, outcome: outcome, recommendation: recommendation,
            keptVanilla: !(recommendation.point != nil && recommendation.improved))
    }

    /// The name of the vanilla algorithm that ran on the data.
    func vanillaAlgorithm() -> String {
        let hac = HierarchicalClustering(linkage: linkage, form: request.hacForm)
        switch data.content {
        case .features(let x):
            guard summarised != nil else { return hac.algorithm(count: x.count, dimension: x.dimension).rawValue }
            let m = min(decision.microClusters ?? x.count, x.count)
            let top = linkage == .single ? hac.matrixAlgorithm.rawValue : hac.algorithm(count: m, dimension: x.dimension).rawValue
            return "summarised (top: \(top))"
        case .distances: return hac.matrixAlgorithm.rawValue
        }
    }
}
