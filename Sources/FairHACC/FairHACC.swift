import FairHACCore

// The C ABI of FairHAC, for the Python package (python/fairhac/_native.py) and any other
// language with a C foreign-function interface. Only C types cross it: raw double/int64
// buffers owned by the caller, NUL-terminated strings, and an error buffer. Every function
// returns a status code (0 ok, 1 invalid input, 2 memory estimate refused, 3 internal error)
// and writes the error message, the CLI's text, into `err` (capacity `errCapacity`).
// Conversions live in Conversions.swift; these functions only wire them to the core.
//
// Output buffers are sized by the caller: Z (n - 1) x 4 doubles, labels n int64s, and so on.
// A whole clustering run (checks, method, fairness, quality) is `fairhac_run` (Run.swift), whose
// JSON request and result are the core's ClusteringRequest and the CLI's summary.json.

/// Version of this ABI; bumped when a signature changes.
@_cdecl("fairhac_abi_version")
public func fairhac_abi_version() -> Int32 { 6 }

/// Vanilla HAC, scipy's `linkage`: `data` is n x d row-major features (precomputed = 0) or the
/// condensed distance vector of n observations (precomputed = 1); `precision` the distance
/// matrix's ("double" or "single"; NULL: double). Writes Z into `zOut`.
@_cdecl("fairhac_linkage")
public func fairhac_linkage(
    _ data: UnsafePointer<Double>?, _ n: Int64, _ d: Int64, _ precomputed: Int32,
    _ linkage: UnsafePointer<CChar>?, _ metric: UnsafePointer<CChar>?,
    _ memoryBudget: Int64, _ threads: Int32, _ precision: UnsafePointer<CChar>?,
    _ zOut: UnsafeMutablePointer<Double>?, _ cancel: UnsafeMutablePointer<Int32>?,
    _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let linkage = try named(linkage, "method", as: Linkage.self)
        var hac = HierarchicalClustering(linkage: linkage, parallelism: parallelism(threads), memoryBudget: budget(memoryBudget))
        hac.cancellation = cancellation(cancel)
        if precision != nil { hac.precision = try named(precision, "precision", as: Precision.self) }
        let tree: Dendrogram
        if precomputed != 0 {
            // As the CLI: estimated before the core's copy of the matrix is made.
            try MemoryEstimate.check(
                MemoryEstimate(observations: Int(n), dimension: 0, linkage: linkage, input: .precomputed, precision: hac.precision),
                budget: budget(memoryBudget))
            tree = try hac.fit(distances: condensed(data, n: Int(n)))
        } else {
            let metric = try named(metric, "metric", as: Metric.self)
            tree = try hac.fit(observations(data, n: Int(n), d: Int(d)), metric: metric)
        }
        try write(tree, to: zOut)
    }
}

/// Fair post-processing (MakeFair, spec section 11) of the tree `z` ((n - 1) x 4, scipy's Z)
/// for the groups (as ``fairhac_run``): the JSON request's makefair_variant, makefair_h,
/// makefair_k, makefair_eps, level_tolerance and group options. Writes the binarised Z into `zOut` ((n - 1) x 4), for each of
/// its rows 1 when the row completes a real node, else 0 (a helper merge), into `completesOut`
/// (n - 1), `info` = (h, k, eps, recursion threshold, real nodes), and fairness at every level at
/// `tolerance` into `levelsOut`: 6 rows (min size, clusters, fair) for s = 2, 10, 1% of n, the
/// output's 3 rows then the input's.
@_cdecl("fairhac_make_fair")
public func fairhac_make_fair(
    _ requestJSON: UnsafePointer<CChar>?, _ z: UnsafePointer<Double>?, _ n: Int64,
    _ codes: UnsafePointer<Int64>?, _ groupsJSON: UnsafePointer<CChar>?,
    _ zOut: UnsafeMutablePointer<Double>?, _ completesOut: UnsafeMutablePointer<Int64>?, _ infoOut: UnsafeMutablePointer<Double>?,
    _ levelsOut: UnsafeMutablePointer<Double>?,
    _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let n = Int(n)
        let request = try decodeRequest(requestJSON)
        try request.validate(.api)
        let input = try dendrogram(z, n: n)
        guard let attributes = try labelAttributes(codes, n: n, groupsJSON: groupsJSON, request: request) else {
            throw InputError(message: "groups are required")
        }
        let model = request.makeFair
        let tolerance = request.levelTolerance
        let result = try model.run(tree: input, attributes: attributes)
        try write(result.dendrogram, to: zOut)
        if let completesOut {
            for i in 0..<(n - 1) { completesOut[i] = 0 }
            for row in result.tree.completingRow { completesOut[row] = 1 }
        }
        let p = result.parameters
        write([Double(p.h), Double(p.k), p.epsilon, Double(p.recursionThreshold), Double(result.tree.internalCount)], to: infoOut)
        let ideal = try IdealShares.data.resolve(for: attributes)
        let after = try LevelFairness(tree: result.tree, ideal: ideal, tolerance: tolerance)
        let before = try LevelFairness(tree: input, attributes: attributes, ideal: ideal, tolerance: tolerance)
        write((after.rows + before.rows).flatMap { [Double($0.minimumSize), Double($0.clusters), Double($0.fair)] }, to: levelsOut)
    }
}

/// The k clusters of a tree (its first n - k merges), numbered by first appearance, into `labelsOut`.
@_cdecl("fairhac_labels")
public func fairhac_labels(
    _ z: UnsafePointer<Double>?, _ n: Int64, _ k: Int64, _ labelsOut: UnsafeMutablePointer<Int64>?,
    _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let labels = try dendrogram(z, n: Int(n)).labels(clusterCount: Int(k))
        guard let labelsOut else { throw InputError(message: "labels output buffer is missing") }
        for (i, l) in labels.enumerated() { labelsOut[i] = Int64(l) }
    }
}

/// Number of columns of a grid point row written by `fairhac_tune`.
let tuneColumns = 11

/// `fairhac tune`: the grid search over the JSON request's `auto_rules` x `gridB` x `gridD` (a
/// negative count: the default grid of the request's schedule argument) on n x d features, with
/// the request's linkage, metric, n_clusters, schedule, ideal, auto_objective, max_quality_loss,
/// min_cluster_size, force and resources, and groups as ``fairhac_run`` takes them. Each point (and the vanilla run, rule index -1) is a row of 11 doubles: rule index
/// in `rules`, b, d, mfc, balance, silhouette (NaN if none), smallest cluster, Dasgupta cost (NaN
/// if none), seconds, quality loss against vanilla (NaN if none), tree cost ratio (NaN if none);
/// `sizesOut` k cluster sizes per point. `frontOut` marks (1) the points on the Pareto front of
/// `objective` ("mfc" or "balance"); `recommendationOut` = (point index or -1, improved 0/1,
/// number of qualifying points). `minClusterSize` <= 0 means the CLI's default, max(2, ceil(n/100)).
@_cdecl("fairhac_tune")
public func fairhac_tune(
    _ requestJSON: UnsafePointer<CChar>?, _ x: UnsafePointer<Double>?, _ n: Int64, _ d: Int64,
    _ codes: UnsafePointer<Int64>?, _ groupsJSON: UnsafePointer<CChar>?,
    _ gridB: UnsafePointer<Double>?, _ gridBCount: Int64, _ gridD: UnsafePointer<Double>?, _ gridDCount: Int64,
    _ pointCapacity: Int64,
    _ pointsOut: UnsafeMutablePointer<Double>?, _ sizesOut: UnsafeMutablePointer<Double>?, _ pointCount: UnsafeMutablePointer<Int64>?,
    _ vanillaOut: UnsafeMutablePointer<Double>?, _ vanillaSizesOut: UnsafeMutablePointer<Double>?,
    _ frontOut: UnsafeMutablePointer<Int64>?, _ recommendationOut: UnsafeMutablePointer<Int64>?, _ minClusterSizeOut: UnsafeMutablePointer<Int64>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let n = Int(n)
        let request = try decodeRequest(requestJSON)
        try request.validate(.api)
        let x = try observations(x, n: n, d: Int(d))
        guard let groups = try labelAttributes(codes, n: n, groupsJSON: groupsJSON, request: request) else {
            throw InputError(message: "groups are required")
        }
        let (linkage, metric, objective) = (request.linkage, request.metric, request.autoObjective)
        let ruleList = try request.autoRuleList()
        let parallelism = request.parallelism.parallelism
        try GridSearch.checkMemory(n: n, dimension: x.dimension, linkage: linkage, budget: request.memoryBudget, threads: parallelism.threads)
        let grids = request.autoGrids
        var search = GridSearch(
            linkage: linkage, clusterCount: request.nClusters, rules: ruleList,
            gridB: gridBCount < 0 ? grids.b : try doubles(gridB, Int(gridBCount), "grid_b"),
            gridD: gridDCount < 0 ? grids.d : try doubles(gridD, Int(gridDCount), "grid_d"),
            family: request.schedule, argument: request.scheduleArg, ideal: try request.idealShares(.api), parallelism: parallelism,
            force: request.force)
        search.cancellation = cancellation(cancel)
        search.memoryBudget = request.memoryBudget
        guard search.pointCount <= Int(pointCapacity) else {
            throw InputError(message: "the grid has \(search.pointCount) points, more than the \(pointCapacity) allowed for")
        }
        let outcome = try search.run(x, attributes: groups, metric: metric)
        let criteria = request.criteria(n: n)
        func row(_ rule: Int, _ b: Double, _ d: Double, _ e: PartitionEvaluation, _ seconds: Double, _ loss: Double?, _ ratio: Double?) -> [Double] {
            [Double(rule), b, d, e.mfc, e.balance, e.silhouette ?? .nan, Double(e.minClusterSize), e.dasguptaCost ?? .nan,
             seconds, loss ?? .nan, ratio ?? .nan]
        }
        let index = { (p: GridSearch.Point) in outcome.points.firstIndex(of: p) }
        write(outcome.points.flatMap { p in
            row(ruleList.firstIndex(of: p.rule) ?? -1, p.b, p.d, p.evaluation, p.seconds, outcome.qualityLoss(p), outcome.treeCostRatio(p))
        }, to: pointsOut)
        write(outcome.points.flatMap { $0.evaluation.clusterSizes.map(Double.init) }, to: sizesOut)
        pointCount?.pointee = Int64(outcome.points.count)
        write(row(-1, 0, 0, outcome.vanilla, 0, nil, nil), to: vanillaOut)
        write(outcome.vanilla.clusterSizes.map(Double.init), to: vanillaSizesOut)
        if let frontOut {
            for i in outcome.points.indices { frontOut[i] = 0 }
            for p in outcome.paretoFront(objective, minimumClusterSize: criteria.minimumClusterSize) {
                if let i = index(p) { frontOut[i] = 1 }
            }
        }
        let recommendation = outcome.recommendation(objective, criteria: criteria)
        if let recommendationOut {
            recommendationOut[0] = Int64(recommendation.point.flatMap(index) ?? -1)
            recommendationOut[1] = recommendation.improved ? 1 : 0
            recommendationOut[2] = Int64(recommendation.qualifyingCount)
        }
        minClusterSizeOut?.pointee = Int64(criteria.minimumClusterSize)
    }
}

/// The CLI's default `--scale zscore` (population standard deviation; constant features only
/// centred) of n x d features, into `out` (n x d); the indices of constant features go to
/// `constantOut` (up to d), their number to `constantCount`.
@_cdecl("fairhac_zscore")
public func fairhac_zscore(
    _ x: UnsafePointer<Double>?, _ n: Int64, _ d: Int64, _ out: UnsafeMutablePointer<Double>?,
    _ constantOut: UnsafeMutablePointer<Int64>?, _ constantCount: UnsafeMutablePointer<Int64>?,
    _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let (scaled, constant) = try observations(x, n: Int(n), d: Int(d)).scaled(.zscore)
        write(scaled.values, to: out)
        if let constantOut { for (i, j) in constant.enumerated() { constantOut[i] = Int64(j) } }
        constantCount?.pointee = Int64(constant.count)
    }
}

/// The grid search's default values: `which` 0 = b, 1 = d (schedule argument progress), 2 = the
/// paper's grid (schedule argument merges). Returns how many values there are; writes up to
/// `capacity` of them into `out`.
@_cdecl("fairhac_default_grid")
public func fairhac_default_grid(_ which: Int32, _ out: UnsafeMutablePointer<Double>?, _ capacity: Int64) -> Int64 {
    let grid = which == 0 ? GridSearch.defaultGridB : which == 1 ? GridSearch.defaultGridD : GridSearch.paperGrid
    write(Array(grid.prefix(Int(max(0, capacity)))), to: out)
    return Int64(grid.count)
}
