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

@Suite("How far up a tree fairness reaches")
struct FairCutExtentTests {
    /// Brute force: the partitions k' = 1, 2, ... until one has a cluster above alpha.
    static func bruteForce(_ tree: Dendrogram, _ groups: GroupAssignment, _ ideal: [Double], alpha: Double) throws -> Int {
        var reached = 0
        for k in 1...tree.leafCount {
            let labels = try tree.labels(clusterCount: k)
            let f = PartitionFairness(labels: labels, clusterCount: k, groups: groups, ideal: ideal)
            if f.clusters.contains(where: { $0.maxDeviation > alpha + 1e-12 }) { break }
            reached = k
        }
        return reached
    }

    @Test("equals a brute force over every cut, and reaches at least k with the k-partition's own deviation")
    func matchesBruteForce() throws {
        for seed: UInt64 in 1...12 {
            let n = 30 + Int(seed) * 3
            let x = RandomData.points(n: n, d: 2, seed: seed)
            let groups = RandomData.groups(n: n, m: 2 + Int(seed % 3), seed: seed)
            let k = 2 + Int(seed % 5)
            for rule in [SelectionRule.gain, .window] {
                let fit = try FairHierarchicalClustering(
                    linkage: .average, clusterCount: k, rule: rule, schedule: FairnessSchedule(b: 2, d: 1)).fit(x, groups: groups)
                let extent = try FairCutExtent(tree: fit.dendrogram, groups: groups, ideal: fit.ideal, k: k)
                let own = PartitionFairness(
                    labels: try fit.dendrogram.labels(clusterCount: k), clusterCount: k, groups: groups, ideal: fit.ideal)
                #expect(extent.alpha == own.clusters.map(\.maxDeviation).max())
                #expect(extent.clusterCount >= k)
                #expect(extent.clusterCount == (try Self.bruteForce(fit.dendrogram, groups, fit.ideal, alpha: extent.alpha)))
                for alpha in [0.0, 0.05, 0.2, 1.0] {
                    let given = try FairCutExtent(tree: fit.dendrogram, groups: groups, ideal: fit.ideal, k: k, alpha: alpha)
                    #expect(given.clusterCount == (try Self.bruteForce(fit.dendrogram, groups, fit.ideal, alpha: alpha)))
                }
            }
        }
    }

    @Test("an ideal the whole data set misses: not even one cluster is within alpha")
    func rootOutside() throws {
        let groups = try GroupAssignment(labels: ["a", "a", "a", "b"])
        let tree = try Dendrogram(leafCount: 4, merges: [
            Merge(a: 0, b: 1, height: 1, size: 2), Merge(a: 2, b: 3, height: 2, size: 2), Merge(a: 4, b: 5, height: 3, size: 4),
        ])
        let e = try FairCutExtent(tree: tree, groups: groups, ideal: [0.5, 0.5], k: 2, alpha: 0.1)
        #expect(e.clusterCount == 0)
        #expect(try FairCutExtent(tree: tree, groups: groups, ideal: [0.75, 0.25], k: 1).clusterCount == 1)
    }
}
