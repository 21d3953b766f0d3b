import Testing

@testable import FairHACCore

/// Inputs chosen to break things: values near a Double's limits, sizes that overflow. Each must
/// give a result or a ``ClusteringError``, never a trap.
@Suite("Hostile input: overflow and extreme values")
struct HostileInputTests {
    @Test("z-scoring a column whose sum overflows gives finite z-scores")
    func zscoreHuge() throws {
        let x = try Observations(count: 3, dimension: 1, values: [1e308, 1e308, 1])
        let (z, constant) = x.scaled(.zscore)
        #expect(constant.isEmpty)
        #expect(z.values.allSatisfy { $0.isFinite })
        // Two equal values and one far below: z = +1/sqrt(2), +1/sqrt(2), -sqrt(2).
        #expect(abs(z.values[0] - 0.5.squareRoot()) < 1e-12 && abs(z.values[2] + 2.0.squareRoot()) < 1e-12)
        let negative = try Observations(count: 2, dimension: 1, values: [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude])
        #expect(negative.scaled(.zscore).observations.values == [-1, 1])
        let constantHuge = try Observations(count: 2, dimension: 1, values: [1e308, 1e308])
        #expect(constantHuge.scaled(.zscore) == (try Observations(count: 2, dimension: 1, values: [0, 0]), [0]))
    }

    @Test("z-scores on ordinary data are bitwise those of the plain formula")
    func zscoreUnchanged() throws {
        let x = RandomData.points(n: 50, d: 3, seed: 4)
        let scaled = x.scaled(.zscore).observations
        for j in 0..<3 {
            let column = (0..<50).map { x.values[$0 * 3 + j] * 1000 - 300 }
            let y = try Observations(count: 50, dimension: 1, values: column)
            let mean = column.reduce(0, +) / 50
            let sd = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 50).squareRoot()
            #expect(y.scaled(.zscore).observations.values == column.map { ($0 - mean) / sd })
        }
        #expect(scaled.values.allSatisfy { $0.isFinite })
    }

    @Test("features whose distances would overflow are refused for every linkage and metric, naming the feature")
    func hugeFeatures() throws {
        let x = try Observations(rows: [[0, 1e157], [1, -1e157], [2, 3e156], [3, 0]])
        for linkage in Linkage.allCases {
            for metric in Metric.allCases where !linkage.requiresEuclidean || metric == .euclidean {
                do {
                    _ = try HierarchicalClustering(linkage: linkage).fit(x, metric: metric)
                    Issue.record("\(linkage) \(metric): expected an error")
                } catch let ClusteringError.featureOutOfRange(feature, low, high, limit) {
                    #expect(feature == 1 && low == -1e157 && high == 1e157 && limit == 1e100)
                }
            }
        }
        #expect(throws: ClusteringError.self) { try DistanceMatrix(observations: x, metric: .cosine) }
        // Just inside the limit: distances are computed and finite.
        let fine = try Observations(rows: [[0], [1e99], [-1e99]])
        let tree = try HierarchicalClustering(linkage: .ward).fit(fine)
        #expect(tree.merges.allSatisfy { $0.height.isFinite && $0.height > 0 })
        let far = try Observations(rows: [[1e308], [-1e308]])
        #expect(throws: ClusteringError.self) { try HierarchicalClustering(linkage: .single).fit(far) }
    }

    @Test("a distance matrix with values above 1e100 is refused, naming the cell")
    func hugeDistances() throws {
        let big = 1e308
        let rows: [[Double]] = [[0, 1, 2], [1, 0, big], [2, big, 0]]
        #expect(throws: ClusteringError.distanceOutOfRange(row: 1, column: 2, value: big, limit: 1e100)) {
            try DistanceMatrix(square: rows)
        }
        #expect(throws: ClusteringError.self) { try DistanceMatrix(condensed: [1e101], count: 2) }
        let ok = try DistanceMatrix(condensed: [1e100, 1, 1e100], count: 3)
        for linkage in Linkage.allCases {
            let tree = try HierarchicalClustering(linkage: linkage).fit(distances: ok)
            #expect(tree.merges.allSatisfy { $0.height.isFinite }, "\(linkage)")
        }
    }

    @Test("condensed index and pair are inverse")
    func pairIndex() {
        for n in [2, 3, 7] {
            for i in 0..<n {
                for j in (i + 1)..<max(n, i + 1) {
                    let (a, b) = DistanceMatrix.pair(at: DistanceMatrix.index(i, j, count: n), count: n)
                    #expect(a == i && b == j)
                }
            }
        }
    }

    @Test("memory estimates saturate instead of overflowing")
    func memoryEstimates() throws {
        let huge = MemoryEstimate(observations: 1 << 40, dimension: 1 << 30, linkage: .average, input: .features)
        #expect(huge.bytes == Int.max)
        #expect(MemoryEstimate(observations: 10, dimension: 2, linkage: .average, input: .features).largestFittingCount(budget: Int.max) > 1 << 29)
        #expect(throws: ClusteringError.self) { try MemoryEstimate.check(huge, budget: 1 << 62) }
    }

    @Test("library messages name parameters, not command-line flags")
    func structuredErrors() throws {
        let groups = try GroupAssignment(labels: ["a", "b", "a"])
        #expect(throws: ClusteringError.invalidParameter(.idealShares, value: "0.5", expected: "2 shares, one per group (a, b)")) {
            try IdealShares.given([0.5]).resolve(for: groups)
        }
        let errors: [ClusteringError] = [
            .invalidParameter(.epsilon, value: "0", expected: "a positive number"),
            .insufficientMemory(requiredBytes: 1 << 40, availableBytes: 1 << 30, largestFittingCount: 100),
            .featureOutOfRange(feature: 2, low: -1e200, high: 1e200, limit: 1e100),
            .distanceOutOfRange(row: 0, column: 1, value: 1e300, limit: 1e100),
        ]
        for error in errors {
            #expect(!error.description.contains("--"), "\(error.description)")
        }
        #expect(errors[0].description == "eps must be a positive number; got 0")
        #expect(errors[2].description.hasPrefix("feature 2 spans -1e+200 to 1e+200"))
    }
}
