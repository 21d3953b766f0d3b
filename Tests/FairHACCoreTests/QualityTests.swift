import Foundation
import Testing

@testable import FairHACCore

@Suite("Quality metrics")
struct QualityTests {
    struct SilhouetteFixture: Decodable {
        struct Case: Decodable {
            var name: String
            var X: [[Double]]
            var labels: [Int]
            var silhouette: Double
        }
        var cases: [Case]
    }

    @Test("silhouette equals scikit-learn's on committed fixtures (1 and 2 threads)")
    func silhouetteMatchesSklearn() throws {
        let url = Bundle.module.url(forResource: "sklearn_silhouette", withExtension: "json", subdirectory: "Fixtures")!
        let fixture = try JSONDecoder().decode(SilhouetteFixture.self, from: Data(contentsOf: url))
        #expect(fixture.cases.count == 5)
        for c in fixture.cases {
            for threads in [1, 2] {
                let s = try Silhouette.score(try Observations(rows: c.X), labels: c.labels, parallelism: Parallelism(threads: threads))
                #expect(abs(s - c.silhouette) <= 1e-9, "\(c.name): \(s) vs sklearn \(c.silhouette)")
            }
        }
        #expect(throws: ClusteringError.self) {
            try Silhouette.score(try Observations(rows: [[0], [1], [2]]), labels: [0, 0, 0])
        }
    }

    /// The oracle: 1-D points, Euclidean.
    @Test("tree objectives on the oracle points", arguments: [
        (Linkage.average, 852.0, 33.695480, 20.058348),
        (Linkage.complete, 843.6, 34.097279, 19.656549),
    ])
    func oracle(linkage: Linkage, value: Double, cost: Double, revenue: Double) throws {
        let x = try Observations(rows: [[0], [1.1], [2.3], [7.0], [8.6], [9.9], [4.2], [5.0]])
        let tree = try HierarchicalClustering(linkage: linkage).fit(x)
        let t = TreeObjectives(tree: tree, observations: x)
        #expect(abs(t.value - value) < 5e-7)
        #expect(abs(t.dasguptaCost - cost) < 5e-7)
        #expect(abs(t.revenue - revenue) < 5e-7)
        #expect(t.value <= t.valueUpperBound && t.revenue <= t.revenueUpperBound)
        let baseline = TreeObjectives.randomTreeBaseline(observations: x, seeds: 20)
        let nv = try #require(t.normalizedValue(baseline: baseline)), nr = try #require(t.normalizedRevenue(baseline: baseline))
        #expect(nv > 0 && nv <= 1)
        #expect(nr > 0 && nr <= 1)
    }

    @Test("tree objectives equal a brute-force sum over pairs")
    func bruteForce() throws {
        let x = RandomData.points(n: 30, d: 3, seed: 9)
        let tree = try HierarchicalClustering(linkage: .ward).fit(x)
        let t = TreeObjectives(tree: tree, observations: x)
        // |lca(i, j)| by brute force: the size of the first merge that holds both.
        var members = (0..<30).map { Set([$0]) }
        var lca = [[Int]](repeating: [Int](repeating: 0, count: 30), count: 30)
        for m in tree.merges {
            for i in members[m.a] { for j in members[m.b] { lca[i][j] = m.size; lca[j][i] = m.size } }
            members.append(members[m.a].union(members[m.b]))
        }
        let dm = try DistanceMatrix(observations: x, metric: .euclidean)
        var cost = 0.0, revenue = 0.0, value = 0.0
        for i in 0..<30 {
            for j in (i + 1)..<30 {
                let w = 1 / (1 + dm[i, j])
                cost += w * Double(lca[i][j])
                revenue += w * Double(30 - lca[i][j])
                value += dm[i, j] * Double(lca[i][j])
            }
        }
        #expect(abs(t.dasguptaCost - cost) < 1e-9 * cost)
        #expect(abs(t.revenue - revenue) < 1e-9 * revenue)
        #expect(abs(t.value - value) < 1e-9 * value)
    }
}

@Suite("Quality in one pass")
struct QualityPassTests {
    /// Relative difference, 0 when both are 0.
    func relative(_ a: Double, _ b: Double) -> Double { a == b ? 0 : abs(a - b) / max(abs(a), abs(b)) }

    @Test("one pass equals the silhouette (bit for bit) and each tree's objectives (to 1e-12), on any number of threads")
    func equalsSeparateMetrics() throws {
        var compared = 0
        for (i, n) in [2, 3, 17, 40, 101, 150].enumerated() {
            for ties in [false, true] {
                let x = RandomData.points(n: n, d: 1 + i % 4, seed: UInt64(70 + i), grid: ties ? 0.25 : nil)
                let linkage = [Linkage.average, .single, .ward, .centroid, .complete, .median][i]
                let tree = try HierarchicalClustering(linkage: linkage).fit(x)
                let k = min(n, 1 + i % 5)
                let labels = try tree.labels(clusterCount: k)
                let silhouette = try? Silhouette.score(x, labels: labels, parallelism: .serial)
                let separate = TreeObjectives.withRandomBaseline(tree: tree, observations: x, seeds: 5)
                let one = QualityPass.evaluate(tree: tree, labels: labels, observations: x, seeds: 5, parallelism: .serial)
                #expect(one.silhouette == silhouette, "n = \(n) ties = \(ties)")
                for (a, b) in [(one.tree, separate.tree), (one.baseline, separate.baseline)] {
                    #expect(relative(a.dasguptaCost, b.dasguptaCost) < 1e-12, "n = \(n): cost \(a.dasguptaCost) vs \(b.dasguptaCost)")
                    #expect(relative(a.revenue, b.revenue) < 1e-12, "n = \(n): revenue \(a.revenue) vs \(b.revenue)")
                    #expect(relative(a.value, b.value) < 1e-12, "n = \(n): value \(a.value) vs \(b.value)")
                    #expect(relative(a.distanceSum, b.distanceSum) < 1e-12 && relative(a.similaritySum, b.similaritySum) < 1e-12)
                    #expect(a.leafCount == n)
                }
                for threads in [2, 3] {
                    #expect(QualityPass.evaluate(tree: tree, labels: labels, observations: x, seeds: 5, parallelism: Parallelism(threads: threads)) == one)
                }
                compared += 1
            }
        }
        #expect(compared == 12)
    }

    @Test("one pass on a fair tree (not in merge-height order) and an undefined silhouette")
    func fairTreeAndUndefinedSilhouette() throws {
        let x = RandomData.points(n: 90, d: 2, seed: 5)
        let groups = RandomData.groups(n: 90, m: 2, seed: 5)
        let fair = try FairHierarchicalClustering(linkage: .average, clusterCount: 4, rule: .gain, schedule: FairnessSchedule(d: 1.5))
            .fit(x, groups: groups).dendrogram
        let separate = TreeObjectives(tree: fair, observations: x)
        let one = QualityPass.evaluate(tree: fair, labels: [Int](repeating: 0, count: 90), observations: x, seeds: 2)
        #expect(one.silhouette == nil)
        #expect(relative(one.tree.dasguptaCost, separate.dasguptaCost) < 1e-12)
        #expect(relative(one.tree.value, separate.value) < 1e-12)
    }
}

@Suite("Quality from precomputed distances")
struct QualityFromDistancesTests {
    @Test("silhouette and tree objectives from the Euclidean matrix are bit-identical to the feature versions")
    func bitIdentical() throws {
        for seed: UInt64 in 1...6 {
            let n = 40 + Int(seed) * 17
            let x = RandomData.points(n: n, d: 1 + Int(seed % 4), seed: seed, grid: seed % 2 == 0 ? 0.1 : nil)
            let tree = try HierarchicalClustering(linkage: [.average, .ward, .single][Int(seed % 3)]).fit(x)
            let matrix = try DistanceMatrix(observations: x, metric: .euclidean)
            for k in [2, 3, 7] {
                let labels = try tree.labels(clusterCount: k)
                let a = try Silhouette.score(x, labels: labels, parallelism: Parallelism(threads: 2))
                let b = try Silhouette.score(distances: matrix, labels: labels)
                #expect(a.bitPattern == b.bitPattern, "seed \(seed) k \(k): \(a) vs \(b)")
            }
            #expect(TreeObjectives(tree: tree, observations: x) == TreeObjectives(tree: tree, distances: matrix))
        }
        let two = try Observations(count: 2, dimension: 1, values: [0, 1])
        #expect(throws: ClusteringError.self) {
            try Silhouette.score(distances: DistanceMatrix(observations: two, metric: .euclidean), labels: [0, 1])
        }
    }
}
