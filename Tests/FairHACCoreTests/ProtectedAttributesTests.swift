import Testing

@testable import FairHACCore

@Suite("Several protected attributes")
struct ProtectedAttributesTests {
    static let rules: [SelectionRule] = [.window, .gain, .paper, .gainPenalised]

    static func attributes(n: Int, counts: [Int], seed: UInt64, mode: ProtectedAttributes.Mode) throws -> ProtectedAttributes {
        let assignments = counts.enumerated().map { a, m in RandomData.groups(n: n, m: m, seed: seed &+ UInt64(31 * a)) }
        return try ProtectedAttributes(
            names: counts.indices.map { "attr\($0)" }, attributes: assignments, mode: mode, mergeRare: true)
    }

    @Test("fast equals reference with A = 2 and 3, separate and intersectional, for every rule")
    func fastEqualsReference() throws {
        var compared = 0
        for i in 0..<48 {
            let linkage = Linkage.allCases[i % 7]
            let rule = Self.rules[i % 4]
            let mode = ProtectedAttributes.Mode.allCases[(i / 4) % 2]
            let counts = i % 3 == 0 ? [2, 3, 2] : [2 + i % 2, 3]
            let n = [17, 33, 48][i % 3]
            let x = RandomData.points(n: n, d: 2, seed: UInt64(500 + i), grid: i % 2 == 0 ? 0.1 : nil)
            let groups = try Self.attributes(n: n, counts: counts, seed: UInt64(i), mode: mode)
            var fhac = FairHierarchicalClustering(
                linkage: linkage, clusterCount: max(2, n / 5), rule: rule,
                schedule: FairnessSchedule(b: [1, 3, 8][i % 3], d: [0.5, 2, 0.2][i % 3]), ideal: i % 4 == 3 ? .uniform : .data)
            let fast = try fhac.fit(x, attributes: groups)
            fhac.implementation = .reference
            let reference = try fhac.fit(x, attributes: groups)
            #expect(fast.dendrogram == reference.dendrogram, "case \(i): \(linkage) \(rule) \(mode) A=\(counts.count) n=\(n)")
            #expect(fast.ideal.count == groups.groupCount)
            compared += 1
        }
        #expect(compared == 48)
    }

    @Test("A = 1: both modes give exactly today's merges, metrics and grid", arguments: ProtectedAttributes.Mode.allCases)
    func oneAttributeIsToday(mode: ProtectedAttributes.Mode) throws {
        for i in 0..<8 {
            let n = 40
            let x = RandomData.points(n: n, d: 3, seed: UInt64(70 + i))
            let groups = RandomData.groups(n: n, m: 2 + i % 3, seed: UInt64(i))
            let one = try ProtectedAttributes(names: ["g"], attributes: [groups], mode: mode, rareFloor: 0.5)
            #expect(one.attributes == [groups])
            let fhac = FairHierarchicalClustering(
                linkage: Linkage.allCases[i % 7], clusterCount: 5, rule: Self.rules[i % 4], schedule: FairnessSchedule(b: 4, d: 1))
            let today = try fhac.fit(x, groups: groups)
            let now = try fhac.fit(x, attributes: one)
            #expect(today.dendrogram == now.dendrogram)
            #expect(today.ideal == now.ideal)
            let labels = try today.dendrogram.labels(clusterCount: 5)
            let before = PartitionFairness(labels: labels, clusterCount: 5, groups: groups, ideal: today.ideal)
            let after = PartitionFairness(labels: labels, clusterCount: 5, attributes: one, ideal: today.ideal)
            #expect(before == after)
            #expect(after.mfc(attribute: 0) == before.mfc && after.balance(attribute: 0) == before.balance)
            #expect(
                try FairnessProfile(tree: today.dendrogram, groups: groups, ideal: today.ideal, maxClusterCount: 10)
                    == FairnessProfile(tree: today.dendrogram, attributes: one, ideal: today.ideal, maxClusterCount: 10))
        }
        let x = RandomData.points(n: 30, d: 2, seed: 3)
        let groups = RandomData.groups(n: 30, m: 3, seed: 3)
        let search = GridSearch(linkage: .average, clusterCount: 3, rules: [.gain, .window], gridB: [0, 2], gridD: [0, 1], parallelism: .serial)
        let today = try search.run(x, groups: groups)
        let now = try search.run(x, attributes: ProtectedAttributes(names: ["g"], attributes: [groups], mode: mode))
        #expect(today.points.map(\.evaluation) == now.points.map(\.evaluation))
        #expect(today.vanilla == now.vanilla)
    }

    @Test("the same attribute twice under two names changes no merge (S doubles, the cost stays)")
    func duplicateAttribute() throws {
        for (i, rule) in Self.rules.enumerated() {
            let x = RandomData.points(n: 45, d: 2, seed: UInt64(90 + i))
            let groups = RandomData.groups(n: 45, m: 3, seed: UInt64(9 + i))
            let twice = try ProtectedAttributes(names: ["a", "b"], attributes: [groups, groups])
            let fhac = FairHierarchicalClustering(linkage: .average, clusterCount: 4, rule: rule, schedule: FairnessSchedule(b: 3, d: 1))
            #expect(try fhac.fit(x, groups: groups).dendrogram == fhac.fit(x, attributes: twice).dendrogram, "\(rule)")
        }
    }

    @Test("combined MFC and balance against a hand computation from each attribute's own")
    func combinedMetrics() throws {
        let n = 60
        let x = RandomData.points(n: n, d: 2, seed: 11)
        let sex = RandomData.groups(n: n, m: 2, seed: 1), race = RandomData.groups(n: n, m: 3, seed: 2)
        let both = try ProtectedAttributes(names: ["sex", "race"], attributes: [sex, race])
        #expect(both.groupCount == 5 && both.offsets == [0, 2, 5])
        #expect(both.groupNames == ["sex=g0", "sex=g1", "race=g0", "race=g1", "race=g2"])
        let ideal = try IdealShares.data.resolve(for: both)
        #expect(ideal == (try IdealShares.data.resolve(for: sex)) + (try IdealShares.data.resolve(for: race)))
        let tree = try HierarchicalClustering(linkage: .average).fit(x)
        let labels = try tree.labels(clusterCount: 4)
        let combined = PartitionFairness(labels: labels, clusterCount: 4, attributes: both, ideal: ideal)
        let s = PartitionFairness(labels: labels, clusterCount: 4, groups: sex, ideal: both.slice(ideal, attribute: 0))
        let r = PartitionFairness(labels: labels, clusterCount: 4, groups: race, ideal: both.slice(ideal, attribute: 1))
        let expected = zip(s.clusters, r.clusters).reduce(0.0) { $0 + max($1.0.maxDeviation, $1.1.maxDeviation) }
        #expect(abs(combined.mfc - expected) < 1e-12)
        #expect(combined.mfc >= max(s.mfc, r.mfc) - 1e-12)
        #expect(combined.mfc(attribute: 0) == s.mfc && combined.mfc(attribute: 1) == r.mfc)
        #expect(combined.balance == min(s.balance, r.balance))
        #expect(combined.balance(attribute: 0) == s.balance && combined.balance(attribute: 1) == r.balance)
        #expect(combined.clusters.map(\.size) == s.clusters.map(\.size))
        let extent = try FairCutExtent(tree: tree, attributes: both, ideal: ideal, k: 4)
        #expect(extent.alpha == combined.clusters.map(\.maxDeviation).max())
        #expect(extent.clusterCount >= 4)
        let profile = try FairnessProfile(tree: tree, attributes: both, ideal: ideal, maxClusterCount: 6)
        let level = try #require(profile.levels.first { $0.k == 4 })
        #expect(abs(level.mfc - combined.mfc) < 1e-9)
        #expect(abs(level.attributeMFC[0] - s.mfc) < 1e-9 && abs(level.attributeMFC[1] - r.mfc) < 1e-9)
        #expect(level.attributeBalance == [s.balance, r.balance])
        let evaluation = try PartitionEvaluation(tree: tree, clusterCount: 4, observations: x, attributes: both, ideal: ideal)
        #expect(evaluation.attributeMFC == [s.mfc, r.mfc] && evaluation.mfc == combined.mfc)
        #expect(evaluation.attributeBalance == [s.balance, r.balance])
    }

    @Test("intersectional groups: the combinations that occur, rare ones an error naming them or pooled")
    func intersectional() throws {
        let a = try GroupAssignment(labels: ["f", "f", "m", "m", "f", "m", "f", "m", "f", "m"])
        let b = try GroupAssignment(labels: ["x", "y", "x", "x", "x", "x", "y", "x", "x", "z"])
        let both = try ProtectedAttributes(names: ["sex", "race"], attributes: [a, b], mode: .intersectional, rareFloor: 0)
        #expect(both.names == ["sex×race"])
        #expect(both.attributes[0].names == ["f×x", "f×y", "m×x", "m×z"])
        #expect(both.attributes[0].memberships == [0, 1, 2, 2, 0, 2, 1, 2, 0, 3])
        #expect(throws: ClusteringError.self) {
            try ProtectedAttributes(names: ["sex", "race"], attributes: [a, b], mode: .intersectional, rareFloor: 0.15)
        }
        do {
            _ = try ProtectedAttributes(names: ["sex", "race"], attributes: [a, b], mode: .intersectional, rareFloor: 0.15)
        } catch {
            #expect("\(error)".contains("m×z (1)"))
            #expect(!"\(error)".contains("f×x"))
        }
        let pooled = try ProtectedAttributes(
            names: ["sex", "race"], attributes: [a, b], mode: .intersectional, rareFloor: 0.15, mergeRare: true)
        #expect(pooled.attributes[0].names == ["f×x", "f×y", "m×x", "other"])
        #expect(pooled.attributes[0].counts == [3, 2, 4, 1])
        #expect(throws: ClusteringError.self) { try ProtectedAttributes(names: ["s", "s"], attributes: [a, b]) }
        #expect(throws: ClusteringError.self) {
            try ProtectedAttributes(names: ["s", "t"], attributes: [a, a.selecting(rows: [0, 1])])
        }
    }

    @Test("given ideal shares cover every (attribute, group) pair, each attribute summing to 1")
    func givenIdeal() throws {
        let a = try GroupAssignment(labels: ["f", "m", "m", "f"]), b = try GroupAssignment(labels: ["x", "y", "z", "x"])
        let both = try ProtectedAttributes(names: ["sex", "race"], attributes: [a, b])
        #expect(try IdealShares.given([0.5, 0.5, 0.2, 0.3, 0.5]).resolve(for: both) == [0.5, 0.5, 0.2, 0.3, 0.5])
        #expect(throws: ClusteringError.self) { try IdealShares.given([0.5, 0.5, 0.2, 0.3]).resolve(for: both) }
        #expect(throws: ClusteringError.self) { try IdealShares.given([0.5, 0.5, 0.2, 0.3, 0.6]).resolve(for: both) }
        #expect(try IdealShares.resolve([.uniform, .data], for: both) == [0.5, 0.5, 0.5, 0.25, 0.25])
        #expect(try IdealShares.byAttribute(["sex": .uniform, "race": .data]).resolve(for: both) == [0.5, 0.5, 0.5, 0.25, 0.25])
        #expect(try IdealShares.byAttribute(["race": .uniform]).resolve(for: both) == [0.5, 0.5, 1 / 3, 1 / 3, 1 / 3])
        #expect(throws: ClusteringError.self) { try IdealShares.byAttribute(["age": .uniform]).resolve(for: both) }
    }

    @Test("group names are unique by construction: values and attribute names holding × or = are escaped, duplicates refused")
    func collidingNames() throws {
        // Values a×b, c and a, b×c: joined naively both read a×b×c.
        let first = try GroupAssignment(labels: ["a×b", "a", "a×b", "a"])
        let second = try GroupAssignment(labels: ["c", "b×c", "c", "b×c"])
        let both = try ProtectedAttributes(names: ["u", "v"], attributes: [first, second], mode: .intersectional, rareFloor: 0)
        #expect(Set(both.attributes[0].names).count == 2)
        #expect(both.attributes[0].names.contains("a\\×b×c"))
        #expect(both.attributes[0].names.contains("a×b\\×c"))
        // Separate mode: attribute "s=x" with group "y" and attribute "s" with group "x=y".
        let g1 = try GroupAssignment(labels: ["y", "z", "y", "z"]), g2 = try GroupAssignment(labels: ["x=y", "w", "w", "x=y"])
        let separate = try ProtectedAttributes(names: ["s=x", "s"], attributes: [g1, g2])
        #expect(Set(separate.groupNames).count == separate.groupCount)
        #expect(separate.groupNames.contains("s=x=y") && separate.groupNames.contains("s\\=x=y"))
        // Names without the separators are as before.
        #expect(GroupNaming.combination(["f", "x"]) == "f×x")
        #expect(GroupNaming.pair(attribute: "sex", group: "f") == "sex=f")
        #expect(throws: ClusteringError.self) { try GroupAssignment(names: ["a", "a"], memberships: [0, 1]) }
    }
}
