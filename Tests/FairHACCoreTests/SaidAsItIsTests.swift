import FairHACCore
import Foundation
import Testing

/// Issue 27, "wrong or unclear" and "traps" in the core: what a run cannot do is said as it is
/// (few distinct points, a budget below k micro-clusters, parameters given where they do not
/// apply), and values from the caller never trap.
@Suite("the core says what is true, and never traps on the caller's values")
struct SaidAsItIsTests {
    /// n rows over `distinct` points (0, 0), (1, 2), (2, 4), ..., two groups.
    static func repeated(n: Int, distinct: Int) throws -> (Observations, ProtectedAttributes) {
        let x = try Observations(count: n, dimension: 2, values: (0..<n).flatMap { i in [Double(i % distinct), Double(2 * (i % distinct))] })
        return (x, ProtectedAttributes(try GroupAssignment(labels: (0..<n).map { $0 % 2 == 0 ? "a" : "b" })))
    }

    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }

    @Test("few distinct points: the fair summarised form names how many and that k must be at most that; all-identical data: nothing to cluster")
    func fewDistinctPoints() throws {
        let (x, groups) = try Self.repeated(n: 3000, distinct: 3)
        let fair = FairHierarchicalClustering(linkage: .average, clusterCount: 5)
        let run = SummarisedClustering(clustering: HierarchicalClustering(linkage: .average), fair: fair, microClusters: 500)
        let few = Self.message { _ = try run.fit(x, groups: groups) }
        #expect(few.contains("only 3 distinct points among 3000 rows") && few.contains("k must be at most 3"), "\(few)")
        #expect(!few.contains("ask for more micro-clusters"))
        let (same, sameGroups) = try Self.repeated(n: 3000, distinct: 1)
        let one = Self.message { _ = try run.fit(same, groups: sameGroups) }
        #expect(one.contains("all 3000 rows are the same point") && one.contains("no number of micro-clusters"), "\(one)")
        #expect(x.distinctRowCount() == 3 && same.distinctRowCount() == 1 && RandomData.points(n: 50, d: 2, seed: 1).distinctRowCount() == 50)
        // Through the pipeline, vanilla: it runs, and a note says how many micro-clusters the data allowed.
        var request = ClusteringRequest(nClusters: 2)
        request.form = .summarised
        request.microClusters = 500
        let notes = NoticeLog()
        let outcome = try ClusteringPipeline(request, spelling: .api).run(
            on: ClusteringData(content: .features(x), attributes: groups), observer: PipelineObserver(notice: { notes.add($0.text) }))
        #expect(outcome.summarised?.result.summary.count == 3)
        #expect(notes.all.contains { $0.contains("only 3 distinct points among 3000 rows") && $0.contains("made 3 micro-clusters, not 500") }, "\(notes.all)")
        // Fair through the pipeline, and micro-clusters fewer than k asked for: refused before any work.
        request.method = .fhac
        request.nClusters = 5
        #expect(Self.message { _ = try ClusteringPipeline(request, spelling: .api).run(on: ClusteringData(content: .features(x), attributes: groups)) }
            .contains("only 3 distinct points"))
        request.microClusters = 4
        let asked = Self.message { _ = try ClusteringPipeline(request, spelling: .cli).run(on: ClusteringData(content: .features(x), attributes: groups)) }
        #expect(asked.contains("--micro-clusters 4 is fewer than -k 5"), "\(asked)")
    }

    @Test("a budget below k micro-clusters is refused for memory, saying what fits (auto used to pick m = 2 < k)")
    func budgetBelowK() throws {
        let n = 200_000, d = 10
        let refused = Self.message {
            _ = try FormDecision.defaultCount(n: n, d: d, linkage: .average, fair: true, budget: 160 << 20, threads: 2, clusters: 5000)
        }
        #expect(refused.contains("needs at least 5000 micro-clusters") && refused.contains("fits with at most about"), "\(refused)")
        do {
            _ = try FormDecision.defaultCount(n: n, d: d, linkage: .average, fair: true, budget: 160 << 20, threads: 2, clusters: 5000)
        } catch let ClusteringError.summaryTooSmallForClusters(_, available, k, fitting) {
            #expect(available == 160 << 20 && k == 5000 && fitting >= 2 && fitting < 5000)
        }
        // Enough memory for k: a count of at least k.
        #expect(try FormDecision.defaultCount(n: n, d: d, linkage: .average, fair: true, budget: 8 << 30, threads: 2, clusters: 50) >= 50)
        // A fair run asking for more clusters than the default target gets at least k micro-clusters.
        #expect(try FormDecision.defaultCount(n: n, d: d, linkage: .average, fair: true, budget: nil, threads: 2, clusters: 15_000) == 15_000)
    }

    @Test("--micro-clusters with form auto picking the exact form is said in a note; labels with form exact are refused")
    func formNotes() throws {
        var request = ClusteringRequest(nClusters: 2)
        request.microClusters = 30
        let notes = NoticeLog()
        let data = ClusteringData(content: .features(RandomData.points(n: 60, d: 2, seed: 1)), attributes: nil)
        _ = try ClusteringPipeline(request, spelling: .cli).run(on: data, observer: PipelineObserver(notice: { notes.add($0.text) }))
        #expect(notes.all.contains { $0.contains("--micro-clusters 30 configures the summarised form") && $0.contains("exact form") }, "\(notes.all)")
        var labelled = data
        labelled.microClusterLabels = (0..<60).map { $0 % 10 }
        var exact = ClusteringRequest(nClusters: 2)
        exact.form = .exact
        let refused = Self.message { _ = try ClusteringPipeline(exact, spelling: .api).run(on: labelled) }
        #expect(refused.contains("do not apply to form='exact'"), "\(refused)")
        #expect(try ClusteringPipeline(ClusteringRequest(nClusters: 2), spelling: .api).run(on: labelled).summarised != nil)
    }

    @Test("given by presence: b, d, a, c and ideal given to another method are refused whatever their value; left out, they take the defaults")
    func givenByPresence() throws {
        for configure in [{ (r: inout ClusteringRequest) in r.b = 0 }, { $0.d = 0 }, { $0.ideal = "data" }] {
            var r = ClusteringRequest(nClusters: 2)
            configure(&r)
            #expect(throws: ClusteringError.self) { try r.validate(.api) }
            r.method = .fhac
            try r.validate(.api)
        }
        var auto = ClusteringRequest(nClusters: 2)
        auto.method = .fhac
        auto.auto = true
        auto.scheduleA = 1
        #expect(Self.message { try auto.validate(.cli) }.contains("leave out"))
        let plain = ClusteringRequest(nClusters: 2)
        #expect(plain.scheduleValue == FairnessSchedule(family: .exp, argument: .progress, a: 1, b: 0, c: 1, d: 0))
        #expect(try plain.idealShares() == .data && plain.idealRule == ClusteringRequest.defaultIdeal)
        // JSON: a key present is given, null is not.
        let decoder = JSONDecoder()
        #expect(throws: ClusteringError.self) {
            try decoder.decode(ClusteringRequest.self, from: Data(#"{"n_clusters": 2, "method": "hac", "b": 0}"#.utf8)).validate(.api)
        }
        try decoder.decode(ClusteringRequest.self, from: Data(#"{"n_clusters": 2, "method": "hac", "b": null}"#.utf8)).validate(.api)
        // Every key round-trips through the encoder.
        var full = ClusteringRequest.effectiveDefaults
        full.method = .makefair
        (full.makefairH, full.makefairK, full.memoryLimit, full.autoRules) = (8, 2, 1 << 30, ["gain"])
        #expect(try decoder.decode(ClusteringRequest.self, from: JSONEncoder().encode(full)) == full)
    }

    @Test("a JSON value of the wrong kind names its key and what it holds: text, a fraction, a number too large")
    func decodingWords() throws {
        func decoded(_ json: String) -> String {
            Self.message { _ = try JSONDecoder().decode(ClusteringRequest.self, from: Data(json.utf8)) }
        }
        #expect(decoded(#"{"n_clusters": 2, "micro_clusters": "1180591620717411303424"}"#)
            .contains(#"micro_clusters must be an integer; got the text "1180591620717411303424""#))
        #expect(decoded(#"{"n_clusters": 2, "micro_clusters": 2.5}"#).contains("got 2.5 (not a whole number)"))
        #expect(decoded(#"{"n_clusters": 2, "micro_clusters": 1.2e21}"#).contains("too large"))
        #expect(decoded(#"{"n_clusters": 2, "makefair_k": true}"#).contains("makefair_k must be an integer; got true"))
    }

    @Test("summaries from outside: sizes past 2^31 - 1 in all and counts above a size are refused by name, not trapped")
    func summariesChecked() throws {
        let centroids = try Observations(count: 2, dimension: 1, values: [0, 1])
        let huge = Self.message { _ = try MicroClusterSummaries(sizes: [1 << 62, 1 << 62], centroids: centroids) }
        #expect(huge.contains("add up to more than 2147483647"), "\(huge)")
        let big = Self.message { _ = try MicroClusterSummaries(sizes: [Int(Int32.max), 1], centroids: centroids) }
        #expect(big.contains("by micro-cluster 1"), "\(big)")
        let counts = Self.message {
            _ = try MicroClusterSummaries(sizes: [3, 3], centroids: centroids, groupCounts: [Int32.max, 0, 1, 2], groupCount: 2)
        }
        #expect(counts.contains("micro-cluster 0 has group count 2147483647 in group column 0; expected 0 to its size 3"), "\(counts)")
        let shape = Self.message { _ = try MicroClusterSummaries(sizes: [3, 3], centroids: centroids, groupCounts: [1, 2, 1], groupCount: 2) }
        #expect(shape.contains("expected 2 x 2"), "\(shape)")
        _ = try MicroClusterSummaries(sizes: [3, 3], centroids: centroids, groupCounts: [1, 2, 3, 0], groupCount: 2)
    }

    @Test("k = 2^62 in the grid search and the fairness profile: refused or saturated, not trapped")
    func hugeK() throws {
        #expect(GridSearch.resultBytes(points: 10, clusterCount: 1 << 62, groupCount: 2) == .max)
        #expect(GridSearch.resultBytes(points: 10, clusterCount: 4, groupCount: Int.max) == .max)
        #expect(ResultFairness.profileDepth(k: 1 << 62) == .max)
        let x = RandomData.points(n: 40, d: 2, seed: 1)
        let groups = ProtectedAttributes(RandomData.groups(n: 40, m: 2, seed: 1))
        let grid = GridSearch(linkage: .average, clusterCount: 1 << 62, gridB: [0], gridD: [0])
        #expect(Self.message { _ = try grid.run(x, attributes: groups) }.contains("k must be between 2 and n = 40"))
    }
}

/// Notices collected from an observer (called on the pipeline's thread).
final class NoticeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [String] = []
    func add(_ text: String) { lock.withLock { texts.append(text) } }
    var all: [String] { lock.withLock { texts } }
}
