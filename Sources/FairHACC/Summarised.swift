import FairHACCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The summarised form past memory over the C ABI (spec section 10), for a distributed front end
// (the Spark port): the front end reads its table, runs its summariser and its per-micro-cluster
// tasks, and writes; the core decides and computes everything else, as for the in-process form.
//
// 1. `fairhac_summarised_plan` (driver): the request checked against n, d and the groups (the
//    distinct label combinations with their counts); the summariser's target m; the groups'
//    names, order and combination, the ideal shares. Again with the micro-clusters' sizes: the
//    member sample of the top, the below level's limit, the quality sample's rows.
// 2. `fairhac_micro_cluster` (each micro-cluster, where its rows are): its own tree with global
//    ids, its centroid, counts per label combination and member sample, and its merges' part of
//    fairness at every level.
// 3. `fairhac_run_summaries` (driver): the top over the summaries, the k-partition, its fairness,
//    vanilla HAC's top for reference, the silhouette on the quality sample, and the result JSON
//    whose "summary" is summary.json and "console" the text `fairhac cluster` prints.

/// The plan (``SummarisedPlan``) as JSON allocated here (free it with `fairhac_free`).
/// `inputJSON`: `{"n": rows, "d": features, "groups": {"names": [...], "combinations": [[label,
/// ...], ...], "counts": [...]} or null, "sizes": [...] or null, "quality_sample": rows}`.
@_cdecl("fairhac_summarised_plan")
public func fairhac_summarised_plan(
    _ requestJSON: UnsafePointer<CChar>?, _ inputJSON: UnsafePointer<CChar>?,
    _ resultOut: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        struct Input: Decodable {
            var n: Int
            var d: Int
            var groups: GroupsJSON?
            var sizes: [Int]?
            var qualitySample: Int?
        }
        let request = try decodeRequest(requestJSON)
        let input: Input = try decodeJSON(inputJSON, "plan input")
        let plan = try SummarisedPlan.make(
            request: request, observationCount: input.n, dimension: input.d, groups: try input.groups?.labelCombinations(),
            sizes: input.sizes, qualitySampleSize: max(0, input.qualitySample ?? 0))
        try writeAllocated(try snakeCaseEncoder().encode(plan), to: resultOut)
    }
}

/// One micro-cluster's task (``MicroClusterTask``): micro-cluster `index`, whose first merge is
/// global step `offset`, over its `s` rows `rows` (leaves, ascending) with features `x` (s x d)
/// and label combinations `combinations` (s, indices into the plan's; null without groups).
/// Writes its `s - 1` merges with global ids into `mergesOut` ((s - 1) x 4), its centroid
/// (`centroidOut`, d), its rows per combination (`countsOut`, one per combination), its member
/// sample as indices into `rows` (`sampleOut`, up to s; the count into `sampleCount`), its part of
/// fairness at every level (`levelOut`, 3 x (min size, clusters, fair)) and its heights
/// (`heightsOut` = first, last, monotone 0/1; NaN for one row).
@_cdecl("fairhac_micro_cluster")
public func fairhac_micro_cluster(
    _ requestJSON: UnsafePointer<CChar>?, _ planJSON: UnsafePointer<CChar>?, _ index: Int64, _ offset: Int64,
    _ rows: UnsafePointer<Int64>?, _ s: Int64, _ d: Int64, _ x: UnsafePointer<Double>?, _ combinations: UnsafePointer<Int64>?,
    _ mergesOut: UnsafeMutablePointer<Double>?, _ centroidOut: UnsafeMutablePointer<Double>?, _ countsOut: UnsafeMutablePointer<Int64>?,
    _ sampleOut: UnsafeMutablePointer<Int64>?, _ sampleCount: UnsafeMutablePointer<Int64>?, _ levelOut: UnsafeMutablePointer<Int64>?,
    _ heightsOut: UnsafeMutablePointer<Double>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let request = try decodeRequest(requestJSON)
        let plan: SummarisedPlan = try decodeJSON(planJSON, "plan")
        let s = Int(s)
        guard s >= 1, s <= plan.observationCount, let rows else { throw InputError(message: "micro-cluster \(index): \(s) rows") }
        let output = try MicroClusterTask.run(
            request: request, plan: plan, index: Int(index), offset: Int(offset),
            rows: UnsafeBufferPointer(start: rows, count: s).map { Int($0) }, points: try observations(x, n: s, d: Int(d)),
            combinations: combinations.map { p in UnsafeBufferPointer(start: p, count: s).map { Int($0) } },
            cancellation: cancellation(cancel))
        write(output.merges, to: mergesOut)
        write(output.centroid, to: centroidOut)
        if let countsOut { for (j, v) in output.combinationCounts.enumerated() { countsOut[j] = Int64(v) } }
        if let sampleOut { for (j, v) in output.sample.enumerated() { sampleOut[j] = Int64(v) } }
        sampleCount?.pointee = Int64(output.sample.count)
        if let levelOut {
            for (r, row) in output.levelRows.enumerated() {
                (levelOut[3 * r], levelOut[3 * r + 1], levelOut[3 * r + 2]) = (Int64(row.minimumSize), Int64(row.clusters), Int64(row.fair))
            }
        }
        let h = output.heights
        write([h?.first ?? .nan, h?.last ?? .nan, h.map { $0.monotone ? 1 : 0 } ?? .nan], to: heightsOut)
    }
}

/// The run over the m micro-clusters' summaries (``SummarisedTopRun``): `contentJSON` is
/// `{"n": rows, "m": micro-clusters, "d": features, "groups": as in the plan or null,
/// "sample_rows": r, "quality_rows": q, "level_rows": [[min size, clusters, fair] x 3] or null,
/// "summariser": {...}, "input": summary.json's input block, "group_column": text, "place": where
/// the results go and "seconds" how long the whole run took (for the console text)}; the buffers: `sizes` (m), `centroids` (m x d),
/// `firstRows` (m, each micro-cluster's smallest row), `groupCounts` (m x C per label combination,
/// or m x the values of every attribute; null without groups), `samples` (r x d) with `sampleStart` (m + 1; null for ward, centroid, median),
/// `heights` (m x 3 as `fairhac_micro_cluster` writes them, or null), `qualityX` (q x d) with
/// `qualityMicro` (q, each row's micro-cluster). Writes the top's m - 1 merges with global ids
/// into `topOut` ((m - 1) x 4), the top's Z over the micro-clusters (leaf c = micro-cluster c,
/// true sizes) into `topLocalOut`, each micro-cluster's cluster into `labelsOut` (m) and the result
/// JSON, allocated here, into `resultOut`: "summary" (summary.json), "summary_text" (its bytes as
/// the CLI writes them), "notes", "notices", "seconds", "console".
@_cdecl("fairhac_run_summaries")
public func fairhac_run_summaries(
    _ requestJSON: UnsafePointer<CChar>?, _ contentJSON: UnsafePointer<CChar>?,
    _ sizes: UnsafePointer<Int64>?, _ centroids: UnsafePointer<Double>?, _ firstRows: UnsafePointer<Int64>?,
    _ groupCounts: UnsafePointer<Int64>?, _ samples: UnsafePointer<Double>?, _ sampleStart: UnsafePointer<Int64>?,
    _ heights: UnsafePointer<Double>?, _ qualityX: UnsafePointer<Double>?, _ qualityMicro: UnsafePointer<Int64>?,
    _ topOut: UnsafeMutablePointer<Double>?, _ topLocalOut: UnsafeMutablePointer<Double>?, _ labelsOut: UnsafeMutablePointer<Int64>?,
    _ resultOut: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        struct Content: Decodable {
            var n: Int
            var m: Int
            var d: Int
            var groups: GroupsJSON?
            var sampleRows: Int?
            var qualityRows: Int?
            var levelRows: [[Int]]?
            var summariser: [String: String]?
            var input: InputJSON?
            var groupColumn: String?
            var place: String?
            var seconds: Double?
        }
        let request = try decodeRequest(requestJSON)
        let c: Content = try decodeJSON(contentJSON, "content")
        let (m, d) = (c.m, c.d)
        guard m >= 1, m <= Int(Int32.max), d >= 1, d <= Int(Int32.max) else { throw InputError(message: "content: m = \(m), d = \(d)") }
        var content = MicroClusterContent(
            observationCount: c.n, sizes: try integers(sizes, m, "sizes"), centroids: try named("centroids") { try observations(centroids, n: m, d: d) },
            firstRows: try integers(firstRows, m, "first_rows"))
        if let groups = try c.groups?.groupCounts() {
            content.groups = groups
            let width = groups.width
            content.groupCounts = try integers(groupCounts, m * width, "group_counts")
        }
        if let samples {
            let r = c.sampleRows ?? 0
            content.representatives = try named("member_samples") { try observations(samples, n: r, d: d) }
            content.representativeStart = try integers(sampleStart, m + 1, "member_offsets")
        }
        content.levelRows = try c.levelRows.map { rows in
            try rows.map { r in
                guard r.count == 3 else { throw InputError(message: "level_rows: expected [min size, clusters, fair] rows") }
                return LevelFairness.Row(minimumSize: r[0], clusters: r[1], fair: r[2])
            }
        }
        if let heights {
            let values = try doubles(heights, 3 * m, "heights")
            content.heights = (0..<m).map { i in
                values[3 * i].isNaN ? nil : LocalHeights(first: values[3 * i], last: values[3 * i + 1], monotone: values[3 * i + 2] != 0)
            }
        }
        if let qualityX, let q = c.qualityRows, q > 0 {
            content.qualityRows = try named("the quality sample") { try observations(qualityX, n: q, d: d) }
            content.qualityMicroClusters = try integers(qualityMicro, q, "quality micro-clusters")
        }
        content.summariser = c.summariser ?? content.summariser
        let outcome = try SummarisedTopRun(request).run(on: content, observer: PipelineObserver(cancellation: cancellation(cancel)))
        write(outcome.topMerges, to: topOut)
        write(TopLevel.weightedMerges(outcome.top, sizes: content.sizes), to: topLocalOut)
        if let labelsOut { for (i, l) in outcome.microClusterLabels.enumerated() { labelsOut[i] = Int64(l) } }
        let summary = ClusteringSummary(outcome, input: (c.input ?? InputJSON()).block(rows: c.n), groupColumn: c.groupColumn)
        let console = HumanSummary.text(
            summary, notes: outcome.notes, place: c.place, clusterSeconds: c.seconds ?? outcome.seconds["cluster_seconds"] ?? 0)
        let result = SummariesResult(
            summary: summary, summaryText: String(decoding: try summary.json(), as: UTF8.self), notes: outcome.notes,
            notices: outcome.notices.map { .init(kind: $0.kind.rawValue, text: $0.text) }, seconds: outcome.seconds, console: console)
        try writeAllocated(try result.json(), to: resultOut)
    }
}

/// `body`'s error with the buffer it read named first ("centroids: value at row 3, feature 0 is nan").
private func named<T>(_ what: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ClusteringError {
        throw InputError(message: "\(what): \(error)")
    }
}

/// The groups as JSON: the attributes' names and either the distinct label combinations with
/// their rows (`combinations`, `counts`) or each attribute's distinct values (`values`; counts
/// per attribute, separate mode).
struct GroupsJSON: Decodable {
    var names: [String]
    var combinations: [[String]]?
    var counts: [Int]?
    var values: [[String]]?

    func labelCombinations() throws -> LabelCombinations {
        guard let combinations, let counts else {
            throw InputError(message: "groups: give the label combinations and their counts")
        }
        return try LabelCombinations(names: names, combinations: combinations, counts: counts)
    }

    func groupCounts() throws -> GroupCounts {
        if let values { return .attributes(names: names, values: values) }
        return .combinations(try labelCombinations())
    }
}

/// summary.json's input block as the front end describes its table.
struct InputJSON: Decodable {
    var source: String?
    var kind: String?
    var rowsInFile: Int?
    var rowsDropped: Int?
    var features: [String]?
    var scaling: String?

    func block(rows: Int) -> ClusteringSummary.Input {
        ClusteringSummary.Input(
            source: source ?? "summaries", kind: kind ?? "features", rowsInFile: rowsInFile ?? rows + (rowsDropped ?? 0),
            rowsUsed: rows, rowsDropped: rowsDropped ?? 0, features: features ?? [], nonNumericColumnsSkipped: [],
            constantFeatures: [], scaling: scaling ?? "none", sample: nil, seed: nil)
    }
}

/// The JSON result of `fairhac_run_summaries`.
struct SummariesResult: Encodable {
    var summary: ClusteringSummary
    /// summary.json's bytes, as `fairhac cluster` writes them.
    var summaryText: String
    var notes: [String]
    var notices: [RunResult.Notice]
    var seconds: [String: Double]
    var console: String

    func json() throws -> Data { try snakeCaseEncoder().encode(self) }
}

/// The global Z ((n - 1) x 4) from each row's micro-cluster (`assignment`, n int64 dense in
/// 0..<m), the micro-clusters' local Zs concatenated in micro-cluster order (micro-cluster c's
/// s_c - 1 rows over its members in ascending row order; n - m rows in all) and the top's Z
/// ((m - 1) x 4), by the contract of docs/algorithm.md.
@_cdecl("fairhac_assemble")
public func fairhac_assemble(
    _ n: Int64, _ m: Int64, _ assignment: UnsafePointer<Int64>?, _ localZ: UnsafePointer<Double>?, _ topZ: UnsafePointer<Double>?,
    _ zOut: UnsafeMutablePointer<Double>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
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
            var merges: [Merge] = []
            for _ in 0..<(sizes[c] - 1) {
                let r = rows[(4 * at)..<(4 * at + 4)].map { $0 }
                guard r[0].isFinite, r[1].isFinite, r[3].isFinite, r[0] >= 0, r[1] >= 0, r[0] < 1e15, r[1] < 1e15, r[3] < 1e15 else {
                    throw InputError(message: "local Z row \(at) is not a valid merge")
                }
                merges.append(Merge(a: Int(r[0]), b: Int(r[1]), height: r[2], size: Int(r[3])))
                at += 1
            }
            local.append(try Dendrogram(leafCount: sizes[c], merges: merges))
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
