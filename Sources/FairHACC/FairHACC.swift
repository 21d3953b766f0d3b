import FairHACCore

// The C ABI of FairHAC, for the Python package (python/fairhac/_native.py) and any other
// language with a C foreign-function interface. Only C types cross it: raw double/int64
// buffers owned by the caller, NUL-terminated strings, and an error buffer. Every function
// returns a status code (0 ok, 1 invalid input, 2 memory estimate refused, 3 internal error)
// and writes the error message, the CLI's text, into `err` (capacity `errCapacity`).
// Conversions live in Conversions.swift; these functions only wire them to the core.
//
// Output buffers are sized by the caller: Z (n - 1) x 4 doubles, labels n int64s, and so on.

/// Version of this ABI; bumped when a signature changes.
@_cdecl("fairhac_abi_version")
public func fairhac_abi_version() -> Int32 { 4 }

/// Vanilla HAC, scipy's `linkage`: `data` is n x d row-major features (precomputed = 0) or the
/// condensed distance vector of n observations (precomputed = 1). Writes Z into `zOut`.
@_cdecl("fairhac_linkage")
public func fairhac_linkage(
    _ data: UnsafePointer<Double>?, _ n: Int64, _ d: Int64, _ precomputed: Int32,
    _ linkage: UnsafePointer<CChar>?, _ metric: UnsafePointer<CChar>?,
    _ memoryBudget: Int64, _ threads: Int32,
    _ zOut: UnsafeMutablePointer<Double>?, _ cancel: UnsafeMutablePointer<Int32>?,
    _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let linkage = try named(linkage, "method", as: Linkage.self)
        var hac = HierarchicalClustering(linkage: linkage, parallelism: parallelism(threads), memoryBudget: budget(memoryBudget))
        hac.cancellation = cancellation(cancel)
        let tree: Dendrogram
        if precomputed != 0 {
            // As the CLI: estimated before the core's copy of the matrix is made.
            try MemoryEstimate.check(
                MemoryEstimate(observations: Int(n), dimension: 0, linkage: linkage, input: .precomputed),
                budget: budget(memoryBudget))
            tree = try hac.fit(distances: condensed(data, n: Int(n)))
        } else {
            let metric = try named(metric, "metric", as: Metric.self)
            tree = try hac.fit(observations(data, n: Int(n), d: Int(d)), metric: metric)
        }
        try write(tree, to: zOut)
    }
}

/// A fair tree: `method` is "fhac" (FairHierarchicalClustering) or "afhac-v" / "afhac-r"
/// (FairletHierarchicalClustering). `groups` holds n group ids in 0..<groupCount; `schedule` the
/// four values a, b, c, d; `idealKind` 0 data, 1 uniform, 2 the groupCount values in `ideal`.
/// AFHAC: `alpha` > 0 sets the cap (else `ratioB`:`ratioR` when both > 0, else the data's
/// largest share). `groupNames`: the groups' names separated by 0x1F (for messages), or null.
/// Writes Z, the ideal shares used (groupCount doubles) and, for AFHAC, `info`
/// = (fairlet count, largest fairlet size, cap alpha).
@_cdecl("fairhac_fit")
public func fairhac_fit(
    _ data: UnsafePointer<Double>?, _ n: Int64, _ d: Int64, _ precomputed: Int32,
    _ method: UnsafePointer<CChar>?, _ linkage: UnsafePointer<CChar>?, _ metric: UnsafePointer<CChar>?, _ k: Int64,
    _ groups: UnsafePointer<Int64>?, _ groupCount: Int64, _ groupNames: UnsafePointer<CChar>?, _ attributeSpec: UnsafePointer<CChar>?,
    _ rule: UnsafePointer<CChar>?, _ paperVariant: UnsafePointer<CChar>?,
    _ family: UnsafePointer<CChar>?, _ argument: UnsafePointer<CChar>?, _ schedule: UnsafePointer<Double>?,
    _ idealKind: Int32, _ ideal: UnsafePointer<Double>?,
    _ alpha: Double, _ ratioB: Int64, _ ratioR: Int64, _ eps: Double, _ fairletSeed: UInt64,
    _ force: Int32, _ memoryBudget: Int64, _ threads: Int32,
    _ zOut: UnsafeMutablePointer<Double>?, _ idealOut: UnsafeMutablePointer<Double>?, _ infoOut: UnsafeMutablePointer<Double>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let n = Int(n), budget = budget(memoryBudget)
        let method = try string(method, "method")
        let linkage = try named(linkage, "linkage", as: Linkage.self)
        let attributes = try protectedAttributes(groups, n: n, groupCount: Int(groupCount), names: groupNames, spec: attributeSpec)
        let parallelism = parallelism(threads)
        if method == "fhac" {
            let values = try doubles(schedule, 4, "schedule")
            let schedule = FairnessSchedule(
                family: try named(family, "schedule", as: FairnessSchedule.Family.self),
                argument: try named(argument, "schedule_arg", as: FairnessSchedule.Argument.self),
                a: values[0], b: values[1], c: values[2], d: values[3])
            var model = FairHierarchicalClustering(
                linkage: linkage, clusterCount: Int(k),
                rule: try selectionRule(try string(rule, "rule"), paperVariant: try named(paperVariant, "paper_variant", as: PaperVariant.self)),
                schedule: schedule, ideal: try idealShares(kind: idealKind, given: ideal, groupCount: Int(groupCount)),
                parallelism: parallelism, memoryBudget: budget)
            model.cancellation = cancellation(cancel)
            let result: FairHierarchicalClustering.Result
            if precomputed != 0 {
                try MemoryEstimate.check(
                    MemoryEstimate(observations: n, dimension: 0, linkage: linkage, input: .precomputed, fair: true), budget: budget)
                result = try model.fit(distances: condensed(data, n: n), attributes: attributes, force: force != 0)
            } else {
                let metric = try named(metric, "metric", as: Metric.self)
                result = try model.fit(observations(data, n: n, d: Int(d)), attributes: attributes, metric: metric, force: force != 0)
            }
            try write(result.dendrogram, to: zOut)
            write(result.ideal, to: idealOut)
        } else if method == "afhac-v" || method == "afhac-r" {
            guard attributes.attributeCount == 1 else {
                throw InputError(message: "AFHAC takes one protected attribute; with several, use group_mode='intersectional'")
            }
            let groups = attributes.attributes[0]
            guard linkage == .average else {
                throw InputError(message: "AFHAC is average linkage over fairlets; linkage '\(linkage.rawValue)' does not apply to method '\(method)'")
            }
            let cap: FairnessCap? =
                alpha > 0 ? try FairnessCap(alpha: alpha)
                : (ratioB > 0 && ratioR > 0 ? try FairnessCap(ratio: Int(ratioB), Int(ratioR)) : nil)
            let model = FairletHierarchicalClustering(
                objective: method == "afhac-v" ? .value : .revenue, cap: cap, epsilon: eps, seed: fairletSeed,
                parallelism: parallelism, memoryBudget: budget)
            let result: FairletHierarchicalClustering.Result
            if precomputed != 0 {
                result = try model.fit(distances: condensed(data, n: n), groups: groups)
            } else {
                let metric = try named(metric, "metric", as: Metric.self)
                result = try model.fit(observations(data, n: n, d: Int(d)), groups: groups, metric: metric)
            }
            try write(result.dendrogram, to: zOut)
            write(try IdealShares.data.resolve(for: groups), to: idealOut)
            write([Double(result.fairlets.count), Double(result.fairlets.largestFairletSize), result.cap.alpha], to: infoOut)
        } else {
            throw InputError(message: "method must be one of fhac, afhac-v, afhac-r here (hac is fairhac_linkage); got '\(method)'")
        }
    }
}

/// Fair post-processing (MakeFair, spec section 11) of the tree `z` ((n - 1) x 4, scipy's Z)
/// for the groups (as ``fairhac_fit``). `variant` "makefair" or "fairhc"; `h`, `k` <= 0 and
/// `eps` <= 0 take the defaults. Writes the binarised Z into `zOut` ((n - 1) x 4), for each of
/// its rows 1 when the row completes a real node, else 0 (a helper merge), into `completesOut`
/// (n - 1), `info` = (h, k, eps, recursion threshold, real nodes), and fairness at every level at
/// `tolerance` into `levelsOut`: 6 rows (min size, clusters, fair) for s = 2, 10, 1% of n, the
/// output's 3 rows then the input's.
@_cdecl("fairhac_make_fair")
public func fairhac_make_fair(
    _ z: UnsafePointer<Double>?, _ n: Int64,
    _ groups: UnsafePointer<Int64>?, _ groupCount: Int64, _ groupNames: UnsafePointer<CChar>?, _ attributeSpec: UnsafePointer<CChar>?,
    _ variant: UnsafePointer<CChar>?, _ h: Int64, _ k: Int64, _ eps: Double, _ tolerance: Double,
    _ zOut: UnsafeMutablePointer<Double>?, _ completesOut: UnsafeMutablePointer<Int64>?, _ infoOut: UnsafeMutablePointer<Double>?,
    _ levelsOut: UnsafeMutablePointer<Double>?,
    _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let n = Int(n)
        let input = try dendrogram(z, n: n)
        let attributes = try protectedAttributes(groups, n: n, groupCount: Int(groupCount), names: groupNames, spec: attributeSpec)
        let model = MakeFair(
            variant: try named(variant, "variant", as: MakeFair.Variant.self), h: h > 0 ? Int(h) : nil, k: k > 0 ? Int(k) : nil,
            epsilon: eps > 0 ? eps : nil)
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

/// Fairness of the k-partition of a tree, as the CLI's summary.json: per cluster (k x groupCount,
/// row-major) the counts, shares and deviations from `ideal`, and its balance (k); `summary` =
/// (mfc, mfc_sum, balance, fair-cut alpha, fair-cut k); the profile for k' = 2...profileMaxK as
/// rows (k', mfc, mfc_sum, balance), at most profileMaxK rows, their number in `profileCount`.
@_cdecl("fairhac_fairness")
public func fairhac_fairness(
    _ z: UnsafePointer<Double>?, _ n: Int64, _ k: Int64, _ groups: UnsafePointer<Int64>?, _ groupCount: Int64, _ groupNames: UnsafePointer<CChar>?,
    _ attributeSpec: UnsafePointer<CChar>?, _ ideal: UnsafePointer<Double>?, _ profileMaxK: Int64,
    _ countsOut: UnsafeMutablePointer<Double>?, _ sharesOut: UnsafeMutablePointer<Double>?,
    _ deviationsOut: UnsafeMutablePointer<Double>?, _ balanceOut: UnsafeMutablePointer<Double>?,
    _ summaryOut: UnsafeMutablePointer<Double>?, _ profileOut: UnsafeMutablePointer<Double>?,
    _ profileCount: UnsafeMutablePointer<Int64>?, _ attributeOut: UnsafeMutablePointer<Double>?,
    _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let n = Int(n), k = Int(k), g = Int(groupCount)
        let tree = try dendrogram(z, n: n)
        let groups = try protectedAttributes(groups, n: n, groupCount: g, names: groupNames, spec: attributeSpec)
        let ideal = try doubles(ideal, g, "ideal")
        let labels = try tree.labels(clusterCount: k)
        let fairness = PartitionFairness(labels: labels, clusterCount: k, attributes: groups, ideal: ideal)
        // Each attribute's own MFC and balance (A rows of 2).
        write((0..<groups.attributeCount).flatMap { [fairness.mfc(attribute: $0), fairness.balance(attribute: $0)] }, to: attributeOut)
        write(fairness.clusters.flatMap { $0.counts.map(Double.init) }, to: countsOut)
        write(fairness.clusters.flatMap(\.shares), to: sharesOut)
        write(fairness.clusters.flatMap(\.deviations), to: deviationsOut)
        write(fairness.clusters.map(\.balance), to: balanceOut)
        let cut = try? FairCutExtent(tree: tree, attributes: groups, ideal: ideal, k: k)
        write([fairness.mfc, fairness.mfcSum, fairness.balance, cut?.alpha ?? .nan, cut.map { Double($0.clusterCount) } ?? .nan], to: summaryOut)
        let levels = profileMaxK >= 2
            ? (try? FairnessProfile(tree: tree, attributes: groups, ideal: ideal, maxClusterCount: min(Int(profileMaxK), n)))?.levels ?? []
            : []
        write(levels.prefix(Int(max(0, profileMaxK))).flatMap { [Double($0.k), $0.mfc, $0.mfcSum, $0.balance] }, to: profileOut)
        profileCount?.pointee = Int64(min(levels.count, Int(max(0, profileMaxK))))
    }
}

/// Quality of a tree over n x d features, as the CLI's summary.json `quality`: `out` =
/// (silhouette of the k-partition, Euclidean, NaN when undefined; Dasgupta cost; Moseley-Wang
/// revenue; Cohen-Addad value; normalised revenue; normalised value (NaN when undefined)).
@_cdecl("fairhac_quality")
public func fairhac_quality(
    _ z: UnsafePointer<Double>?, _ x: UnsafePointer<Double>?, _ n: Int64, _ d: Int64, _ k: Int64, _ threads: Int32,
    _ out: UnsafeMutablePointer<Double>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let tree = try dendrogram(z, n: Int(n))
        let x = try observations(x, n: Int(n), d: Int(d))
        let labels = try tree.labels(clusterCount: Int(k))
        let quality = QualityPass.evaluate(tree: tree, labels: labels, observations: x, seeds: 5, parallelism: parallelism(threads))  // as the CLI
        let (silhouette, t, baseline) = (quality.silhouette, quality.tree, quality.baseline)
        write([
            silhouette ?? .nan, t.dasguptaCost, t.revenue, t.value,
            t.normalizedRevenue(baseline: baseline) ?? .nan, t.normalizedValue(baseline: baseline) ?? .nan,
        ], to: out)
    }
}

/// Number of columns of a grid point row written by `fairhac_tune`.
let tuneColumns = 11

/// `fairhac tune`: the grid search over `rules` (comma-separated names) x `gridB` x `gridD` on n x
/// d features. Each point (and the vanilla run, rule index -1) is a row of 11 doubles: rule index
/// in `rules`, b, d, mfc, balance, silhouette (NaN if none), smallest cluster, Dasgupta cost (NaN
/// if none), seconds, quality loss against vanilla (NaN if none), tree cost ratio (NaN if none);
/// `sizesOut` k cluster sizes per point. `frontOut` marks (1) the points on the Pareto front of
/// `objective` ("mfc" or "balance"); `recommendationOut` = (point index or -1, improved 0/1,
/// number of qualifying points). `minClusterSize` <= 0 means the CLI's default, max(2, ceil(n/100)).
@_cdecl("fairhac_tune")
public func fairhac_tune(
    _ x: UnsafePointer<Double>?, _ n: Int64, _ d: Int64, _ metric: UnsafePointer<CChar>?, _ linkage: UnsafePointer<CChar>?,
    _ k: Int64, _ groups: UnsafePointer<Int64>?, _ groupCount: Int64, _ groupNames: UnsafePointer<CChar>?,
    _ attributeSpec: UnsafePointer<CChar>?, _ rules: UnsafePointer<CChar>?, _ paperVariant: UnsafePointer<CChar>?,
    _ gridB: UnsafePointer<Double>?, _ gridBCount: Int64, _ gridD: UnsafePointer<Double>?, _ gridDCount: Int64,
    _ family: UnsafePointer<CChar>?, _ argument: UnsafePointer<CChar>?, _ idealKind: Int32, _ ideal: UnsafePointer<Double>?,
    _ objective: UnsafePointer<CChar>?, _ maxQualityLoss: Double, _ minClusterSize: Int64,
    _ force: Int32, _ memoryBudget: Int64, _ threads: Int32, _ pointCapacity: Int64,
    _ pointsOut: UnsafeMutablePointer<Double>?, _ sizesOut: UnsafeMutablePointer<Double>?, _ pointCount: UnsafeMutablePointer<Int64>?,
    _ vanillaOut: UnsafeMutablePointer<Double>?, _ vanillaSizesOut: UnsafeMutablePointer<Double>?,
    _ frontOut: UnsafeMutablePointer<Int64>?, _ recommendationOut: UnsafeMutablePointer<Int64>?, _ minClusterSizeOut: UnsafeMutablePointer<Int64>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let n = Int(n), g = Int(groupCount)
        let x = try observations(x, n: n, d: Int(d))
        let groups = try protectedAttributes(groups, n: n, groupCount: g, names: groupNames, spec: attributeSpec)
        let metric = try named(metric, "metric", as: Metric.self)
        let linkage = try named(linkage, "linkage", as: Linkage.self)
        let variant = try named(paperVariant, "paper_variant", as: PaperVariant.self)
        let ruleNames = try string(rules, "rules").split(separator: ",").map(String.init)
        let ruleList = try ruleNames.map { try selectionRule($0, paperVariant: variant) }
        let objective = try named(objective, "objective", as: GridSearch.Objective.self)
        let parallelism = parallelism(threads)
        try GridSearch.checkMemory(
            n: n, dimension: x.dimension, linkage: linkage, budget: budget(memoryBudget), threads: parallelism.threads)
        var search = GridSearch(
            linkage: linkage, clusterCount: Int(k), rules: ruleList,
            gridB: try doubles(gridB, Int(gridBCount), "grid_b"), gridD: try doubles(gridD, Int(gridDCount), "grid_d"),
            family: try named(family, "schedule", as: FairnessSchedule.Family.self),
            argument: try named(argument, "schedule_arg", as: FairnessSchedule.Argument.self),
            ideal: try idealShares(kind: idealKind, given: ideal, groupCount: g), parallelism: parallelism, force: force != 0)
        search.cancellation = cancellation(cancel)
        search.memoryBudget = budget(memoryBudget)
        guard search.pointCount <= Int(pointCapacity) else {
            throw InputError(message: "the grid has \(search.pointCount) points, more than the \(pointCapacity) allowed for")
        }
        let outcome = try search.run(x, attributes: groups, metric: metric)
        let criteria = RecommendationCriteria(
            maxQualityLoss: maxQualityLoss,
            minimumClusterSize: minClusterSize > 0 ? Int(minClusterSize) : PartitionEvaluation.defaultMinimumClusterSize(n: n))
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
