import Testing

@testable import FairHACCore

@Suite("Dendrogram structure and cuts")
struct DendrogramTests {
    @Test("every tree is a valid scipy Z", arguments: Linkage.allCases)
    func structure(linkage: Linkage) throws {
        for seed: UInt64 in 1...5 {
            let n = 20 + Int(seed) * 17
            let x = RandomData.points(n: n, d: 3, seed: seed)
            let tree = try HierarchicalClustering(linkage: linkage).fit(x)
            #expect(tree.merges.count == n - 1)
            // Re-validating through the public initialiser checks ids, use-once and sizes.
            _ = try Dendrogram(leafCount: n, merges: tree.merges)
            var used = Set<Int>()
            for (i, m) in tree.merges.enumerated() {
                #expect(m.a < m.b && m.b < n + i)
                #expect(used.insert(m.a).inserted && used.insert(m.b).inserted)
            }
            #expect(used.count == 2 * n - 2)
            #expect(tree.merges.last!.size == n)
            if linkage.isReducible { #expect(tree.isMonotone) }
            for k in [1, 2, 5, n] {
                let labels = try tree.labels(clusterCount: k)
                #expect(Set(labels) == Set(0..<k))
                #expect(labels.first == 0)
                // Labels are numbered by first appearance.
                var seen = -1
                for l in labels where l > seen {
                    #expect(l == seen + 1)
                    seen = l
                }
            }
        }
    }

    @Test("the k-cut applies merges in order, not by height")
    func cutByMergeOrder() throws {
        // Heights go down at the second merge: a height cut would disagree.
        let tree = try Dendrogram(leafCount: 4, merges: [
            Merge(a: 0, b: 1, height: 5, size: 2),
            Merge(a: 2, b: 3, height: 1, size: 2),
            Merge(a: 4, b: 5, height: 6, size: 4),
        ])
        #expect(try tree.labels(clusterCount: 3) == [0, 0, 1, 2])
        #expect(try tree.labels(clusterCount: 2) == [0, 0, 1, 1])
        #expect(!tree.isMonotone)
    }

    @Test("invalid merge lists are rejected")
    func validation() {
        #expect(throws: ClusteringError.self) {
            try Dendrogram(leafCount: 3, merges: [Merge(a: 0, b: 1, height: 1, size: 2), Merge(a: 0, b: 2, height: 2, size: 2)])
        }
        #expect(throws: ClusteringError.self) {
            try Dendrogram(leafCount: 3, merges: [Merge(a: 0, b: 1, height: 1, size: 3), Merge(a: 2, b: 3, height: 2, size: 3)])
        }
        #expect(throws: ClusteringError.self) {
            try Dendrogram(leafCount: 3, merges: [Merge(a: 0, b: 4, height: 1, size: 2), Merge(a: 2, b: 3, height: 2, size: 3)])
        }
        let ok = try? Dendrogram(leafCount: 2, merges: [Merge(a: 0, b: 1, height: 1, size: 2)])
        #expect(throws: ClusteringError.self) { try ok!.labels(clusterCount: 3) }
        #expect(throws: ClusteringError.self) { try ok!.labels(clusterCount: 0) }
    }
}

@Suite("The three algorithms agree")
struct AlgorithmAgreementTests {
    /// On tie-free data, the chain, the spanning tree and the generic algorithm give one tree.
    @Test("chain / spanning tree = generic algorithm", arguments: [Linkage.single, .complete, .average, .weighted, .ward])
    func chainEqualsGeneric(linkage: Linkage) throws {
        for seed: UInt64 in 10...14 {
            let x = RandomData.points(n: 150, d: 4, seed: seed)
            let fast = try HierarchicalClustering(linkage: linkage).fit(x)
            let inOrder = try vanillaGeneric(x, linkage)
            let generic = Dendrogram(leafCount: x.count, memberPairs: inOrder.memberPairsForTesting, sortedByHeight: true)
            #expect(fast.merges.map { [$0.a, $0.b, $0.size] } == generic.merges.map { [$0.a, $0.b, $0.size] })
            for (p, q) in zip(fast.merges, generic.merges) {
                #expect(abs(p.height - q.height) <= 1e-12 * max(1, q.height))
            }
        }
    }

    @Test("threads do not change the result, with or without ties", arguments: Linkage.allCases)
    func threadsInvariant(linkage: Linkage) throws {
        for grid in [nil, 0.25] as [Double?] {
            let x = RandomData.points(n: 300, d: 2, seed: 3, grid: grid)
            if linkage == .single {
                let a = try MinimumSpanningTree.singleLinkage(x, metric: .euclidean, parallelism: .serial)
                let b = try MinimumSpanningTree.singleLinkage(
                    x, metric: .euclidean, parallelism: Parallelism(threads: 2), parallelThreshold: 8)
                #expect(a.map { [$0.0, $0.1] } == b.map { [$0.0, $0.1] } && a.map(\.2) == b.map(\.2))
            } else if linkage.isReducible {
                struct Chain: LinkageVisitor {
                    var matrix: DistanceMatrix
                    var threads: Int
                    mutating func visit<U: LinkageUpdate>(_ u: U.Type) -> [(Int, Int, Double)] {
                        NearestNeighborChain.run(u, matrix: &matrix, parallelism: Parallelism(threads: threads), parallelThreshold: 8)
                    }
                }
                let m = try DistanceMatrix(observations: x, metric: .euclidean, squaringEuclidean: linkage.worksOnSquaredDistances)
                var serial = Chain(matrix: m, threads: 1), parallel = Chain(matrix: m, threads: 3)
                let a = linkage.dispatch(&serial), b = linkage.dispatch(&parallel)
                #expect(a.map { [$0.0, $0.1] } == b.map { [$0.0, $0.1] } && a.map(\.2) == b.map(\.2))
            }
            let a = try DistanceMatrix(observations: x, metric: .cityblock, parallelism: .serial)
            let b = try DistanceMatrix(observations: x, metric: .cityblock, parallelism: Parallelism(threads: 3))
            #expect(a == b)
        }
    }
}
