import FairHACCore
import FairHACDigest
// JSON only: FoundationEssentials, not Foundation, so that the library does not carry Foundation's
// internationalisation data (ICU, about 40 MB) into the Python wheel.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The whole clustering run over the C ABI: a JSON request (the keys of ClusteringRequest, which
// are the Python estimator's parameter names) and the data in, the tree and the labels into
// caller buffers, and everything else as one JSON result whose "summary" is byte for byte what
// `fairhac cluster` writes to summary.json. The core decides; this file only converts.

/// Runs one request. `data`: n x d row-major features (`kind` = 0), the condensed distances of n
/// observations (`kind` = 1), or nothing (`kind` = 2: a tree given in `treeZ` is post-processed
/// alone, `makefair` without features). Groups, when given, arrive as text so that the
/// core names and orders them as the CLI does: `codes` (n x A int64, row-major) index into each
/// attribute's values, and `groupsJSON` is `{"names": [A attribute names], "values": [[attribute
/// a's values], ...]}` (null: no groups).
/// `treeZ` ((n - 1) x 4, or null): the tree `makefair` post-processes instead of vanilla HAC's;
/// `microLabels` (n, or null): each row's micro-cluster, to run the summarised form on that summary.
/// Writes Z into `zOut` ((n - 1) x 4), the labels into `labelsOut` (n), the summarised form's
/// micro-cluster of each row into `microOut` (n, when given and summarised) and the result JSON,
/// allocated here, into `resultOut` (free it with `fairhac_free`).
@_cdecl("fairhac_run")
public func fairhac_run(
    _ requestJSON: UnsafePointer<CChar>?,
    _ data: UnsafePointer<Double>?, _ n: Int64, _ d: Int64, _ kind: Int32,
    _ codes: UnsafePointer<Int64>?, _ groupsJSON: UnsafePointer<CChar>?,
    _ treeZ: UnsafePointer<Double>?, _ microLabels: UnsafePointer<Int64>?,
    _ zOut: UnsafeMutablePointer<Double>?, _ labelsOut: UnsafeMutablePointer<Int64>?, _ microOut: UnsafeMutablePointer<Int64>?,
    _ resultOut: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let (request, described) = try RunInput.decode(requestJSON)
        try request.validate(.api)
        let n = Int(n)
        let attributes = try labelAttributes(codes, n: n, groupsJSON: groupsJSON, request: request)
        var units: FeatureUnits?, constant: [Int] = []
        let content: ClusteringData.Content
        switch kind {
        case 0:
            let x: Observations
            (x, units, constant) = try described.prepared(try observations(data, n: n, d: Int(d)))
            content = .features(x)
        case 1: content = .distances(MatrixHandOff(try precomputedMatrix(data, n: n, request: request)))
        case 2:
            guard n >= 1, n <= Int(Int32.max) else { throw InputError(message: "a tree needs 1 to \(Int32.max) leaves; got n = \(n)") }
            content = .observationCount(n)
        default: throw InputError(message: "data kind \(kind) is not 0 (features), 1 (distances) or 2 (a tree alone)")
        }
        var input = ClusteringData(content: content, attributes: attributes)
        input.featureUnits = units
        if let treeZ { input.inputTree = (try dendrogram(treeZ, n: n), "the given tree") }
        if let microLabels { input.microClusterLabels = UnsafeBufferPointer(start: microLabels, count: n).map { Int($0) } }
        let outcome = try ClusteringPipeline(request, spelling: .api).run(on: input, observer: PipelineObserver(cancellation: cancellation(cancel)))
        try write(outcome.tree, to: zOut)
        if let labelsOut { for (i, l) in outcome.labels.enumerated() { labelsOut[i] = Int64(l) } }
        if let microOut, let s = outcome.summarised { for (i, c) in s.result.summary.assignment.enumerated() { microOut[i] = Int64(c) } }
        let result = RunResult(outcome, input: described.summary(n: n, kind: ["features", "distances", "tree"][Int(kind)], constant: constant))
        try writeAllocated(try result.json(), to: resultOut)
    }
}

/// The size and digest of the file at `path` (the proof a results folder's manifest
/// `.fairhac-results` keeps of each file FairHAC wrote there; the CLI's and Python's writers
/// share it): into `sizeOut` and `digestOut`.
@_cdecl("fairhac_file_digest")
public func fairhac_file_digest(
    _ path: UnsafePointer<CChar>?, _ sizeOut: UnsafeMutablePointer<Int64>?, _ digestOut: UnsafeMutablePointer<UInt64>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let file = try string(path, "path")
        guard let digest = ContentDigest.of(file: file) else { throw InputError(message: "cannot read '\(file)'") }
        sizeOut?.pointee = Int64(digest.size)
        digestOut?.pointee = digest.value
    }
}

/// Frees a string the library allocated (the result of `fairhac_run`).
@_cdecl("fairhac_free")
public func fairhac_free(_ p: UnsafeMutablePointer<CChar>?) { p?.deallocate() }

/// Checks a JSON request without data: the parameters alone, as `fairhac_run` checks them first.
@_cdecl("fairhac_check_request")
public func fairhac_check_request(
    _ requestJSON: UnsafePointer<CChar>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) { try decodeRequest(requestJSON).validate(.api) }
}

/// The request from its JSON text.
func decodeRequest(_ text: UnsafePointer<CChar>?) throws -> ClusteringRequest {
    let json = try string(text, "request")
    do {
        return try JSONDecoder().decode(ClusteringRequest.self, from: Data(json.utf8))
    } catch let error as ClusteringError {
        throw error
    } catch {
        throw ClusteringError.invalidRequest("request: " + (JSONProblem.find(in: json)?.description ?? "not a JSON object of parameters (\(error))"))
    }
}

/// The distance matrix, after the memory estimate (before the core's copy is made).
private func precomputedMatrix(_ p: UnsafePointer<Double>?, n: Int, request: ClusteringRequest) throws -> DistanceMatrix {
    try MemoryEstimate.check(
        MemoryEstimate(observations: n, dimension: 0, linkage: request.linkage, input: .precomputed, fair: request.method == .fhac),
        budget: request.memoryBudget)
    return try condensed(p, n: n)
}

/// Protected attributes from codes and the groups' JSON (see ``fairhac_run``), built by the core as the CLI builds them.
func labelAttributes(
    _ codes: UnsafePointer<Int64>?, n: Int, groupsJSON: UnsafePointer<CChar>?, request: ClusteringRequest
) throws -> ProtectedAttributes? {
    guard let groupsJSON else { return nil }
    struct Groups: Decodable {
        var names: [String]
        var values: [[String]]
    }
    let groups: Groups
    do {
        groups = try JSONDecoder().decode(Groups.self, from: Data(String(cString: groupsJSON).utf8))
    } catch {
        let text = String(cString: groupsJSON)
        throw InputError(message: "groups: " + (JSONProblem.find(in: text)?.description ?? "expected {\"names\": [...], \"values\": [[...], ...]} (\(error))"))
    }
    let names = groups.names, values = groups.values
    guard values.count == names.count, !names.isEmpty else {
        throw InputError(message: "groups: \(values.count) value lists for \(names.count) attributes")
    }
    guard let codes else { throw InputError(message: "groups is missing") }
    let a = names.count
    let columns = try (0..<a).map { j in
        try (0..<n).map { i -> String in
            let c = Int(codes[i * a + j])
            guard c >= 0, c < values[j].count else { throw InputError(message: "groups: row \(i) has value index \(c) for '\(names[j])'") }
            return values[j][c]
        }
    }
    return try ProtectedAttributes(
        labelColumns: columns, names: names, mode: request.groupMode, rareFloor: request.rareFloor, mergeRare: request.mergeRare)
}

/// Copies `data` into a NUL-terminated buffer this library allocates.
func writeAllocated(_ data: Data, to out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws {
    guard let out else { throw InputError(message: "result output pointer is missing") }
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: data.count + 1)
    data.withUnsafeBytes { raw in
        for (i, byte) in raw.enumerated() { buffer[i] = CChar(bitPattern: byte) }
    }
    buffer[data.count] = 0
    out.pointee = buffer
}

/// The JSON result of `fairhac_run`.
struct RunResult: Encodable {
    struct Notice: Encodable {
        var kind: String
        var text: String
    }

    struct Summarised: Encodable {
        var microClusters: Int
        var memberSampleSize: Int
        var largestMicroCluster: Int
    }

    struct PostProcessing: Encodable {
        /// The rows of Z that complete a real (n-ary) node.
        var completingRows: [Int]
    }

    /// Exactly summary.json.
    var summary: ClusteringSummary
    var notes: [String]
    var notices: [Notice]
    var seconds: [String: Double]
    var summarised: Summarised?
    var postProcessing: PostProcessing?

    init(_ o: ClusteringOutcome, input: ClusteringSummary.Input) {
        summary = ClusteringSummary(o, input: input, groupColumn: nil)
        notes = o.notes
        notices = o.notices.map { Notice(kind: $0.kind.rawValue, text: $0.text) }
        seconds = o.seconds
        summarised = o.summarised.map {
            Summarised(
                microClusters: $0.result.summary.count, memberSampleSize: $0.result.memberSampleSize ?? 0,
                largestMicroCluster: $0.result.summary.largestSize)
        }
        postProcessing = o.postProcessing.map { PostProcessing(completingRows: $0.nary.completingRow.sorted()) }
    }

    /// The same encoder as summary.json: sorted snake_case keys.
    func json() throws -> Data { try snakeCaseEncoder().encode(self) }
}

/// The core's defaults and names, as JSON allocated here (free it with `fairhac_free`): the rules
/// (`rules`, and `rule_specs` with their parameters), the rules `auto` searches (`auto_rules`),
/// the grids (`grid_b`, `grid_d`, `paper_grid`), and the values each named parameter takes
/// (`methods`, `linkages`, `metrics`, ...), and the request's defaults (`request`, every key, null
/// where not given means a default computed from the data; `parameter_defaults`, the values the
/// optional ones take). Front ends read them instead of copying them, so a new method or form
/// reaches Python by being added to the core.
@_cdecl("fairhac_defaults")
public func fairhac_defaults(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    struct Defaults: Encodable {
        var rules = SelectionRule.names
        var ruleSpecs = SelectionRule.specList
        var autoRules = ClusteringRequest.defaultAutoRules
        var gridB = GridSearch.defaultGridB
        var gridD = GridSearch.defaultGridD
        var paperGrid = GridSearch.paperGrid
        var methods = ClusteringMethod.allCases.map(\.rawValue)
        var linkages = Linkage.allCases.map(\.rawValue)
        var metrics = Metric.allCases.map(\.rawValue)
        var schedules = FairnessSchedule.Family.allCases.map(\.rawValue)
        var scheduleArgs = FairnessSchedule.Argument.allCases.map(\.rawValue)
        var paperVariants = PaperVariant.allCases.map(\.rawValue)
        var objectives = GridSearch.Objective.allCases.map(\.rawValue)
        var groupModes = ProtectedAttributes.Mode.allCases.map(\.rawValue)
        var forms = FormChoice.allCases.map(\.rawValue)
        var searches = SearchStrategy.allCases.map(\.rawValue)
        var makefairVariants = MakeFair.Variant.allCases.map(\.rawValue)
        /// Every request parameter at its default (null: not given), as a JSON request.
        var request = ClusteringRequest.defaults
        /// The same with the value each parameter not given takes (b 0, ideal data, eps 0.1).
        var parameterDefaults = ClusteringRequest.effectiveDefaults
        /// Cells read as missing (the CLI's; Python reads a table's text cells the same way).
        var missingTokens = InvalidCells.missingTokens.sorted()
        /// Rows of the seeded quality sample, and the n above which the in-process run takes it.
        var qualitySampleSize = ClusteringRequest.qualitySampleSize
        var qualityLimit = ClusteringRequest.qualityLimit
        /// The summarised form's default number of micro-clusters: vanilla, fair.
        var microClusters = ["hac": FormDecision.defaultMicroClusters, "fhac": FormDecision.defaultFairMicroClusters]
        /// The most distinct label combinations the protected attributes may have.
        var maxLabelCombinations = LabelCombinations.maxCount
        /// The distance matrix's precisions (`precision`).
        var precisions = Precision.allCases.map(\.rawValue)
    }
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    guard let data = try? encoder.encode(Defaults()), (try? writeAllocated(data, to: out)) != nil else { return Status.internalError.rawValue }
    return Status.ok.rawValue
}

/// Bytes of a size such as `512M`, `8G`, `1.5GiB` or `4E` (the CLI's `--memory-limit`), or 0 when
/// it is not a size of 1 byte to 4 EiB: the one size parser, for the entry points that take bytes.
@_cdecl("fairhac_parse_size")
public func fairhac_parse_size(_ text: UnsafePointer<CChar>?) -> Int64 {
    guard let text, let bytes = MemoryBudget.parseSize(String(cString: text)) else { return 0 }
    return Int64(bytes)
}
