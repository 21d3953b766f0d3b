/// What a distributed run of the summarised form (the Spark port) needs from the core before its
/// passes over the rows, decided here as the in-process form decides it: the checks of the
/// request against the data, the summariser's target m, the groups (named, ordered and combined
/// from the label combinations), the ideal shares, and, once the micro-clusters' sizes are known,
/// the member sample of the top, the below level's size limit and the rows of the quality sample.
///
/// The front end calls ``make(request:observationCount:dimension:groups:sizes:qualitySampleSize:)``
/// twice: without sizes before summarising (the checks, m, the groups), with them after; each
/// micro-cluster's task (``MicroClusterTask``) then reads the second plan.
public struct SummarisedPlan: Sendable, Codable, Equatable {
    /// The summariser's target number of micro-clusters (the request's, or the form's default; at most n).
    public var microClusters: Int
    public var observationCount: Int
    public var dimension: Int
    /// The (attribute, group) pairs' names, in the order of `ideal` and of every count.
    public var groupNames: [String]?
    /// Each label combination's (attribute, group) columns (one per attribute fairness is measured on).
    public var columns: [[Int]]?
    /// The ideal shares fairness is measured against (the request's for FHAC, else the data's).
    public var ideal: [Double]?
    public var levelTolerance: Double
    /// With the sizes: the members that stand for each micro-cluster at the top (`nil`: every
    /// member, or none when the linkage reads centroids), and whether the linkage needs members.
    public var memberSampleSize: Int?
    public var needsMembers: Bool
    /// With the sizes: micro-clusters above this many rows are summarised again below the top.
    public var belowLimit: Int?
    /// With the sizes: the rows (leaves, ascending) of the seeded quality sample; `nil` without quality.
    public var qualityRows: [Int]?

    /// The plan for `request` on n rows of d features.
    /// - Parameters:
    ///   - groups: the label combinations and their counts (`nil` without groups).
    ///   - sizes: the micro-clusters' sizes, once known.
    ///   - qualitySampleSize: rows of the quality sample (0: no quality).
    /// - Throws: ``ClusteringError`` naming the parameter: a method other than hac or fhac, `auto`,
    ///   k above n (or m), fhac without groups, ideal shares that do not fit the groups, sizes that
    ///   do not add up to n, a top that does not fit the memory budget.
    public static func make(
        request: ClusteringRequest, observationCount n: Int, dimension d: Int, groups: LabelCombinations?, sizes: [Int]?,
        qualitySampleSize: Int
    ) throws -> SummarisedPlan {
        try request.checkDistributed(observationCount: n, dimension: d)
        guard n >= 2 else { throw ClusteringError.invalidInput("clustering needs at least 2 observations; got \(n)") }
        if request.method == .fhac && groups == nil {
            throw ClusteringError.invalidRequest("method 'fhac' needs the protected groups: pass groups=[column, ...]")
        }
        var plan = SummarisedPlan(
            microClusters: min(n, request.microClusters ?? FormDecision.defaultTarget(fair: request.method == .fhac)),
            observationCount: n, dimension: d, levelTolerance: request.levelTolerance,
            needsMembers: !request.linkage.worksOnSquaredDistances)
        if let groups {
            guard groups.observationCount == n else {
                throw ClusteringError.invalidInput("groups: the label combinations count \(groups.observationCount) rows; the data have \(n)")
            }
            let (attributes, layout) = try groups.attributes(mode: request.groupMode, rareFloor: request.rareFloor, mergeRare: request.mergeRare)
            plan.groupNames = layout.groupNames
            plan.columns = groups.combinations.indices.map(attributes.columns(of:))
            plan.ideal = try request.topIdeal(for: layout)
            _ = try LevelFairness.bounds(ideal: plan.ideal ?? [], tolerance: request.levelTolerance)
        }
        guard let sizes else { return plan }
        let m = sizes.count
        guard m >= 1, sizes.allSatisfy({ $0 >= 1 }), sizes.reduce(0, +) == n else {
            throw ClusteringError.invalidInput(
                "micro-clusters: \(m) sizes adding up to \(sizes.reduce(0, +)) for \(n) rows; expected sizes of at least 1 that add up to n")
        }
        try request.checkTop(microClusters: m, dimension: d)
        let run = request.summarisedConfiguration(microClusters: m)
        if plan.needsMembers, case .sample(let q, _) = run.members(sizes: sizes) { plan.memberSampleSize = q }
        plan.belowLimit = run.effectiveBelowLimit(observations: n, dimension: d, microClusters: m)
        if request.computeQuality && qualitySampleSize > 0 {
            plan.qualityRows = Subsample.indices(population: n, size: min(n, qualitySampleSize), seed: request.summarySeed)
        }
        return plan
    }

    /// How many members micro-cluster of `size` rows sends to the top (0 when the linkage needs none).
    public func memberCount(size: Int) -> Int {
        guard needsMembers else { return 0 }
        return memberSampleSize.map { min($0, size) } ?? size
    }
}

extension ClusteringRequest {
    /// The checks of a distributed summarised run (the Spark port) that need only n and d.
    func checkDistributed(observationCount n: Int, dimension d: Int) throws {
        try validate(.api)
        guard method == .hac || method == .fhac else {
            throw ClusteringError.invalidRequest(
                "the distributed summarised form runs method 'hac' or 'fhac' (AFHAC needs the whole matrix; makefair a whole tree); got '\(method.rawValue)'")
        }
        if runsRecommendation {
            throw ClusteringError.invalidRequest(
                "the distributed form cannot search for the recommended setting (auto, or fhac with none of rule, b and d given); "
                    + "choose rule, b and d (fairhac.tune on a sample suggests them)")
        }
        if form == .exact {
            throw ClusteringError.invalidRequest("the distributed form is always summarised; leave out form=\"exact\"")
        }
        guard n >= 1, n <= Int(Int32.max) else {
            throw ClusteringError.invalidInput("the distributed form takes 1 to \(Int32.max) rows; got \(n)")
        }
        guard d >= 1 else { throw ClusteringError.invalidInput("features: name at least one feature column") }
        if nClusters > n {
            throw ClusteringError.invalidInput("n_clusters \(nClusters) is larger than the number of observations (\(n))")
        }
    }

    /// The checks of the top over m micro-clusters: k <= m and its memory estimate.
    func checkTop(microClusters m: Int, dimension d: Int) throws {
        guard nClusters <= m else {
            throw ClusteringError.invalidInput(
                "n_clusters = \(nClusters) must be between 1 and the number of micro-clusters m = \(m) "
                    + "(cuts into k <= m clusters never split a micro-cluster); ask for more micro-clusters or fewer clusters")
        }
        try MemoryEstimate.check(
            MemoryEstimate(observations: max(2, m), dimension: d, linkage: linkage, input: .features, fair: method == .fhac),
            budget: memoryBudget)
    }

    /// The ideal shares of the result: the request's for FHAC, the data's otherwise (as the in-process run).
    func topIdeal(for layout: GroupLayout) throws -> [Double] {
        try (method == .fhac ? idealShares(.api) : IdealShares.data).resolve(for: layout)
    }

    /// The summarised form's configuration for m micro-clusters, as the in-process run's (its
    /// member-sample limits, below-level limit and seeds).
    func summarisedConfiguration(microClusters m: Int) -> SummarisedClustering {
        let hac = HierarchicalClustering(linkage: linkage, parallelism: parallelism.parallelism, memoryBudget: memoryBudget, form: hacForm)
        var run = SummarisedClustering(clustering: hac, microClusters: m, seed: summarySeed)
        run.sampleSeed = summarySeed
        return run
    }
}
