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
        case .observationCount: throw ClusteringData.noData(spelling)
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
        return .init(
            result: try run.fit(x, groups: data.attributes, metric: metric, summary: try givenSummary(x), force: request.force), run: run,
            given: data.microClusterLabels != nil)
    }

    /// A note when the summariser made fewer micro-clusters than asked because the data repeat
    /// rows (identical rows always share a micro-cluster): the m said before summarising was not
    /// what ran.
    mutating func noteRepeatedRows(_ s: ClusteringOutcome.Summarised, _ x: Observations) {
        let made = s.result.summary.count, asked = min(x.count, s.run.summariser.microClusters)
        guard made < asked else { return }
        let distinct = x.distinctRowCount()
        guard distinct < asked else { return }
        let text = "the data have only \(distinct) distinct point\(distinct == 1 ? "" : "s") among \(x.count) rows (identical rows always "
            + "share a micro-cluster), so the summarised form made \(made) micro-cluster\(made == 1 ? "" : "s"), not \(asked)"
        notices.append(.init(.note, text))
        observer.notice(.init(.note, text))
    }

    /// The summary given as micro-cluster labels, if any.
    func givenSummary(_ x: Observations) throws -> MicroClusters? {
        try data.microClusterLabels.map { try MicroClusters(assignment: $0, observations: x, groups: data.attributes) }
    }

    /// `auto`: the search of `fairhac tune` (``TuningRun``: the request's rules and grids, its
    /// strategy) on the requested form, and its recommendation for the objective asked for.
    func autoChoice(_ x: Observations, attributes: ProtectedAttributes) throws -> ClusteringOutcome.AutoChoice {
        let run = TuningRun(
            request: request, spelling: spelling, observer: observer, parallelism: parallelism, budget: budget, decision: decision)
        let tuning = try run.run(
            x, attributes: attributes, givenSummary: try givenSummary(x), objectives: [request.autoObjective], keepTrees: true)
        let recommendation = tuning.recommended
        return .init(
            objective: request.autoObjective, rules: tuning.rules, outcome: tuning.outcome, recommendation: recommendation,
            keptVanilla: !(recommendation.point != nil && recommendation.improved), search: tuning.search,
            balanceNote: tuning.balanceNote, summary: tuning.summary)
    }

    /// The name of the vanilla algorithm that ran on the data.
    func vanillaAlgorithm() -> String {
        let hac = HierarchicalClustering(linkage: linkage, form: request.hacForm)
        switch data.content {
        case .features(let x):
            guard summarised != nil else { return hac.algorithm(count: x.count, dimension: x.dimension).rawValue }
            return hac.summarisedAlgorithm(microClusters: min(decision.microClusters ?? x.count, x.count), dimension: x.dimension)
        case .distances: return hac.matrixAlgorithm.rawValue
        case .observationCount: return "none"
        }
    }
}

extension HierarchicalClustering {
    /// The algorithm of the summarised form's vanilla top over m micro-clusters, as summary.json names it.
    func summarisedAlgorithm(microClusters m: Int, dimension d: Int) -> String {
        "summarised (top: \(linkage == .single ? matrixAlgorithm.rawValue : algorithm(count: m, dimension: d).rawValue))"
    }
}
