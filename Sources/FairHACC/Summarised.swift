import FairHACCore

// The summarised form over the C ABI (spec section 10): the whole pipeline, the top level alone
// over given micro-cluster summaries, and the assembly of the global Z. The last two are what a
// distributed implementation (the Spark port) calls on the driver.

/// The fair or vanilla configuration of the C entry points: `method` "hac" or "fhac".
private func topModels(
    method: UnsafePointer<CChar>?, linkage: Linkage, k: Int64, rule: UnsafePointer<CChar>?, paperVariant: UnsafePointer<CChar>?,
    family: UnsafePointer<CChar>?, argument: UnsafePointer<CChar>?, schedule: UnsafePointer<Double>?,
    ideal: IdealShares, parallelism: Parallelism, budget: Int?, cancel: Cancellation?
) throws -> (HierarchicalClustering, FairHierarchicalClustering?) {
    let method = try string(method, "method")
    var hac = HierarchicalClustering(linkage: linkage, parallelism: parallelism, memoryBudget: budget)
    hac.cancellation = cancel
    switch method {
    case "hac":
        return (hac, nil)
    case "fhac":
        let values = try doubles(schedule, 4, "schedule")
        var fhac = FairHierarchicalClustering(
            linkage: linkage, clusterCount: Int(k),
            rule: try selectionRule(try string(rule, "rule"), paperVariant: try named(paperVariant, "paper_variant", as: PaperVariant.self)),
            schedule: FairnessSchedule(
                family: try named(family, "schedule", as: FairnessSchedule.Family.self),
                argument: try named(argument, "schedule_arg", as: FairnessSchedule.Argument.self),
                a: values[0], b: values[1], c: values[2], d: values[3]),
            ideal: ideal, parallelism: parallelism, memoryBudget: budget)
        fhac.cancellation = cancel
        return (hac, fhac)
    default:
        throw InputError(message: "the summarised form runs method 'hac' or 'fhac' (AFHAC has no summarised form); got '\(method)'")
    }
}

/// The summarised form on n x d features: `microClusters` (the summariser's target m, >= 2) or,
/// when `labels` is given, each row's micro-cluster (n int64, any labels >= 0: renumbered densely
/// in increasing order). `groups` (n x A ids as in `fairhac_fit`) may be null for "hac". Writes
/// Z ((n - 1) x 4), the ideal shares (groupCount), each row's dense micro-cluster (`assignmentOut`,
/// n int64) and `infoOut` = (m, member sample size or 0 when exact, largest micro-cluster, and the
/// seconds of the summary, the top and the level below).
@_cdecl("fairhac_summarised")
public func fairhac_summarised(
    _ data: UnsafePointer<Double>?, _ n: Int64, _ d: Int64, _ method: UnsafePointer<CChar>?, _ linkage: UnsafePointer<CChar>?,
    _ metric: UnsafePointer<CChar>?, _ k: Int64,
    _ groups: UnsafePointer<Int64>?, _ groupCount: Int64, _ groupNames: UnsafePointer<CChar>?, _ attributeSpec: UnsafePointer<CChar>?,
    _ rule: UnsafePointer<CChar>?, _ paperVariant: UnsafePointer<CChar>?,
    _ family: UnsafePointer<CChar>?, _ argument: UnsafePointer<CChar>?, _ schedule: UnsafePointer<Double>?,
    _ idealKind: Int32, _ ideal: UnsafePointer<Double>?,
    _ microClusters: Int64, _ summarySeed: UInt64, _ labels: UnsafePointer<Int64>?,
    _ force: Int32, _ memoryBudget: Int64, _ threads: Int32,
    _ zOut: UnsafeMutablePointer<Double>?, _ idealOut: UnsafeMutablePointer<Double>?, _ assignmentOut: UnsafeMutablePointer<Int64>?,
    _ infoOut: UnsafeMutablePointer<Double>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let n = Int(n)
        let x = try observations(data, n: n, d: Int(d))
        let linkage = try named(linkage, "method", as: Linkage.self)
        let metric = try named(metric, "metric", as: Metric.self)
        let attributes = groupCount > 0
            ? try protectedAttributes(groups, n: n, groupCount: Int(groupCount), names: groupNames, spec: attributeSpec) : nil
        let (hac, fhac) = try topModels(
            method: method, linkage: linkage, k: k, rule: rule, paperVariant: paperVariant, family: family, argument: argument,
            schedule: schedule, ideal: try idealShares(kind: idealKind, given: ideal, groupCount: max(1, Int(groupCount))),
            parallelism: parallelism(threads), budget: budget(memoryBudget), cancel: cancellation(cancel))
        guard labels != nil || microClusters >= 2 else {
            throw InputError(message: "micro_clusters must be at least 2; got \(microClusters)")
        }
        var run = SummarisedClustering(clustering: hac, fair: fhac, microClusters: Int(max(2, microClusters)), seed: summarySeed)
        run.sampleSeed = summarySeed
        var given: MicroClusters?
        if let labels {
            given = try MicroClusters(
                assignment: UnsafeBufferPointer(start: labels, count: n).map { Int($0) }, observations: x, groups: attributes)
        }
        let result = try run.fit(x, groups: attributes, metric: metric, summary: given, force: force != 0)
        try write(result.dendrogram, to: zOut)
        write(result.ideal, to: idealOut)
        if let assignmentOut { for (i, c) in result.summary.assignment.enumerated() { assignmentOut[i] = Int64(c) } }
        write([
            Double(result.summary.count), Double(result.memberSampleSize ?? 0), Double(result.summary.largestSize),
            result.seconds.summary, result.seconds.top, result.seconds.below,
        ], to: infoOut)
    }
}

/// The top level alone over m given micro-cluster summaries: `sizes` (m int64), `centroids`
/// (m x d), `groupCounts` (m x groupCount int64, null for "hac"), `attributeOffsets` (A + 1 int64
/// delimiting the attributes in the counts; null: one attribute), and for average, complete,
/// single and weighted the member samples: `samples` (r x d) with `sampleStart` (m + 1 int64).
/// `idealKind` 0 (data: from the counts), 1 (uniform per attribute) or 2 (given). Writes the top's
/// Z ((m - 1) x 4, leaf c = micro-cluster c, the size column the true sizes) and the ideal shares.
@_cdecl("fairhac_summarised_top")
public func fairhac_summarised_top(
    _ m: Int64, _ d: Int64, _ sizes: UnsafePointer<Int64>?, _ centroids: UnsafePointer<Double>?,
    _ groupCounts: UnsafePointer<Int64>?, _ groupCount: Int64, _ attributeOffsets: UnsafePointer<Int64>?, _ attributeCount: Int64,
    _ samples: UnsafePointer<Double>?, _ sampleCount: Int64, _ sampleStart: UnsafePointer<Int64>?,
    _ method: UnsafePointer<CChar>?, _ linkage: UnsafePointer<CChar>?, _ metric: UnsafePointer<CChar>?, _ k: Int64,
    _ rule: UnsafePointer<CChar>?, _ paperVariant: UnsafePointer<CChar>?,
    _ family: UnsafePointer<CChar>?, _ argument: UnsafePointer<CChar>?, _ schedule: UnsafePointer<Double>?,
    _ idealKind: Int32, _ ideal: UnsafePointer<Double>?,
    _ force: Int32, _ memoryBudget: Int64, _ threads: Int32,
    _ zOut: UnsafeMutablePointer<Double>?, _ idealOut: UnsafeMutablePointer<Double>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let m = Int(m), g = Int(max(0, groupCount))
        guard m >= 1, m <= Int(Int32.max) else { throw InputError(message: "the top needs at least one micro-cluster; got m = \(m)") }
        guard let sizes else { throw InputError(message: "sizes is missing") }
        let sizeList = UnsafeBufferPointer(start: sizes, count: m).map { Int($0) }
        let counts: [Int32] = try {
            guard g > 0 else { return [] }
            guard let groupCounts else { throw InputError(message: "group_counts is missing") }
            return try UnsafeBufferPointer(start: groupCounts, count: m * g).map {
                guard $0 >= 0, $0 <= Int64(Int32.max) else { throw InputError(message: "group counts must be non-negative; got \($0)") }
                return Int32($0)
            }
        }()
        var representatives: Observations?
        var start: [Int] = []
        if let samples {
            guard let sampleStart else { throw InputError(message: "sample_offsets is missing") }
            representatives = try observations(samples, n: Int(sampleCount), d: Int(d))
            start = UnsafeBufferPointer(start: sampleStart, count: m + 1).map { Int($0) }
        }
        let summaries = try MicroClusterSummaries(
            sizes: sizeList, centroids: try observations(centroids, n: m, d: Int(d)), groupCounts: counts, groupCount: g,
            representatives: representatives, representativeStart: start)
        let linkage = try named(linkage, "method", as: Linkage.self)
        let metric = try named(metric, "metric", as: Metric.self)
        let (hac, fhac) = try topModels(
            method: method, linkage: linkage, k: k, rule: rule, paperVariant: paperVariant, family: family, argument: argument,
            schedule: schedule, ideal: .data, parallelism: parallelism(threads), budget: budget(memoryBudget), cancel: cancellation(cancel))
        try MemoryEstimate.check(
            MemoryEstimate(observations: max(2, m), dimension: Int(d), linkage: linkage, input: .features, fair: fhac != nil),
            budget: budget(memoryBudget))
        let top: Dendrogram
        if let fhac {
            var offsets = [0, g]
            if let attributeOffsets, attributeCount > 0 {
                offsets = UnsafeBufferPointer(start: attributeOffsets, count: Int(attributeCount) + 1).map { Int($0) }
                guard offsets.first == 0, offsets.last == g, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    throw InputError(message: "attribute offsets must rise from 0 to the number of group columns (\(g))")
                }
            }
            let shares: [Double]
            switch idealKind {
            case 0: shares = try summaries.dataShares(attributeOffsets: offsets)
            case 1:
                shares = (0..<(offsets.count - 1)).flatMap { a in
                    [Double](repeating: 1 / Double(offsets[a + 1] - offsets[a]), count: offsets[a + 1] - offsets[a])
                }
            case 2: shares = try doubles(ideal, g, "ideal")
            default: throw InputError(message: "ideal kind \(idealKind) is not 0 (data), 1 (uniform) or 2 (given)")
            }
            top = try fhac.fitTop(summaries, ideal: shares, metric: metric, force: force != 0).dendrogram
            write(shares, to: idealOut)
        } else {
            top = try hac.fitTop(summaries, metric: metric)
        }
        guard let zOut else { throw InputError(message: "Z output buffer is missing") }
        for (i, merge) in TopLevel.weightedMerges(top, sizes: sizeList).enumerated() {
            zOut[4 * i] = Double(merge.a)
            zOut[4 * i + 1] = Double(merge.b)
            zOut[4 * i + 2] = merge.height
            zOut[4 * i + 3] = Double(merge.size)
        }
    }
}

/// The global Z ((n - 1) x 4) from each row's micro-cluster (`assignment`, n int64 dense in
/// 0..<m), the micro-clusters' local Zs concatenated in micro-cluster order (micro-cluster c's
/// s_c - 1 rows over its members in ascending row order; n - m rows in all) and the top's Z
/// ((m - 1) x 4), by the contract of docs/algorithm.md.
@_cdecl("fairhac_assemble")
public func fairhac_assemble(
    _ n: Int64, _ m: Int64, _ assignment: UnsafePointer<Int64>?, _ localZ: UnsafePointer<Double>?, _ topZ: UnsafePointer<Double>?,
    _ zOut: UnsafeMutablePointer<Double>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let n = Int(n), m = Int(m)
        guard m >= 1, n >= m, n <= Int(Int32.max) else { throw InputError(message: "assembly: m = \(m) micro-clusters for n = \(n) rows") }
        guard let assignment else { throw InputError(message: "micro_cluster_labels is missing") }
        let labels = UnsafeBufferPointer(start: assignment, count: n).map { Int($0) }
        var sizes = [Int](repeating: 0, count: m)
        for (i, c) in labels.enumerated() {
            guard c >= 0, c < m else { throw InputError(message: "row \(i) is in micro-cluster \(c); expected 0..<\(m)") }
            sizes[c] += 1
        }
        if let empty = sizes.firstIndex(of: 0) {
            throw InputError(message: "micro-cluster \(empty) has no rows; number the micro-clusters densely (0..<m, every one used)")
        }
        let rows = try doubles(localZ, 4 * (n - m), "local Z")
        var local: [Dendrogram] = []
        var at = 0
        for c in 0..<m {
            let s = sizes[c]
            guard s >= 1 else { throw InputError(message: "micro-cluster \(c) has no rows; number the micro-clusters densely") }
            var merges: [Merge] = []
            for _ in 0..<(s - 1) {
                let r = rows[(4 * at)..<(4 * at + 4)].map { $0 }
                guard r[0].isFinite, r[1].isFinite, r[3].isFinite, r[0] >= 0, r[1] >= 0, r[0] < 1e15, r[1] < 1e15, r[3] < 1e15 else {
                    throw InputError(message: "local Z row \(at) is not a valid merge")
                }
                merges.append(Merge(a: Int(r[0]), b: Int(r[1]), height: r[2], size: Int(r[3])))
                at += 1
            }
            local.append(try Dendrogram(leafCount: s, merges: merges))
        }
        let tree = try SummarisedAssembly.assemble(assignment: labels, local: local, top: try dendrogramIgnoringSizes(topZ, m: m))
        try write(tree, to: zOut)
    }
}

/// The top's Z with its size column ignored (the true sizes count observations, not leaves).
private func dendrogramIgnoringSizes(_ z: UnsafePointer<Double>?, m: Int) throws -> Dendrogram {
    let values = try doubles(z, 4 * (m - 1), "top Z")
    var merges: [Merge] = []
    var size = [Int](repeating: 1, count: max(1, 2 * m - 1))
    for i in 0..<(m - 1) {
        let a = values[4 * i], b = values[4 * i + 1]
        guard a.isFinite, b.isFinite, a >= 0, b >= 0, a < Double(m + i), b < Double(m + i), a == a.rounded(), b == b.rounded() else {
            throw InputError(message: "top Z row \(i) does not join two earlier nodes")
        }
        let s = size[Int(a)] + size[Int(b)]
        size[m + i] = s
        merges.append(Merge(a: Int(a), b: Int(b), height: values[4 * i + 2], size: s))
    }
    return try Dendrogram(leafCount: m, merges: merges)
}
