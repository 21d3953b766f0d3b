import Testing

@testable import FairHACCore

/// Single precision (issue 30): the working matrix in Float, half the memory; the same merges as
/// double precision on data without near-ties, heights within about 1e-6 relative.
@Suite("Single-precision distance matrix")
struct PrecisionTests {
    /// Same merges (ids and sizes) and heights within `tolerance` relative.
    static func expectClose(_ single: Dendrogram, _ double: Dendrogram, tolerance: Double, _ context: String) {
        #expect(single.merges.count == double.merges.count, "\(context)")
        for (i, (s, d)) in zip(single.merges, double.merges).enumerated() {
            guard s.a == d.a && s.b == d.b && s.size == d.size else {
                Issue.record("\(context): merge \(i) is (\(s.a), \(s.b), \(s.size)) in single, (\(d.a), \(d.b), \(d.size)) in double")
                return
            }
            #expect(abs(s.height - d.height) <= tolerance * abs(d.height), "\(context): merge \(i) height \(s.height) vs \(d.height)")
        }
    }

    /// Points on a coarse lattice plus a small spread, so that candidate distances are well apart
    /// (no near-ties at Float's resolution): the case the documented guarantee covers.
    static func spreadPoints(n: Int, d: Int, seed: UInt64) -> Observations {
        var rng = SplitMix64(seed: seed)
        let values = (0..<(n * d)).map { _ in Double(rng.below(1000)) + 0.001 * rng.unit() }
        return try! Observations(count: n, dimension: d, values: values)
    }

    @Test("vanilla HAC on the matrix: single equals double but for rounding, every matrix linkage")
    func vanilla() throws {
        let x = Self.spreadPoints(n: 240, d: 4, seed: 1)
        for linkage in [Linkage.complete, .average, .weighted, .ward, .centroid, .median] {
            var hac = HierarchicalClustering(linkage: linkage, parallelism: Parallelism(threads: 2), form: .matrix)
            let double = try hac.fit(x)
            hac.precision = .single
            let single = try hac.fit(x)
            Self.expectClose(single, double, tolerance: 1e-6, "\(linkage)")
            // Single really rounds: some height differs from double's.
            #expect(zip(single.merges, double.merges).contains { $0.height != $1.height }, "\(linkage)")
        }
    }

    @Test("FHAC (fast loop): single equals double but for rounding, near-pair and paper rules")
    func fair() throws {
        let x = Self.spreadPoints(n: 180, d: 3, seed: 2)
        let groups = RandomData.groups(n: 180, m: 3, seed: 3)
        for (linkage, rule) in [(Linkage.average, SelectionRule.gain), (.ward, .window), (.complete, .paper(.strict))] {
            var fhac = FairHierarchicalClustering(
                linkage: linkage, clusterCount: 4, rule: rule, schedule: FairnessSchedule(b: 1, d: 0.5), parallelism: .serial)
            let double = try fhac.fit(x, groups: groups)
            fhac.precision = .single
            let single = try fhac.fit(x, groups: groups)
            Self.expectClose(single.dendrogram, double.dendrogram, tolerance: 1e-6, "\(linkage) \(rule.name)")
        }
    }

    @Test("the same result on 1 and 2 threads, and from a precomputed matrix as from features")
    func deterministic() throws {
        let x = Self.spreadPoints(n: 150, d: 2, seed: 4)
        var hac = HierarchicalClustering(linkage: .average, parallelism: .serial, form: .matrix)
        hac.precision = .single
        let serial = try hac.fit(x)
        hac.parallelism = Parallelism(threads: 2)
        #expect(try hac.fit(x).merges == serial.merges)
        let matrix = try DistanceMatrix(observations: x, metric: .euclidean)
        #expect(try hac.fit(distances: matrix).merges == serial.merges)
    }

    @Test("the memory estimate halves the matrix; the exact form reaches about 85,000 points in 24 GB")
    func memory() throws {
        func estimate(_ n: Int, _ p: Precision) -> MemoryEstimate {
            MemoryEstimate(observations: n, dimension: 10, linkage: .average, input: .features, fair: true, precision: p)
        }
        let double = estimate(60_000, .double).bytes, single = estimate(60_000, .single).bytes
        #expect(Double(single) < 0.55 * Double(double))
        // The budget at which fair double precision reaches 60,000 points (about 15 GB of the
        // project machine's 24 GB): single reaches about 1.4 times as many.
        let budget = estimate(60_000, .double).bytes
        let fitsDouble = estimate(1000, .double).largestFittingCount(budget: budget)
        let fitsSingle = estimate(1000, .single).largestFittingCount(budget: budget)
        #expect(fitsDouble == 60_000)
        #expect(fitsSingle > 82_000 && fitsSingle < 86_000)
        // The form decision reads the precision: a fair n that only fits in single stays exact with it.
        var request = ClusteringRequest(nClusters: 4)
        request.method = .fhac
        request.form = .auto
        func decide(_ p: Precision) throws -> FormDecision {
            request.precision = p
            return try FormDecision.decide(
                request, n: 30_000, d: 10, features: true, linkage: .average, fair: true, afhac: false, form: .automatic,
                budget: 3 << 30, threads: 2, spelling: .api)
        }
        #expect(try decide(.double).summarised)
        #expect(try !decide(.single).summarised)
    }

    @Test("requests: the key, its values, and the combinations refused with the parameter named")
    func requests() throws {
        var r = ClusteringRequest(nClusters: 2)
        r.precision = .single
        try r.validate(.api)
        r.method = .afhacV
        #expect(throws: ClusteringError.self) { try r.validate(.api) }
        do { try r.validate(.cli) } catch { #expect("\(error)".contains("--precision single")) }
        r.method = .fhac
        r.implementation = .reference
        #expect(throws: ClusteringError.self) { try r.validate(.api) }
        #expect(ClusteringRequest.Key(stringValue: "precision") == .precision)
    }
}
