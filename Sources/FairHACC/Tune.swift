import FairHACCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The search for the recommended setting over the C ABI (`fairhac tune`, Python's
/// `fairhac.tune`): a JSON request (ClusteringRequest's keys: linkage, metric, n_clusters,
/// auto_rules, grid_b, grid_d, schedule, ideal, auto_objective, max_quality_loss,
/// min_cluster_size, search, form, micro_clusters, force, resources, group options) and n x d
/// features with groups as ``fairhac_run`` takes them, in; the core's ``TuningPipeline`` decides
/// everything; the result, allocated here into `resultOut` (free it with `fairhac_free`), is
/// one JSON object: `best` (exactly best.json), `points` (grid.csv's points, each with its
/// cluster sizes and whether it is on the front), `screen` (screen.csv's, or null), `vanilla`,
/// `recommendation` (the asked objective's point index or null, improved, qualifying count),
/// `min_cluster_size`, `notices` (kind, text: threads lowered, form summarised, balance note)
/// and `seconds`.
@_cdecl("fairhac_tune")
public func fairhac_tune(
    _ requestJSON: UnsafePointer<CChar>?, _ x: UnsafePointer<Double>?, _ n: Int64, _ d: Int64,
    _ codes: UnsafePointer<Int64>?, _ groupsJSON: UnsafePointer<CChar>?,
    _ resultOut: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let n = Int(n)
        var request = try decodeRequest(requestJSON)
        request.method = .fhac
        try request.validate(.api)
        let features = try observations(x, n: n, d: Int(d))
        guard let groups = try labelAttributes(codes, n: n, groupsJSON: groupsJSON, request: request) else {
            throw InputError(message: "groups are required")
        }
        let tuning = try TuningPipeline(request, spelling: .api).run(
            on: ClusteringData(content: .features(features), attributes: groups), observer: PipelineObserver(cancellation: cancellation(cancel)))
        try writeAllocated(try TuneResult(tuning, request: request).json(), to: resultOut)
    }
}

/// The JSON result of `fairhac_tune`.
struct TuneResult: Encodable {
    struct Point: Encodable {
        var rule: String
        var b: Double
        var d: Double
        var mfc: Double
        var balance: Double
        var silhouette: Double?
        var minClusterSize: Int
        var dasguptaCost: Double?
        var seconds: Double
        var qualityLoss: Double?
        var treeCostRatio: Double?
        var degenerate: Bool
        var onFront: Bool
        var clusterSizes: [Int]
        /// Each attribute's own MFC and balance (several attributes).
        var attributeMfc: [Double]
        var attributeBalance: [Double]
    }

    struct Vanilla: Encodable {
        var mfc: Double
        var balance: Double
        var silhouette: Double?
        var minClusterSize: Int
        var dasguptaCost: Double?
        var degenerate: Bool
        var clusterSizes: [Int]
    }

    struct Chosen: Encodable {
        var index: Int?
        var improved: Bool
        var qualifyingCount: Int
    }

    struct Notice: Encodable {
        var kind: String
        var text: String
    }

    var best: TuningSummary
    var points: [Point]
    var screen: [Point]?
    var vanilla: Vanilla
    var recommendation: Chosen
    var minClusterSize: Int
    var notices: [Notice]
    var seconds: Double

    init(_ t: TuningOutcome, request: ClusteringRequest) {
        let outcome = t.outcome, criteria = t.criteria
        let front = outcome.paretoFront(t.objective, minimumClusterSize: criteria.minimumClusterSize)
        func rows(_ points: [GridSearch.Point], vanilla: PartitionEvaluation, front: [GridSearch.Point]) -> [Point] {
            let reference = GridSearch.Outcome(n: outcome.n, k: outcome.k, vanilla: vanilla, points: [])
            return points.map { p in
                Point(
                    rule: p.rule.name, b: p.b, d: p.d, mfc: p.mfc, balance: p.balance, silhouette: p.silhouette,
                    minClusterSize: p.minClusterSize, dasguptaCost: p.evaluation.dasguptaCost, seconds: p.seconds,
                    qualityLoss: reference.qualityLoss(p), treeCostRatio: reference.treeCostRatio(p),
                    degenerate: p.evaluation.isDegenerate(minimumSize: criteria.minimumClusterSize), onFront: front.contains(p),
                    clusterSizes: p.evaluation.clusterSizes, attributeMfc: p.evaluation.attributeMFC,
                    attributeBalance: p.evaluation.attributeBalance)
            }
        }
        best = TuningSummary(t, request: request)
        points = rows(outcome.points, vanilla: outcome.vanilla, front: front)
        screen = outcome.screen.map { rows($0.points, vanilla: $0.vanilla, front: []) }
        let v = outcome.vanilla
        vanilla = Vanilla(
            mfc: v.mfc, balance: v.balance, silhouette: v.silhouette, minClusterSize: v.minClusterSize, dasguptaCost: v.dasguptaCost,
            degenerate: v.isDegenerate(minimumSize: criteria.minimumClusterSize), clusterSizes: v.clusterSizes)
        let r = t.recommended
        recommendation = Chosen(
            index: r.point.flatMap { outcome.points.firstIndex(of: $0) }, improved: r.improved, qualifyingCount: r.qualifyingCount)
        minClusterSize = criteria.minimumClusterSize
        notices = t.notices.map { Notice(kind: $0.kind.rawValue, text: $0.text) }
        seconds = t.search.seconds
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // NaN cannot occur (undefined values are null), but a figure must never abort the result.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }
}
