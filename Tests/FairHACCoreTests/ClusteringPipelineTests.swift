import FairHACCore
import Foundation
import Testing

/// The one run behind every front end: its request (decoded, checked, spelled), its dispatch and
/// its outcome's fairness, computed once.
@Suite("ClusteringRequest and ClusteringPipeline")
struct ClusteringPipelineTests {
    static func data(groups: Int = 2, n: Int = 60) throws -> ClusteringData {
        let x = RandomData.points(n: n, d: 2, seed: 5)
        let labels = (0..<n).map { "g\($0 % groups)" }
        return ClusteringData(content: .features(x), attributes: ProtectedAttributes(try GroupAssignment(labels: labels), name: "grp"))
    }

    static func decode(_ json: String) throws -> ClusteringRequest {
        try JSONDecoder().decode(ClusteringRequest.self, from: Data(json.utf8))
    }

    @Test("a JSON request: defaults, every key, a size as text; unknown keys and wrong types refused by name")
    func decoding() throws {
        let plain = try Self.decode(#"{"n_clusters": 3}"#)
        #expect(plain == ClusteringRequest(nClusters: 3))
        let full = try Self.decode(
            #"{"n_clusters": 4, "method": "fhac", "rule": "paper:strict", "b": 1, "d": 0.5, "ideal": "uniform", "memory_limit": "2G", "n_jobs": 1, "group_mode": "intersectional"}"#)
        #expect(full.method == .fhac && full.rule == "paper:strict" && full.b == 1 && full.d == 0.5 && full.ideal == "uniform")
        #expect(full.memoryLimit == 2 << 30 && full.nJobs == 1 && full.groupMode == .intersectional)
        #expect(throws: ClusteringError.invalidRequest(
            "request: unknown parameter 'n_cluster'; known: " + ClusteringRequest.Key.allCases.map(\.rawValue).joined(separator: ", "))) {
            try Self.decode(#"{"n_cluster": 3}"#)
        }
        #expect(throws: ClusteringError.invalidRequest("b must be a number; got the text \"x\"")) { try Self.decode(#"{"n_clusters": 3, "b": "x"}"#) }
        #expect(throws: ClusteringError.invalidRequest("linkage must be one of single, complete, average, weighted, ward, centroid, median; got 'wards'")) {
            try Self.decode(#"{"n_clusters": 3, "linkage": "wards"}"#)
        }
        #expect(throws: ClusteringError.self) { try Self.decode(#"{"n_clusters": 3, "memory_limit": "5E"}"#) }
        #expect(throws: ClusteringError.invalidRequest("request: n_clusters is required")) { try Self.decode("{}") }
    }

    @Test("each method's constraints are the core's, spelled for the reader: the CLI's flags or the API's keys")
    func constraints() throws {
        var r = ClusteringRequest(nClusters: 2)
        r.method = .afhacV
        r.linkage = .ward
        #expect(throws: ClusteringError.invalidRequest("AFHAC is average linkage over fairlets; --linkage ward does not apply to --method afhac-v")) {
            try r.validate(.cli)
        }
        #expect(throws: ClusteringError.invalidRequest("AFHAC is average linkage over fairlets; linkage='ward' does not apply to method='afhac-v'")) {
            try r.validate(.api)
        }
        var hac = ClusteringRequest(nClusters: 2)
        hac.d = 1
        #expect(throws: ClusteringError.invalidRequest("-b, -d, --ideal, --auto and --force configure fair merging; use --fair")) {
            try hac.validate(.cli)
        }
        #expect(throws: ClusteringError.invalidRequest("b, d, ideal, auto and force configure fair merging; use method='fhac'")) {
            try hac.validate(.api)
        }
        // The finding of issue 22: AFHAC's ratio on three groups was refused by the CLI only. Now
        // every front end runs this check, because it is the pipeline's.
        var ratio = ClusteringRequest(nClusters: 2)
        ratio.method = .afhacV
        ratio.ratio = "1:2"
        #expect(throws: ClusteringError.invalidRequest("ratio b:r is the two-group form, but the data has 3 groups; use alpha")) {
            try ClusteringPipeline(ratio, spelling: .api).run(on: try Self.data(groups: 3))
        }
        var big = ClusteringRequest(nClusters: 61)
        big.method = .hac
        #expect(throws: ClusteringError.invalidInput("n_clusters 61 is larger than the number of observations (60)")) {
            try ClusteringPipeline(big, spelling: .api).run(on: try Self.data())
        }
    }

    @Test("a rule's parameter travels in its spec: every registered rule and parameter value round-trips")
    func ruleSpecs() throws {
        for rule in SelectionRule.registry {
            #expect(SelectionRule(spec: rule.spec) == rule)
            #expect(SelectionRule(spec: rule.name + ":nonsense") == nil)
        }
        #expect(SelectionRule(spec: "paper:strict") == .paper(.strict))
        #expect(SelectionRule(spec: "paper:additive")?.spec == "paper:additive")
        #expect(SelectionRule(spec: "paper:literal")?.spec == "paper")
        #expect(SelectionRule(spec: "gain:strict") == nil && SelectionRule(spec: "nope") == nil)
        #expect(SelectionRule.specList == "gain, window, paper[:literal|strict|additive], gain-penalised")
    }

    @Test("the outcome's fairness is the k-partition's, computed once; vanilla's figures beside it; fhac options recorded")
    func outcome() throws {
        var r = ClusteringRequest(nClusters: 3)
        r.method = .fhac
        r.d = 1
        let data = try Self.data()
        let o = try ClusteringPipeline(r, spelling: .api).run(on: data)
        let attributes = try #require(data.attributes)
        let f = try #require(o.fairness)
        let again = PartitionFairness(labels: o.labels, clusterCount: 3, attributes: attributes, ideal: f.ideal)
        #expect(f.partition == again)
        #expect(o.clusterSizes == again.clusters.map(\.size))
        #expect(f.profile?.levels.map(\.k) == Array(2...20))
        let v = try #require(o.vanilla)
        let vanilla = try HierarchicalClustering(linkage: .average).fit(try #require(data.features))
        let vf = PartitionFairness(labels: try vanilla.labels(clusterCount: 3), clusterCount: 3, attributes: attributes, ideal: f.ideal)
        #expect(v.mfc == vf.mfc && v.balance == vf.balance)
        #expect(o.options["rule"] == .string("gain") && o.options["d"] == .number(1))
        #expect(o.quality != nil && o.methodName == "fhac")
        let plain = try ClusteringPipeline(ClusteringRequest(nClusters: 3), spelling: .api).run(on: try Self.data())
        #expect(plain.methodName == "vanilla" && plain.vanilla == nil && plain.tree == vanilla)
    }

    @Test("notices: a degenerate partition and a lowered thread count reach the observer and the outcome")
    func notices() throws {
        var r = ClusteringRequest(nClusters: 6)
        r.nJobs = 1_000_000
        r.minClusterSize = 30
        let seen = NoticeLog()
        let o = try ClusteringPipeline(r, spelling: .api).run(on: try Self.data(), observer: PipelineObserver(notice: { seen.add($0) }))
        #expect(o.notices.map(\.kind) == [.threadsClamped, .degenerate])
        #expect(seen.all == o.notices)
        #expect(o.notices[1].text.hasSuffix("set the threshold with min_cluster_size"))
    }

    final class NoticeLog: @unchecked Sendable {
        private let lock = NSLock()
        private var notices: [ClusteringOutcome.Notice] = []
        func add(_ n: ClusteringOutcome.Notice) { lock.withLock { notices.append(n) } }
        var all: [ClusteringOutcome.Notice] { lock.withLock { notices } }
    }
}
