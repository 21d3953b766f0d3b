import Testing

@testable import FairHACCore

@Suite("Grid search")
struct GridSearchTests {
    @Test("every setting is evaluated, matches a direct fit, and reruns are identical")
    func evaluation() throws {
        let x = RandomData.points(n: 90, d: 2, seed: 4)
        let groups = RandomData.groups(n: 90, m: 3, seed: 4)
        let search = GridSearch(linkage: .average, clusterCount: 4, rules: [.gain, .window], gridB: [0, 2], gridD: [0, 0.5, 2])
        let points = try search.run(x, groups: groups)
        #expect(points.count == 3 + 6)  // gain ignores b
        let again = try search.run(x, groups: groups)
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

    @Test("Pareto front and best setting")
    func paretoAndBest() {
        func point(_ mfc: Double, _ sil: Double?, d: Double) -> GridSearch.Point {
            GridSearch.Point(rule: .gain, b: 0, d: d, mfc: mfc, balance: 1 - mfc, silhouette: sil, seconds: 0)
        }
        let pts = [point(0.5, 0.6, d: 0), point(0.3, 0.5, d: 1), point(0.3, 0.4, d: 2), point(0.1, 0.2, d: 3),
                   point(0.1, 0.2, d: 4), point(0.6, nil, d: 5)]
        let front = GridSearch.paretoFront(pts, objective: .mfc)
        #expect(front.map(\.d) == [0, 1, 3])
        #expect(GridSearch.best(pts, objective: .mfc)?.d == 3)
        #expect(GridSearch.best(pts, objective: .balance)?.d == 3)
        #expect(GridSearch.best(Array(pts.prefix(3)), objective: .mfc)?.d == 1)
    }
}
