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
