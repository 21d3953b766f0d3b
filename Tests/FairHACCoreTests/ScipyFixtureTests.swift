import Foundation
import Testing

@testable import FairHACCore

/// Golden tables made by `scripts/make_fixtures.py` with scipy: every linkage and metric.
struct ScipyFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var n: Int
        var d: Int
        var metric: String
        var input: String
        var X: [[Double]]
        var linkages: [String: [[Double]]]
        var labels_k3: [String: [Int]]
    }

    var scipy: String
    var cases: [Case]

    static let shared: ScipyFixture = {
        let url = Bundle.module.url(forResource: "scipy_linkage", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(ScipyFixture.self, from: Data(contentsOf: url))
    }()

    /// (case, linkage) pairs, for parameterised tests.
    static var pairs: [(String, String)] {
        shared.cases.flatMap { c in c.linkages.keys.sorted().map { (c.name, $0) } }
    }
}

/// Checks our merges against scipy's: ids and sizes exactly, heights within 1e-9 relative.
func expectEqualsScipy(_ tree: Dendrogram, _ z: [[Double]], _ context: String) {
    #expect(tree.merges.count == z.count, "\(context): merge count")
    for (i, (m, row)) in zip(tree.merges, z).enumerated() {
        let same = m.a == Int(row[0]) && m.b == Int(row[1]) && m.size == Int(row[3])
        #expect(same, "\(context): merge \(i) is (\(m.a), \(m.b), size \(m.size)), scipy has \(row)")
        if !same { return }
        let tol = 1e-9 * max(abs(row[2]), 1e-300)
        #expect(abs(m.height - row[2]) <= tol, "\(context): merge \(i) height \(m.height) vs scipy \(row[2])")
    }
}

@Suite("Vanilla HAC equals scipy on committed fixtures")
struct ScipyFixtureTests {
    @Test("fixtures cover every linkage and metric")
    func coverage() {
        let f = ScipyFixture.shared
        #expect(Set(f.cases.flatMap { $0.linkages.keys }) == Set(Linkage.allCases.map(\.rawValue)))
        #expect(Set(f.cases.map(\.metric)) == Set(Metric.allCases.map(\.rawValue)))
        #expect(f.cases.contains { $0.input == "distances" })
    }

    @Test("Z and the k = 3 cut equal scipy's", arguments: ScipyFixture.pairs)
    func matchesScipy(caseName: String, linkageName: String) throws {
        let c = ScipyFixture.shared.cases.first { $0.name == caseName }!
        let linkage = Linkage(rawValue: linkageName)!
        for threads in [1, 2] {
            let hac = HierarchicalClustering(linkage: linkage, parallelism: Parallelism(threads: threads))
            let tree: Dendrogram
            if c.input == "distances" {
                tree = try hac.fit(distances: try DistanceMatrix(square: c.X))
            } else {
                tree = try hac.fit(try Observations(rows: c.X), metric: Metric(rawValue: c.metric)!)
            }
            expectEqualsScipy(tree, c.linkages[linkageName]!, "\(caseName)/\(linkageName)/threads \(threads)")
            #expect(try tree.labels(clusterCount: 3) == c.labels_k3[linkageName]!)
        }
    }
}
