import Testing

@testable import FairHACCore

@Suite("Fairness metrics on a partition")
struct FairnessMetricTests {
    // 8 points, groups a a a a b b b b (ideal 1/2, 1/2); clusters {0,1,4,5} {2,3,6} {7}.
    let groups = try! GroupAssignment(names: ["a", "b"], memberships: [0, 0, 0, 0, 1, 1, 1, 1])
    let labels = [0, 0, 1, 1, 0, 0, 1, 2]

    @Test("MFC, mfc-sum and balance by hand")
    func byHand() throws {
        let ideal = try IdealShares.data.resolve(for: groups)
        #expect(ideal == [0.5, 0.5])
        let f = PartitionFairness(labels: labels, clusterCount: 3, groups: groups, ideal: ideal)
        // Cluster 0: 2a 2b -> deviation 0, balance 1. Cluster 1: 2a 1b -> 1/6, balance 2/3.
        // Cluster 2: 0a 1b -> 1/2, balance 0.
        #expect(abs(f.mfc - (0 + 1.0 / 6 + 0.5)) < 1e-15)
        #expect(abs(f.mfcSum - (0 + 2.0 / 6 + 1)) < 1e-15)
        #expect(f.balance == 0)
        #expect(abs(f.clusters[1].balance - 2.0 / 3) < 1e-15)
        #expect(f.clusters.map(\.size) == [4, 3, 1])
        #expect(f.isProportionallyFair(alpha: 0.5) && !f.isProportionallyFair(alpha: 0.4))
    }

    @Test("ideal shares: uniform, given, and clear errors")
    func idealShares() throws {
        let g = try GroupAssignment(labels: ["x", "y", "y", "z"])
        #expect(g.names == ["x", "y", "z"] && g.counts == [1, 2, 1])
        #expect(try IdealShares.uniform.resolve(for: g) == [1.0 / 3, 1.0 / 3, 1.0 / 3])
        #expect(try IdealShares.given([0.2, 0.3, 0.5]).resolve(for: g) == [0.2, 0.3, 0.5])
        #expect(throws: ClusteringError.self) { try IdealShares.given([0.5, 0.5]).resolve(for: g) }
        #expect(throws: ClusteringError.self) { try IdealShares.given([0.5, 0.6, -0.1]).resolve(for: g) }
        #expect(throws: ClusteringError.self) { try IdealShares.given([0.2, 0.3, 0.4]).resolve(for: g) }
    }
}

@Suite("Fairness profile")
struct FairnessProfileTests {
    @Test("one pass over the merges equals evaluating each k-cut")
    func matchesCuts() throws {
        for (seed, linkage) in [(UInt64(1), Linkage.average), (2, .single), (3, .centroid)] {
            let x = RandomData.points(n: 80, d: 3, seed: seed)
            let groups = RandomData.groups(n: 80, m: 3, seed: seed)
            let tree = try FairHierarchicalClustering(linkage: linkage, clusterCount: 6, schedule: FairnessSchedule(d: 1))
                .fit(x, groups: groups).dendrogram
            let ideal = try IdealShares.data.resolve(for: groups)
            let profile = try FairnessProfile(tree: tree, groups: groups, ideal: ideal, maxClusterCount: 20)
            #expect(profile.levels.map(\.k) == Array(2...20))
            for level in profile.levels {
                let f = PartitionFairness(
                    labels: try tree.labels(clusterCount: level.k), clusterCount: level.k, groups: groups, ideal: ideal)
                #expect(abs(level.mfc - f.mfc) < 1e-9 && abs(level.mfcSum - f.mfcSum) < 1e-9)
                #expect(level.balance == f.balance)
            }
        }
    }
}
