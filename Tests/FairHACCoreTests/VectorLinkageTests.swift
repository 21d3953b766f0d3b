import Testing

@testable import FairHACCore

/// Merges equal (ids and sizes exactly) and heights within 1e-9 relative.
private func expectSameTree(_ t: Dendrogram, _ u: Dendrogram, _ context: String) {
    #expect(t.merges.count == u.merges.count, "\(context): merge count")
    for (i, (m, r)) in zip(t.merges, u.merges).enumerated() {
        let same = m.a == r.a && m.b == r.b && m.size == r.size
        #expect(same, "\(context): merge \(i) is (\(m.a), \(m.b), size \(m.size)) vs (\(r.a), \(r.b), size \(r.size))")
        if !same { return }
        #expect(abs(m.height - r.height) <= 1e-9 * max(abs(r.height), 1e-300), "\(context): merge \(i) height \(m.height) vs \(r.height)")
    }
}

/// Ward, centroid and median on the feature vectors (no matrix): the same trees as scipy and as
/// the matrix form.
@Suite("Vector forms of ward, centroid and median")
struct VectorLinkageTests {
    static let vectorLinkages: [Linkage] = [.ward, .centroid, .median]

    @Test("both forms equal scipy's fixtures, on 1 and 2 threads", arguments: vectorLinkages)
    func fixtures(linkage: Linkage) throws {
        let cases = ScipyFixture.shared.cases.filter { $0.input == "features" && $0.linkages[linkage.rawValue] != nil }
        #expect(cases.count >= 4)
        for c in cases {
            let x = try Observations(rows: c.X)
            for (threads, form) in [(1, HierarchicalClustering.Form.vectors), (2, .vectors), (1, .matrix), (2, .matrix)] {
                let hac = HierarchicalClustering(linkage: linkage, parallelism: Parallelism(threads: threads), form: form)
                let expected: HierarchicalClustering.Algorithm =
                    form == .vectors ? (linkage == .ward ? .nnChainVectors : .genericVectors) : (linkage == .ward ? .nnChainMatrix : .genericMatrix)
                #expect(hac.algorithm(count: x.count, dimension: x.dimension) == expected)
                let tree = try hac.fit(x)
                expectEqualsScipy(tree, c.linkages[linkage.rawValue]!, "\(c.name)/\(linkage)/\(form)/threads \(threads)")
                #expect(try tree.labels(clusterCount: 3) == c.labels_k3[linkage.rawValue]!)
            }
        }
    }

    @Test("equal the matrix form on random data without ties", arguments: vectorLinkages)
    func matchesMatrixForm(linkage: Linkage) throws {
        for (seed, n, d) in [(UInt64(1), 200, 2), (2, 300, 5), (3, 150, 10), (4, 257, 3)] {
            let x = RandomData.points(n: n, d: d, seed: seed)
            let matrix = try HierarchicalClustering(linkage: linkage, parallelism: .serial, form: .matrix).fit(x)
            let vectors = try HierarchicalClustering(linkage: linkage, parallelism: .serial, form: .vectors).fit(x)
            expectSameTree(vectors, matrix, "seed \(seed) n \(n) d \(d) \(linkage)")
        }
    }

    @Test("the threaded scans give the serial result, ties included", arguments: vectorLinkages)
    func threadsAgree(linkage: Linkage) throws {
        // Forced onto 2 threads from the first scan (threshold 1); the grid data has many exact ties.
        for grid in [nil, 0.25] as [Double?] {
            let x = RandomData.points(n: 240, d: 3, seed: 11, grid: grid)
            let run: (Parallelism) -> [(Int, Int, Double)] = { p in
                linkage == .ward
                    ? NearestNeighborChain.wardVectors(x, parallelism: p, parallelThreshold: 1)
                    : GenericLinkage.vectors(x, median: linkage == .median, parallelism: p, parallelThreshold: 1)
            }
            let serial = run(.serial), threaded = run(Parallelism(threads: 2))
            #expect(serial.count == 239)
            #expect(serial.elementsEqual(threaded) { $0 == $1 }, "\(linkage) grid \(String(describing: grid))")
            // A valid tree (Dendrogram checks that no merge joins a cluster with itself).
            let tree = Dendrogram(leafCount: 240, memberPairs: serial, sortedByHeight: linkage == .ward)
            #expect(tree.merges.last?.size == 240)
        }
    }

    @Test("on tied data both forms give a full tree with the same first and last merge height")
    func tiesWard() throws {
        // Exact ties can be broken differently; the first merge height (the closest pair) cannot differ.
        let x = RandomData.points(n: 120, d: 2, seed: 5, grid: 0.125)
        let matrix = try HierarchicalClustering(linkage: .ward, form: .matrix).fit(x)
        let vectors = try HierarchicalClustering(linkage: .ward, form: .vectors).fit(x)
        #expect(vectors.merges.count == 119)
        #expect(vectors.merges[0].height == matrix.merges[0].height)
        #expect(abs(vectors.merges[118].height - matrix.merges[118].height) <= 1e-9 * matrix.merges[118].height)
    }

    @Test("automatic choice and the memory estimate: no matrix for the vector forms")
    func automaticChoiceAndMemory() {
        let wide = HierarchicalClustering.vectorMaxDimension + 1, many = HierarchicalClustering.vectorMinCount
        for linkage in Self.vectorLinkages {
            let hac = HierarchicalClustering(linkage: linkage)
            let vectorName: HierarchicalClustering.Algorithm = linkage == .ward ? .nnChainVectors : .genericVectors
            let matrixName: HierarchicalClustering.Algorithm = linkage == .ward ? .nnChainMatrix : .genericMatrix
            #expect(hac.algorithm(count: 10, dimension: wide - 1) == vectorName)
            #expect(hac.algorithm(count: many - 1, dimension: wide) == matrixName)
            #expect(hac.algorithm(count: many, dimension: wide) == vectorName)
            #expect(HierarchicalClustering(linkage: linkage, form: .matrix).algorithm(count: 200_000, dimension: 10) == matrixName)
            #expect(HierarchicalClustering(linkage: linkage, form: .vectors).algorithm(count: 10, dimension: 10) == vectorName)

            let vector = MemoryEstimate(observations: 200_000, dimension: 10, linkage: linkage, input: .features)
            #expect(!vector.needsMatrix)
            #expect(vector.bytes < 1 << 30)  // 200k x 10: features + centroids + O(n), well under 1 GiB
            let matrix = MemoryEstimate(observations: 200_000, dimension: 10, linkage: linkage, input: .features, form: .matrix)
            #expect(matrix.needsMatrix)
            #expect(matrix.bytes > 140 << 30)  // the condensed matrix alone: 160 GB (149 GiB)
            #expect(MemoryEstimate(observations: 200_000, dimension: 10, linkage: linkage, input: .features, fair: true).needsMatrix)
            #expect(MemoryEstimate(observations: 200_000, dimension: 0, linkage: linkage, input: .precomputed).needsMatrix)
            // A 24 GiB budget holds the vector form at n = 200,000, not the matrix form.
            #expect(throws: Never.self) { try MemoryEstimate.check(vector, budget: 24 << 30) }
            #expect(throws: ClusteringError.self) { try MemoryEstimate.check(matrix, budget: 24 << 30) }
        }
        for linkage in [Linkage.complete, .average, .weighted] {
            #expect(MemoryEstimate(observations: 200_000, dimension: 10, linkage: linkage, input: .features, form: .vectors).needsMatrix)
            #expect(HierarchicalClustering(linkage: linkage, form: .vectors).algorithm(count: 5000, dimension: 2) == .nnChainMatrix)
        }
        #expect(HierarchicalClustering(linkage: .single).algorithm(count: 10, dimension: 2) == .primVectors)
        #expect(HierarchicalClustering(linkage: .single).matrixAlgorithm == .primMatrix)
    }

    @Test("fewer rows than threads, each very long: the scans split into empty parts", arguments: vectorLinkages)
    func fewWideRows(linkage: Linkage) throws {
        let x = RandomData.points(n: 6, d: 20_000, seed: 3)
        let wide = try HierarchicalClustering(linkage: linkage, parallelism: Parallelism(threads: 8), form: .vectors).fit(x)
        let serial = try HierarchicalClustering(linkage: linkage, parallelism: .serial, form: .matrix).fit(x)
        expectSameTree(wide, serial, "\(linkage) n 6 d 20000")
    }

    @Test("the adaptive split tries both modes, keeps trying the slower one, and never splits small work")
    func adaptiveSplit() {
        var split = AdaptiveSplit(threads: 2, minimumWork: 100)
        var seen: [Int: Int] = [:]
        for _ in 0..<64 { split.run(work: 1000) { seen[$0, default: 0] += 1 } }
        #expect(seen[1, default: 0] >= 4 && seen[2, default: 0] >= 4, "\(seen)")
        #expect(seen.keys.sorted() == [1, 2])
        var small: [Int] = []
        for _ in 0..<20 { split.run(work: 99) { small.append($0) } }
        #expect(small == [Int](repeating: 1, count: 20))
        var single = AdaptiveSplit(threads: 1, minimumWork: 0)
        single.run(work: 1_000_000) { #expect($0 == 1) }
    }

    @Test("huge finite values whose distances could overflow are refused in the vector form too, naming the feature", arguments: vectorLinkages)
    func overflow(linkage: Linkage) throws {
        let x = try Observations(rows: [[1e300], [-1e300], [0.5e300], [1], [2]])
        #expect(throws: ClusteringError.featureOutOfRange(feature: 0, low: -1e300, high: 1e300, limit: 1e100)) {
            try HierarchicalClustering(linkage: linkage, form: .vectors).fit(x)
        }
        // Within the range: a tree.
        let y = try Observations(rows: [[1e90], [-1e90], [0.5e90], [1], [2]])
        let tree = try HierarchicalClustering(linkage: linkage, form: .vectors).fit(y)
        #expect(tree.merges.count == 4 && tree.merges.last?.size == 5)
    }
}
