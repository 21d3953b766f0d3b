import Foundation
import Testing

@testable import FairHACCore

@Suite("Grid search")
struct GridSearchTests {
    @Test("every setting is evaluated, matches a direct fit, and reruns are identical")
    func evaluation() throws {
        let x = RandomData.points(n: 90, d: 2, seed: 4)
        let groups = RandomData.groups(n: 90, m: 3, seed: 4)
        let search = GridSearch(linkage: .average, clusterCount: 4, rules: [.gain, .window], gridB: [0, 2], gridD: [0, 0.5, 2])
        let points = try search.run(x, groups: groups).points
        #expect(points.count == 3 + 6)  // gain ignores b
        let again = try search.run(x, groups: groups).points
        #expect(points.map { [$0.mfc, $0.balance, $0.silhouette ?? -2] } == again.map { [$0.mfc, $0.balance, $0.silhouette ?? -2] })
        for p in points {
            let fit = try FairHierarchicalClustering(
                linkage: .average, clusterCount: 4, rule: p.rule, schedule: FairnessSchedule(b: p.b, d: p.d)
            ).fit(x, groups: groups)
            let labels = try fit.dendrogram.labels(clusterCount: 4)
            let f = PartitionFairness(labels: labels, clusterCount: 4, groups: groups, ideal: fit.ideal)
            #expect(p.mfc == f.mfc && p.balance == f.balance)
        }
    }

    static func point(
        _ mfc: Double, _ sil: Double?, d: Double, b: Double = 0, rule: SelectionRule = .gain, sizes: [Int] = [25, 25, 25, 25],
        balance: Double? = nil
    ) -> GridSearch.Point {
        GridSearch.Point(
            rule: rule, b: b, d: d,
            evaluation: PartitionEvaluation(mfc: mfc, balance: balance ?? 1 - mfc, silhouette: sil, clusterSizes: sizes, dasguptaCost: 2),
            seconds: 0)
    }

    @Test("Pareto front and best setting")
    func paretoAndBest() {
        let pts = [Self.point(0.5, 0.6, d: 0), Self.point(0.3, 0.5, d: 1),
                   Self.point(0.3, 0.4, d: 2), Self.point(0.1, 0.2, d: 3),
                   Self.point(0.1, 0.2, d: 4), Self.point(0.6, nil, d: 5)]
        let front = GridSearch.paretoFront(pts, objective: .mfc)
        #expect(front.map(\.d) == [0, 1, 3])
        #expect(GridSearch.best(pts, objective: .mfc)?.d == 3)
        #expect(GridSearch.best(pts, objective: .balance)?.d == 3)
        #expect(GridSearch.best(Array(pts.prefix(3)), objective: .mfc)?.d == 1)
    }

    /// Vanilla: MFC 0.8, silhouette 0.5, sizes [97, 1, 1, 1] (itself degenerate), n = 100.
    static let vanilla = PartitionEvaluation(mfc: 0.8, balance: 0.1, silhouette: 0.5, clusterSizes: [97, 1, 1, 1], dasguptaCost: 1)

    @Test("recommendation: the fairest point that is not degenerate and loses at most tau")
    func recommendation() {
                let points = [
            Self.point(0.05, 0.10, d: 1, sizes: [25, 25, 25, 25]),  // fairest, but loses 0.4 of silhouette
            Self.point(0.10, 0.49, d: 2, sizes: [97, 1, 1, 1]),  // degenerate
            Self.point(0.30, 0.46, d: 3),  // qualifies (loss 0.04)
            Self.point(0.30, 0.47, d: 4),  // qualifies, same MFC, higher silhouette: chosen
            Self.point(0.30, 0.47, d: 4, b: 1, rule: .window),  // same again but larger b
            Self.point(0.50, 0.50, d: 5),
        ]
        let outcome = GridSearch.Outcome(n: 100, k: 4, vanilla: Self.vanilla, points: points)
        let r = outcome.recommendation(.mfc, criteria: RecommendationCriteria(maxQualityLoss: 0.05, minimumClusterSize: 2))
        #expect(r.improved)
        #expect(r.point == points[3])
        #expect(r.qualifyingCount == 4)
        #expect(r.closestCandidates.isEmpty)
        #expect(outcome.qualityLoss(points[3]).map { abs($0 - 0.03) < 1e-12 } == true)
        #expect(outcome.treeCostRatio(points[3]) == 2)
        #expect(outcome.fairest(.mfc) == points[0])
        // A looser tau admits the fairest point; a smaller minimum size admits the degenerate one.
        #expect(outcome.recommendation(.mfc, criteria: .init(maxQualityLoss: 0.5, minimumClusterSize: 2)).point == points[0])
        #expect(outcome.recommendation(.mfc, criteria: .init(maxQualityLoss: 0.05, minimumClusterSize: 1)).point == points[1])
        // Pareto front over the non-degenerate points only.
        #expect(!outcome.paretoFront(.mfc, minimumClusterSize: 2).contains(points[1]))
        #expect(outcome.paretoFront(.mfc, minimumClusterSize: 1).contains(points[1]))
        // Ties: silhouette, then d, then b, then the rule's name.
        let tied = [Self.point(0.2, 0.48, d: 2, b: 3, rule: .window), Self.point(0.2, 0.48, d: 2, b: 1, rule: .window), Self.point(0.2, 0.48, d: 2, b: 1, rule: .gain)]
        let t = GridSearch.Outcome(n: 100, k: 4, vanilla: Self.vanilla, points: tied)
            .recommendation(.mfc, criteria: .init(maxQualityLoss: 0.05, minimumClusterSize: 2))
        #expect(t.point == tied[2])
    }

    @Test("no improvement: nothing qualifies, or nothing qualifying beats vanilla; closest candidates listed")
    func noImprovement() {
                let points = [
            Self.point(0.05, 0.10, d: 1),  // fairer, loses 0.4
            Self.point(0.10, 0.45, d: 2, sizes: [97, 1, 1, 1]),  // fairer, loses 0.05 exactly but degenerate
            Self.point(0.90, 0.50, d: 3),  // qualifies but less fair than vanilla
        ]
        let outcome = GridSearch.Outcome(n: 100, k: 4, vanilla: Self.vanilla, points: points)
        let r = outcome.recommendation(.mfc, criteria: .init(maxQualityLoss: 0.05, minimumClusterSize: 2))
        #expect(!r.improved)
        #expect(r.point == points[2])
        #expect(r.qualifyingCount == 1)
        // The degenerate point violates less (1 point short of 2, as a share of n) than the 0.35 excess loss.
        #expect(r.closestCandidates.map(\.point) == [points[1], points[0]])
        #expect(r.closestCandidates[0].reason.contains("degenerate"))
        #expect(r.closestCandidates[1].reason.contains("silhouette loss"))
        let empty = GridSearch.Outcome(n: 100, k: 4, vanilla: Self.vanilla, points: Array(points.prefix(2)))
            .recommendation(.mfc, criteria: .init(maxQualityLoss: 0.05, minimumClusterSize: 2))
        #expect(!empty.improved && empty.point == nil && empty.qualifyingCount == 0)
        // Balance: higher is better; nothing above vanilla's 0.1 that qualifies.
        let b = GridSearch.Outcome(n: 100, k: 4, vanilla: Self.vanilla, points: [Self.point(0.9, 0.5, d: 1, balance: 0.05)])
            .recommendation(.balance, criteria: .init(maxQualityLoss: 0.05, minimumClusterSize: 2))
        #expect(!b.improved)
    }

    @Test("degenerate partitions and the default minimum size")
    func degenerate() {
        #expect(PartitionEvaluation.defaultMinimumClusterSize(n: 1000) == 10)
        #expect(PartitionEvaluation.defaultMinimumClusterSize(n: 1001) == 11)
        #expect(PartitionEvaluation.defaultMinimumClusterSize(n: 50) == 2)
        #expect(Self.vanilla.isDegenerate(minimumSize: 2))
        #expect(!Self.vanilla.isDegenerate(minimumSize: 1))
    }

    @Test("the grid honours the threads it is given (drift bug: it used every core)")
    func honoursThreads() throws {
        let x = RandomData.points(n: 60, d: 2, seed: 9)
        let groups = RandomData.groups(n: 60, m: 2, seed: 9)
        final class Peak: @unchecked Sendable {
            let lock = NSLock()
            var running = 0, peak = 0
            func update(_ started: Bool) {
                lock.lock()
                running += started ? 1 : -1
                peak = max(peak, running)
                lock.unlock()
            }
        }
        for threads in [1, 2] {
            let peak = Peak()
            var search = GridSearch(
                linkage: .average, clusterCount: 3, rules: [.window], gridB: [0, 1, 2, 4], gridD: [0, 0.5, 1, 2],
                parallelism: Parallelism(threads: threads))
            search.pointObserver = { _, started in
                peak.update(started)
                if started { usleep(2000) }
            }
            _ = try search.run(x, groups: groups)
            #expect(peak.peak <= threads)
            #expect(peak.running == 0)
        }
    }

    @Test("the grid uses the fit's checks: the paper rule's size guard (drift bug)")
    func paperGuard() throws {
        let n = 40_000  // paper at d = 0: estimated 1.2e-7 n^2 = 192 s, above the 120 s threshold
        let x = RandomData.points(n: n, d: 1, seed: 3)
        let groups = RandomData.groups(n: n, m: 2, seed: 3)
        let search = GridSearch(linkage: .single, clusterCount: 2, rules: [.paper], gridB: [0], gridD: [0])
        #expect(throws: ClusteringError.self) { try search.run(x, groups: groups) }
    }

    @Test("the grid runs the paper variant it is given (drift bug: it ran literal)")
    func paperVariant() throws {
        let x = RandomData.points(n: 40, d: 2, seed: 12)
        let groups = RandomData.groups(n: 40, m: 2, seed: 12)
        for variant in PaperVariant.allCases {
            let rule = SelectionRule.paper(variant)
            let search = GridSearch(linkage: .average, clusterCount: 4, rules: [rule], gridB: [2], gridD: [0.5])
            let p = try #require(try search.run(x, groups: groups).points.first)
            #expect(p.rule == rule)
            let fit = try FairHierarchicalClustering(
                linkage: .average, clusterCount: 4, rule: rule, schedule: FairnessSchedule(b: 2, d: 0.5)).fit(x, groups: groups)
            let labels = try fit.dendrogram.labels(clusterCount: 4)
            #expect(p.mfc == PartitionFairness(labels: labels, clusterCount: 4, groups: groups, ideal: fit.ideal).mfc)
            #expect(p.evaluation == (try PartitionEvaluation(
                tree: fit.dendrogram, clusterCount: 4, observations: x, groups: groups, ideal: fit.ideal)))
        }
    }
}
