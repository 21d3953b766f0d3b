import FairHACCore
import Foundation
import Testing

@testable import FairHACIO

/// The summarised form from its micro-clusters' summaries (what the Spark port runs: a plan, one
/// ``MicroClusterTask`` per micro-cluster, then ``SummarisedTopRun``) gives the in-process
/// pipeline's tree and summary.json on the same micro-clusters, from label combinations instead
/// of rows.
@Suite("The summarised form from summaries")
struct SummarisedTopRunTests {
    static func data(n: Int, seed: UInt64) throws -> (Observations, [[String]], [Int]) {
        var rng = SplitMix64(seed: seed)
        var values: [Double] = []
        var sex: [String] = [], race: [String] = []
        for i in 0..<n {
            let blob = Double(rng.below(4)) * 3
            values += [blob + rng.unit(), blob * 0.5 + rng.unit()]
            sex.append(rng.unit() < 0.35 ? "f" : "m")
            race.append(["a", "b", "c"][i % 7 == 0 ? 2 : rng.below(2)])
        }
        let micro = (0..<n).map { ($0 * 7919) % 37 }
        return (try Observations(count: n, dimension: 2, values: values), [sex, race], micro)
    }

    /// What a distributed front end does: the plan, each micro-cluster's task over its rows, the run over summaries.
    static func distributed(_ request: ClusteringRequest, x: Observations, columns: [[String]], micro: [Int]) throws -> (SummarisedTopOutcome, [Merge]) {
        let n = x.count
        var combinationOf: [[String]: Int] = [:], combinations: [[String]] = [], counts: [Int] = []
        let rowCombination = (0..<n).map { i -> Int in
            let key = columns.map { $0[i] }
            if let j = combinationOf[key] {
                counts[j] += 1
                return j
            }
            combinationOf[key] = combinations.count
            combinations.append(key)
            counts.append(1)
            return combinations.count - 1
        }
        let groups = try LabelCombinations(names: ["sex", "race"], combinations: combinations, counts: counts)
        let labels = Array(Set(micro)).sorted()
        let rowsOf = labels.map { l in (0..<n).filter { micro[$0] == l } }
        let sizes = rowsOf.map(\.count)
        let plan = try SummarisedPlan.make(
            request: request, observationCount: n, dimension: x.dimension, groups: groups, sizes: sizes, qualitySampleSize: 0)
        var content = MicroClusterContent(
            observationCount: n, sizes: sizes, centroids: x, firstRows: rowsOf.map { $0[0] })
        var centroids: [Double] = [], samples: [Double] = [], start = [0], heights: [LocalHeights?] = [], merges: [Merge] = []
        var level: [LevelFairness.Row]?
        var offset = 0
        for (c, rows) in rowsOf.enumerated() {
            let out = try MicroClusterTask.run(
                request: request, plan: plan, index: c, offset: offset, rows: rows, points: x.selecting(rows: rows),
                combinations: rows.map { rowCombination[$0] })
            offset += rows.count - 1
            merges += out.merges
            centroids += out.centroid
            content.groupCounts += out.combinationCounts
            for i in out.sample { samples += Array(x.values[(rows[i] * 2)..<(rows[i] * 2 + 2)]) }
            start.append(start[start.count - 1] + out.sample.count)
            heights.append(out.heights)
            level = level.map { zip($0, out.levelRows).map { .init(minimumSize: $0.minimumSize, clusters: $0.clusters + $1.clusters, fair: $0.fair + $1.fair) } }
                ?? out.levelRows
        }
        content.centroids = try Observations(count: sizes.count, dimension: 2, values: centroids)
        content.groups = .combinations(groups)
        if plan.needsMembers {
            content.representatives = try Observations(count: start[start.count - 1], dimension: 2, values: samples)
            content.representativeStart = start
        }
        content.levelRows = level
        content.heights = heights
        let outcome = try SummarisedTopRun(request).run(on: content)
        return (outcome, merges + outcome.topMerges)
    }

    static func json(_ s: ClusteringSummary) throws -> String {
        var s = s
        s.input = ClusteringSummary.Input(
            source: "", kind: "features", rowsInFile: 0, rowsUsed: 0, rowsDropped: 0, features: [], nonNumericColumnsSkipped: [],
            constantFeatures: [], scaling: "none", sample: nil, seed: nil)
        // Feature means are compared on their own (micro-cluster centroids weighted by size equal
        // the rows' means up to rounding).
        for c in s.clusters.indices { s.clusters[c].featureMeans = nil }
        return String(decoding: try s.json(), as: UTF8.self)
    }

    @Test("Tree, labels and summary.json equal the in-process run", arguments: [
        (Linkage.average, ClusteringMethod.fhac, ProtectedAttributes.Mode.separate),
        (.ward, .fhac, .intersectional), (.average, .hac, .separate), (.ward, .hac, .intersectional),
    ])
    func equalsInProcess(linkage: Linkage, method: ClusteringMethod, mode: ProtectedAttributes.Mode) throws {
        let (x, columns, micro) = try Self.data(n: 600, seed: 4)
        var request = ClusteringRequest(nClusters: 4)
        request.method = method
        request.linkage = linkage
        request.groupMode = mode
        request.computeQuality = false
        request.summarySeed = 3
        if method == .fhac { request.d = 1 }
        var data = ClusteringData(
            content: .features(x),
            attributes: try ProtectedAttributes(labelColumns: columns, names: ["sex", "race"], mode: mode, rareFloor: 0.01, mergeRare: false))
        data.microClusterLabels = micro
        let whole = try ClusteringPipeline(request, spelling: .api).run(on: data)
        let (outcome, merges) = try Self.distributed(request, x: x, columns: columns, micro: micro)
        #expect(merges == whole.tree.merges)
        let inProcess = ClusteringSummary(whole, input: whole.summaryInput, groupColumn: nil)
        let distributed = ClusteringSummary(outcome, input: whole.summaryInput, groupColumn: nil)
        #expect(try Self.json(distributed) == Self.json(inProcess))
        #expect(distributed.clusters.count == inProcess.clusters.count)
        for (a, b) in zip(distributed.clusters, inProcess.clusters) {
            let (ma, mb) = (a.featureMeans ?? [:], b.featureMeans ?? [:])
            #expect(!ma.isEmpty && Set(ma.keys) == Set(mb.keys))
            for (name, value) in ma { #expect(abs(value - (mb[name] ?? .nan)) <= 1e-9 * max(1, abs(value)), "\(name)") }
        }
        #expect(outcome.monotoneHeights == whole.tree.isMonotone)
        if method == .fhac { #expect(distributed.vanilla != nil && distributed.fairAtEveryLevel != nil) }
    }

    @Test("Summaries that do not add up, and requests the distributed form does not run, are refused by name")
    func refusals() throws {
        let (x, columns, micro) = try Self.data(n: 200, seed: 1)
        var request = ClusteringRequest(nClusters: 2)
        request.method = .fhac
        var bad = request
        bad.method = .afhacV
        #expect(throws: ClusteringError.self) { try Self.distributed(bad, x: x, columns: columns, micro: micro) }
        bad = request
        bad.nClusters = 40
        #expect(throws: ClusteringError.self) { try Self.distributed(bad, x: x, columns: columns, micro: micro) }
        bad = request
        bad.ideal = "0.2,0.3,0.5"
        #expect(throws: ClusteringError.self) { try Self.distributed(bad, x: x, columns: columns, micro: micro) }
        #expect(throws: ClusteringError.self) {
            try LabelCombinations(names: ["s"], combinations: [["a"], ["a"]], counts: [1, 2])
        }
    }

    @Test("Label combinations with their counts give the groups, order and rare pool of one label per row")
    func combinationsEqualRows() throws {
        let columns = [["x", "y", "x", "z", "x", "y"], ["1", "1", "2", "2", "1", "1"]]
        for mode in ProtectedAttributes.Mode.allCases {
            for mergeRare in [false, true] {
                let rows = try? ProtectedAttributes(labelColumns: columns, names: ["a", "b"], mode: mode, rareFloor: 0.2, mergeRare: mergeRare)
                let combined = try? LabelCombinations(
                    names: ["a", "b"], combinations: [["x", "1"], ["y", "1"], ["x", "2"], ["z", "2"]], counts: [2, 2, 1, 1]
                ).attributes(mode: mode, rareFloor: 0.2, mergeRare: mergeRare)
                #expect(rows?.layout() == combined?.1)
                #expect((rows == nil) == (combined == nil))
            }
        }
    }

    @Test("The sparse seeded subsample draws the same rows as the whole shuffle")
    func subsample() {
        for (population, size, seed) in [(100_000, 10, UInt64(1)), (50_000, 6_000, 7), (9, 1, 3)] {
            var rng = SplitMix64(seed: seed)
            var pool = Array(0..<population)
            for i in 0..<size { pool.swapAt(i, i + rng.below(population - i)) }
            #expect(Subsample.indices(population: population, size: size, seed: seed) == pool[0..<size].sorted())
        }
    }
}

extension ClusteringOutcome {
    var summaryInput: ClusteringSummary.Input {
        ClusteringSummary.Input(
            source: "test", kind: "features", rowsInFile: tree.leafCount, rowsUsed: tree.leafCount, rowsDropped: 0, features: [],
            nonNumericColumnsSkipped: [], constantFeatures: [], scaling: "none", sample: nil, seed: nil)
    }
}
