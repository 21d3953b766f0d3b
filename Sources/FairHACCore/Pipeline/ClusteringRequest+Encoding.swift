/// A request as JSON, every key written (`null` for a parameter not given): the C ABI's
/// `fairhac_defaults` lists ``ClusteringRequest/defaults`` this way, so that a front end reads the
/// core's defaults instead of copying them, and decoding the JSON gives the same request back.
extension ClusteringRequest: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(nClusters, forKey: .nClusters)
        try c.encode(method.rawValue, forKey: .method)
        try c.encode(linkage.rawValue, forKey: .linkage)
        try c.encode(metric.rawValue, forKey: .metric)
        try c.encode(rule, forKey: .rule)
        try c.encode(schedule.rawValue, forKey: .schedule)
        try c.encode(scheduleArg.rawValue, forKey: .scheduleArg)
        try c.encode(scheduleA, forKey: .scheduleA)
        try c.encode(b, forKey: .b)
        try c.encode(scheduleC, forKey: .scheduleC)
        try c.encode(d, forKey: .d)
        try c.encode(ideal, forKey: .ideal)
        try c.encode(implementation.rawValue, forKey: .implementation)
        try c.encode(force, forKey: .force)
        try c.encode(auto, forKey: .auto)
        try c.encode(autoObjective.rawValue, forKey: .autoObjective)
        try c.encode(autoRules, forKey: .autoRules)
        try c.encode(search.rawValue, forKey: .search)
        try c.encode(gridB, forKey: .gridB)
        try c.encode(gridD, forKey: .gridD)
        try c.encode(maxQualityLoss, forKey: .maxQualityLoss)
        try c.encode(minClusterSize, forKey: .minClusterSize)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(ratio, forKey: .ratio)
        try c.encode(eps, forKey: .eps)
        try c.encode(fairletSeed, forKey: .fairletSeed)
        try c.encode(makefairVariant?.rawValue, forKey: .makefairVariant)
        try c.encode(makefairH, forKey: .makefairH)
        try c.encode(makefairK, forKey: .makefairK)
        try c.encode(makefairEps, forKey: .makefairEps)
        try c.encode(levelTolerance, forKey: .levelTolerance)
        try c.encode(form.rawValue, forKey: .form)
        try c.encode(microClusters, forKey: .microClusters)
        try c.encode(summarySeed, forKey: .summarySeed)
        try c.encode(hacForm.rawValue, forKey: .hacForm)
        try c.encode(precision.rawValue, forKey: .precision)
        try c.encode(groupMode.rawValue, forKey: .groupMode)
        try c.encode(mergeRare, forKey: .mergeRare)
        try c.encode(rareFloor, forKey: .rareFloor)
        try c.encode(computeQuality, forKey: .computeQuality)
        try c.encode(memoryLimit, forKey: .memoryLimit)
        try c.encode(nJobs, forKey: .nJobs)
    }

    /// ``defaults`` with the value each optional parameter takes when not given filled in (b = 0,
    /// ideal = data, eps = 0.1, ...): what a front end whose parameters always hold a value (a
    /// scikit-learn estimator) shows as its defaults. Not a request to run as it is: its FHAC and
    /// AFHAC values count as given.
    public static var effectiveDefaults: ClusteringRequest {
        var r = defaults
        (r.scheduleA, r.b, r.scheduleC, r.d, r.ideal) = (defaultScheduleA, defaultB, defaultScheduleC, defaultD, defaultIdeal)
        (r.eps, r.fairletSeed) = (defaultAFHACEps, defaultFairletSeed)
        return r
    }

    /// The value a parameter takes when it is not given, in words (`average`, `0.05`), or `nil`
    /// when not giving it means something else than a fixed value (`min_cluster_size`: from n;
    /// `memory_limit`: the memory available; `n_clusters`: required).
    public static func defaultValue(_ key: Key) -> String? {
        let r = defaults
        switch key {
        case .nClusters, .autoRules, .gridB, .gridD, .minClusterSize, .alpha, .ratio, .makefairVariant, .makefairH, .makefairK, .makefairEps,
            .microClusters, .memoryLimit, .nJobs:
            return nil
        case .method: return r.method.rawValue
        case .linkage: return r.linkage.rawValue
        case .metric: return r.metric.rawValue
        // Not given: the recommendation (fair by default); a fixed setting's rule is gain.
        case .rule, .auto, .b, .d: return nil
        case .schedule: return r.schedule.rawValue
        case .scheduleArg: return r.scheduleArg.rawValue
        case .scheduleA: return "\(defaultScheduleA)"
        case .scheduleC: return "\(defaultScheduleC)"
        case .ideal: return defaultIdeal
        case .implementation: return r.implementation.rawValue
        case .force: return "\(r.force)"
        case .search: return r.search.rawValue
        case .autoObjective: return r.autoObjective.rawValue
        case .maxQualityLoss: return "\(r.maxQualityLoss)"
        case .eps: return "\(defaultAFHACEps)"
        case .fairletSeed: return "\(defaultFairletSeed)"
        case .levelTolerance: return "\(r.levelTolerance)"
        case .form: return r.form.rawValue
        case .summarySeed: return "\(r.summarySeed)"
        case .hacForm: return r.hacForm.rawValue
        case .precision: return r.precision.rawValue
        case .groupMode: return r.groupMode.rawValue
        case .mergeRare: return "\(r.mergeRare)"
        case .rareFloor: return "\(r.rareFloor)"
        case .computeQuality: return "\(r.computeQuality)"
        }
    }
}
