import Foundation
import Testing

@testable import FairHACCore

/// The search for the recommended setting (issue 28): one pipeline behind every front end, the
/// fast search against the full grid, fair by default, and the vanilla reference a plain run's.
@Suite("Tuning: the fast search and the pipeline")
struct TuningTests {
    /// Three Gaussian-ish blobs whose groups are skewed per blob, so that fairness costs something.
    static func data(n: Int = 240, seed: UInt64 = 11, duplicates: Bool = false) throws -> ClusteringData {
        var rng = SplitMix64(seed: seed)
        var values: [Double] = [], labels: [String] = []
        for i in 0..<n {
            let blob = i % 3
            let (cx, cy) = [(0.0, 0.0), (3.0, 0.5), (1.0, 3.0)][blob]
            var x = cx + rng.unit() + rng.unit() - 1, y = cy + rng.unit() + rng.unit() - 1
            if duplicates { (x, y) = ((x * 2).rounded() / 2, (y * 2).rounded() / 2) }
            values += [x, y]
            let skew = [0.8, 0.3, 0.5][blob]
            labels.append(rng.unit() < skew ? "a" : "b")
        }
        let x = try Observations(count: n, dimension: 2, values: values)
        return ClusteringData(content: .features(x), attributes: ProtectedAttributes(try GroupAssignment(labels: labels), name: "grp"))
    }

    static func request(_ search: SearchStrategy, linkage: Linkage = .ward) -> ClusteringRequest {
        var r = ClusteringRequest(nClusters: 3)
        r.method = .fhac
        r.linkage = linkage
        r.search = search
        r.gridB = [0, 1, 4]
        r.gridD = [0, 0.1, 0.5, 1, 2]
        r.nJobs = 2
        return r
    }

    /// The search with the screen forced on small data: `screen` micro-clusters, any size screened.
    static func fast(_ request: ClusteringRequest, screen: Int, policy: (inout FastSearch.Policy) -> Void = { _ in }) throws -> TuningOutcome {
        var p = TuningPipeline(request, spelling: .api)
        p.policy.gridBelow = 0
        p.policy.screenMicroClusters = screen
        policy(&p.policy)
        return try p.run(on: try data())
    }

    @Test("fast search: every confirmed point is the full grid's point, and the recommendation meets the constraints")
    func confirmedPointsAreTheGrid() throws {
        for linkage in [Linkage.ward, .average] {
            let grid = try TuningPipeline(Self.request(.grid, linkage: linkage), spelling: .api).run(on: try Self.data())
            let fast = try Self.fast(Self.request(.fast, linkage: linkage), screen: 40)
            #expect(grid.outcome.screen == nil && grid.search.pointsEvaluated == grid.search.gridPoints)
            #expect(fast.outcome.screen?.points.count == grid.search.gridPoints)
            #expect(fast.search.pointsEvaluated == fast.outcome.points.count && fast.outcome.points.count < grid.outcome.points.count)
            #expect(fast.outcome.vanilla == grid.outcome.vanilla)
            // Measured exactly as the grid measures them.
            for p in fast.outcome.points {
                let same = try #require(grid.outcome.points.first { $0.setting == p.setting })
                #expect(p.evaluation == same.evaluation)
            }
            for o in GridSearch.Objective.allCases {
                let r = fast.recommendation(o)
                if let p = r.point {
                    #expect(!p.evaluation.isDegenerate(minimumSize: fast.criteria.minimumClusterSize))
                    #expect((fast.outcome.qualityLoss(p) ?? .infinity) <= fast.criteria.maxQualityLoss)
                }
            }
        }
    }

    @Test("fast search confirming everything is the full grid: same points, same recommendation")
    func equivalenceWithTheGrid() throws {
        let grid = try TuningPipeline(Self.request(.grid), spelling: .api).run(on: try Self.data())
        let all = try Self.fast(Self.request(.fast), screen: 40) { p in
            p.firstRound = 1000
            p.lossSlack = .infinity
            p.sizeSlack = 0
        }
        #expect(all.outcome.points.map(\.setting) == grid.outcome.points.map(\.setting))
        #expect(all.outcome.points.map(\.evaluation) == grid.outcome.points.map(\.evaluation))
        for o in GridSearch.Objective.allCases {
            #expect(all.recommendation(o).point?.setting == grid.recommendation(o).point?.setting)
            #expect(all.recommendation(o).improved == grid.recommendation(o).improved)
        }
    }

    @Test("the fast search's choice on small data is the full grid's, within 0.02 of its objective")
    func closeToTheGrid() throws {
        for linkage in [Linkage.ward, .average, .complete] {
            let grid = try TuningPipeline(Self.request(.grid, linkage: linkage), spelling: .api).run(on: try Self.data())
            let fast = try Self.fast(Self.request(.fast, linkage: linkage), screen: 60)
            for o in GridSearch.Objective.allCases {
                func value(_ t: TuningOutcome) -> Double {
                    let r = t.recommendation(o)
                    let e = r.improved ? r.point!.evaluation : t.outcome.vanilla
                    return o == .mfc ? e.mfc : e.balance
                }
                let worse = o == .mfc ? value(fast) - value(grid) : value(grid) - value(fast)
                #expect(worse <= 0.02, "\(linkage) \(o): fast \(value(fast)), grid \(value(grid))")
            }
        }
    }

    @Test("the fast search does not depend on the threads; below the grid threshold it is the grid")
    func deterministic() throws {
        var one = Self.request(.fast)
        one.nJobs = 1
        let a = try Self.fast(one, screen: 40), b = try Self.fast(Self.request(.fast), screen: 40)
        #expect(a.outcome.points.map(\.evaluation) == b.outcome.points.map(\.evaluation))
        #expect(a.outcome.screen?.points.map(\.evaluation) == b.outcome.screen?.points.map(\.evaluation))
        let small = try TuningPipeline(Self.request(.fast), spelling: .api).run(on: try Self.data())
        #expect(small.outcome.screen == nil && small.search.description.hasPrefix("grid"))
        #expect(small.search.strategy == .fast)
    }

    @Test("tuning refuses what it cannot search, by name")
    func refusals() throws {
        var empty = Self.request(.fast)
        empty.gridD = []
        #expect(throws: ClusteringError.invalidRequest("grid_d is empty: give at least one value")) {
            try TuningPipeline(empty, spelling: .api).run(on: try Self.data())
        }
        var one = Self.request(.fast)
        one.nClusters = 1
        #expect(throws: ClusteringError.self) { try TuningPipeline(one, spelling: .api).run(on: try Self.data()) }
        var noGroups = try Self.data()
        noGroups.attributes = nil
        #expect(throws: ClusteringError.invalidRequest("tuning needs the protected groups: pass groups=...")) {
            try TuningPipeline(Self.request(.fast), spelling: .api).run(on: noGroups)
        }
    }

    @Test("fair by default: FHAC with no setting runs the recommendation; an explicit b = d = 0 says it is vanilla HAC's")
    func fairByDefault() throws {
        var r = ClusteringRequest(nClusters: 3)
        r.method = .fhac
        r.linkage = .ward
        r.gridB = [0, 1]
        r.gridD = [0, 0.5, 2]
        #expect(r.runsRecommendation)
        let outcome = try ClusteringPipeline(r, spelling: .api).run(on: try Self.data())
        #expect(outcome.auto != nil)
        #expect(outcome.notes.contains { $0.hasPrefix("recommended setting (mfc;") })
        var fixed = r
        (fixed.b, fixed.d) = (0, 0)
        #expect(!fixed.runsRecommendation && fixed.runsVanillaSchedule)
        let zero = try ClusteringPipeline(fixed, spelling: .api).run(on: try Self.data())
        #expect(zero.auto == nil)
        #expect(zero.notices.contains { $0.kind == .note && $0.text.contains("f = g = 1") })
        var off = r
        off.auto = false
        #expect(!off.runsRecommendation && off.runsVanillaSchedule)
        var rule = r
        rule.rule = "window"
        #expect(!rule.runsRecommendation && rule.runsVanillaSchedule)
        rule.d = 1
        #expect(!rule.runsVanillaSchedule)
    }

    @Test("the vanilla figures of a fair run are a plain run's, ties included (duplicate rows)")
    func vanillaReferenceIsThePlainRun() throws {
        let data = try Self.data(duplicates: true)
        for linkage in [Linkage.ward, .average, .centroid] {
            var plain = ClusteringRequest(nClusters: 3)
            plain.linkage = linkage
            let p = try ClusteringPipeline(plain, spelling: .api).run(on: data)
            var fair = plain
            fair.method = .fhac
            fair.rule = "gain"
            fair.d = 0.5
            let f = try ClusteringPipeline(fair, spelling: .api).run(on: data)
            let v = try #require(f.vanilla)
            #expect(v.labels == p.labels, "\(linkage)")
            #expect(v.mfc == p.fairness?.partition.mfc && v.balance == p.fairness?.partition.balance)
            #expect(v.silhouette == p.quality?.silhouette)
            // The search's reference is the same tree.
            var auto = plain
            auto.method = .fhac
            auto.gridB = [0]
            auto.gridD = [0, 1]
            let a = try ClusteringPipeline(auto, spelling: .api).run(on: data)
            #expect(try a.auto?.outcome.vanillaTree?.labels(clusterCount: 3) == p.labels)
        }
    }

    @Test("a fair result less fair than vanilla, or losing more than the quality limit, is flagged")
    func flags() throws {
        var r = ClusteringRequest(nClusters: 3)
        r.method = .fhac
        r.linkage = .ward
        r.rule = "gain"
        r.d = 2
        r.maxQualityLoss = 0
        let outcome = try ClusteringPipeline(r, spelling: .cli).run(on: try Self.data())
        let v = try #require(outcome.vanilla), f = try #require(outcome.fairness?.partition)
        let lost = (v.silhouette ?? 0) - (outcome.quality?.silhouette ?? 0)
        #expect(outcome.notices.contains { $0.kind == .qualityLoss } == (lost > 0))
        #expect(outcome.notices.contains { $0.kind == .lessFair } == (f.mfc > v.mfc + 1e-9 || f.balance < v.balance - 1e-9))
        #expect(outcome.notices.first { $0.kind == .qualityLoss }?.text.contains("more than the quality limit 0.000") ?? true)
    }

    @Test("balance 0 because a group has fewer rows than clusters is said")
    func balanceNote() throws {
        let groups = try GroupAssignment(labels: ["a", "a", "b", "a", "a", "a"])
        #expect(ProtectedAttributes(groups).balanceZeroNote(k: 2)?.contains("'b' (1 row)") == true)
        #expect(ProtectedAttributes(groups).balanceZeroNote(k: 1) == nil)
    }

    @Test("the exact score floor of gain and gain-penalised picks what the plain score picks")
    func scoreFloor() throws {
        for seed: UInt64 in 0..<6 {
            let x = RandomData.points(n: 120, d: 2, seed: seed, grid: seed % 2 == 0 ? 0.1 : nil)
            let groups = RandomData.groups(n: 120, m: 3, seed: seed)
            for (rule, b) in [(SelectionRule.gain, 0.0), (.gainPenalised, 0.0), (.gainPenalised, 2), (.gainPenalised, 16)] {
                for linkage in [Linkage.ward, .average] {
                    let model = FairHierarchicalClustering(
                        linkage: linkage, clusterCount: 3, rule: rule, schedule: FairnessSchedule(b: b, d: 1.5))
                    var reference = model
                    reference.implementation = .reference
                    #expect(try model.fit(x, groups: groups).dendrogram == reference.fit(x, groups: groups).dendrogram)
                }
            }
        }
    }
}
