import Testing

@testable import FairHACCore

@Suite("Metrics and distance matrices")
struct MetricTests {
    let x = try! Observations(rows: [[0, 0], [3, 4], [1, 0], [-2, 1]])

    @Test("each metric's value on known pairs")
    func knownValues() throws {
        func d(_ m: Metric, _ i: Int, _ j: Int) throws -> Double { try DistanceMatrix(observations: x, metric: m)[i, j] }
        #expect(try d(.euclidean, 0, 1) == 5)
        #expect(try d(.sqeuclidean, 0, 1) == 25)
        #expect(try d(.cityblock, 1, 3) == 8)
        #expect(try d(.chebyshev, 1, 3) == 5)
        #expect(try d(.euclidean, 2, 2) == 0)
        let y = try Observations(rows: [[1, 0], [0, 2], [-3, 0], [1, 1]])
        let c = try DistanceMatrix(observations: y, metric: .cosine)
        #expect(abs(c[0, 1] - 1) < 1e-15)
        #expect(abs(c[0, 2] - 2) < 1e-15)
        #expect(abs(c[0, 3] - (1 - 1 / 2.0.squareRoot())) < 1e-15)
    }

    @Test("condensed layout is scipy's")
    func layout() throws {
        let m = try DistanceMatrix(observations: x, metric: .cityblock)
        // pdist order: (0,1) (0,2) (0,3) (1,2) (1,3) (2,3)
        #expect(m.condensed == [7, 1, 3, 6, 8, 4])
        #expect(try DistanceMatrix(square: [[0, 7, 1, 3], [7, 0, 6, 8], [1, 6, 0, 4], [3, 8, 4, 0]]) == m)
    }

    @Test("cosine refuses an all-zero row; bad matrices are refused")
    func errors() {
        #expect(throws: ClusteringError.self) {
            try DistanceMatrix(observations: try Observations(rows: [[1, 0], [0, 0]]), metric: .cosine)
        }
        #expect(throws: ClusteringError.self) { try DistanceMatrix(square: [[0, 1], [2, 0]]) }
        #expect(throws: ClusteringError.self) { try DistanceMatrix(square: [[1, 1], [1, 0]]) }
        #expect(throws: ClusteringError.self) { try DistanceMatrix(square: [[0, 1, 2], [1, 0]]) }
        #expect(throws: ClusteringError.self) { try DistanceMatrix(condensed: [1, -1, 2], count: 3) }
        #expect(throws: ClusteringError.self) { try Observations(count: 1, dimension: 2, values: [1, .nan]) }
    }

    @Test("ward, centroid and median refuse non-Euclidean metrics")
    func euclideanOnly() {
        for l in [Linkage.ward, .centroid, .median] {
            #expect(throws: ClusteringError.self) { try HierarchicalClustering(linkage: l).fit(x, metric: .cityblock) }
        }
        #expect(throws: ClusteringError.self) {
            try HierarchicalClustering(linkage: .average).fit(try Observations(rows: [[1.0]]))
        }
    }
}

@Suite("Memory estimate, sampling, scaling")
struct SupportTests {
    @Test("a job over budget is refused with the largest n that fits")
    func memoryRefusal() throws {
        let x = RandomData.points(n: 2000, d: 2, seed: 1)
        let hac = HierarchicalClustering(linkage: .average, memoryBudget: 8 << 20)
        do {
            _ = try hac.fit(x)
            Issue.record("expected a refusal")
        } catch let ClusteringError.insufficientMemory(required, available, largest) {
            #expect(required > available)
            #expect(available == 8 << 20)
            #expect(largest > 100 && largest < 2000)
            let fits = MemoryEstimate(observations: largest, dimension: 2, linkage: .average, input: .features)
            let over = MemoryEstimate(observations: largest + 1, dimension: 2, linkage: .average, input: .features)
            #expect(fits.bytes <= available && over.bytes > available)
            #expect(ClusteringError.insufficientMemory(requiredBytes: required, availableBytes: available, largestFittingCount: largest)
                .description.contains("\(largest)"))
        }
        // Single linkage from features needs no matrix, so the same budget is enough.
        _ = try HierarchicalClustering(linkage: .single, memoryBudget: 8 << 20).fit(x)
    }

    @Test("subsampling is seeded, sorted and without replacement")
    func subsample() {
        let a = Subsample.indices(population: 100, size: 10, seed: 7)
        #expect(a == Subsample.indices(population: 100, size: 10, seed: 7))
        #expect(a != Subsample.indices(population: 100, size: 10, seed: 8))
        #expect(a == a.sorted() && Set(a).count == 10 && a.allSatisfy { $0 < 100 })
        // The generator is fixed: these values must never change between Swift versions.
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test("z-scoring uses the population standard deviation; constant features are centred")
    func zscore() throws {
        let x = try Observations(rows: [[1, 5], [2, 5], [3, 5]])
        let (s, constant) = x.scaled(.zscore)
        let sd = (2.0 / 3).squareRoot()
        #expect(abs(s.values[0] + 1 / sd) < 1e-15 && s.values[2] == 0 && abs(s.values[4] - 1 / sd) < 1e-15)
        #expect(s.values[1] == 0 && constant == [1])
        #expect(x.scaled(.none).observations == x)
    }
}
