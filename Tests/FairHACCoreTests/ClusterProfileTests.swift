import Foundation
import Testing

@testable import FairHACCore

/// Issue 31: what each cluster is (its feature means, in the input's units) and the clusters in
/// two dimensions (principal components), and wording that calls a partition fair only when it is.
@Suite("What each cluster is")
struct ClusterProfileTests {
    @Test("feature means per cluster, mapped back to the input's units")
    func featureMeans() throws {
        let raw = try Observations(rows: [[20, 1000], [30, 3000], [60, 0], [70, 100], [65, 200]])
        let labels = [0, 0, 1, 1, 1]
        let plain = try ClusterFeatureMeans(raw, labels: labels, clusterCount: 2)
        #expect(plain.means == [[25, 2000], [65, 100]])
        let (z, _, units) = raw.scaledWithUnits(.zscore)
        let back = try ClusterFeatureMeans(z, labels: labels, clusterCount: 2, units: units)
        for (c, row) in back.means.enumerated() {
            for (j, v) in row.enumerated() { #expect(abs(v - plain.means[c][j]) < 1e-9, "cluster \(c), feature \(j): \(v)") }
        }
        #expect(throws: ClusteringError.self) { try ClusterFeatureMeans(raw, labels: [0, 0, 1, 1, 2], clusterCount: 2) }
        #expect(throws: ClusteringError.self) { try ClusterFeatureMeans(raw, labels: [0, 1], clusterCount: 2) }
    }

    @Test("the pipeline's outcome has them, in the units the front end names")
    func pipelineFeatureMeans() throws {
        let raw = RandomData.points(n: 40, d: 3, seed: 3)
        let (z, _, units) = raw.scaledWithUnits(.zscore)
        var data = ClusteringData(content: .features(z), attributes: nil)
        data.featureUnits = units
        var request = ClusteringRequest(nClusters: 3)
        request.method = .hac
        let outcome = try ClusteringPipeline(request, spelling: .api).run(on: data)
        let expected = try ClusterFeatureMeans(raw, labels: outcome.labels, clusterCount: 3)
        let got = try #require(outcome.featureMeans)
        for c in 0..<3 { for j in 0..<3 { #expect(abs(got.means[c][j] - expected.means[c][j]) < 1e-12) } }
    }

    @Test("principal components: the covariance's leading eigenvectors, ordered, signed, seeded")
    func projection() throws {
        // Points along a known direction (3, 4)/5 with a little spread across it.
        var rng = SplitMix64(seed: 11)
        var rows: [[Double]] = []
        for _ in 0..<400 {
            let t = rng.unit() * 10 - 5, s = rng.unit() - 0.5
            rows.append([0.6 * t - 0.8 * s + 2, 0.8 * t + 0.6 * s - 1])
        }
        let x = try Observations(rows: rows)
        let p = try PrincipalProjection(x)
        #expect(p.rows == Array(0..<400))
        // The 2 x 2 covariance's eigenvectors, analytically.
        let n = Double(rows.count)
        let mx = rows.map { $0[0] }.reduce(0, +) / n, my = rows.map { $0[1] }.reduce(0, +) / n
        let a = rows.map { ($0[0] - mx) * ($0[0] - mx) }.reduce(0, +) / n
        let b = rows.map { ($0[0] - mx) * ($0[1] - my) }.reduce(0, +) / n
        let c = rows.map { ($0[1] - my) * ($0[1] - my) }.reduce(0, +) / n
        let l1 = (a + c) / 2 + (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
        var v = [b, l1 - a]
        let norm = (v[0] * v[0] + v[1] * v[1]).squareRoot()
        v = v.map { $0 / norm }
        if (abs(v[1]) > abs(v[0]) ? v[1] : v[0]) < 0 { v = v.map { -$0 } }
        #expect(abs(p.components[0][0] - v[0]) < 1e-9 && abs(p.components[0][1] - v[1]) < 1e-9, "\(p.components[0]) vs \(v)")
        #expect(abs(p.components[0][0] - 0.6) < 0.02 && abs(p.components[0][1] - 0.8) < 0.02)
        #expect(abs(p.explainedVariance[0] - l1 / (a + c)) < 1e-9)
        #expect(abs(p.explainedVariance[0] + p.explainedVariance[1] - 1) < 1e-9)
        // Coordinates: the centred points on the components.
        #expect(abs(p.x[7] - ((rows[7][0] - mx) * p.components[0][0] + (rows[7][1] - my) * p.components[0][1])) < 1e-9)
    }

    @Test("wide data: orthonormal components satisfying C v = lambda v, the largest first; a seeded sample of 5000")
    func wideAndSampled() throws {
        let d = 12
        var rng = SplitMix64(seed: 4)
        // Two strong latent directions plus noise.
        let rows = (0..<6000).map { _ -> [Double] in
            let s = rng.unit() * 6, t = rng.unit() * 3
            return (0..<d).map { j in s * sin(Double(j)) + t * cos(Double(2 * j)) + 0.1 * rng.unit() }
        }
        let x = try Observations(rows: rows)
        let p = try PrincipalProjection(x, seed: 9)
        #expect(p.rows.count == PrincipalProjection.defaultSampleSize && p.rows == p.rows.sorted())
        #expect(try PrincipalProjection(x, seed: 9) == p)
        #expect(try PrincipalProjection(x, seed: 10).rows != p.rows)
        let sample = p.rows.map { rows[$0] }
        let m = Double(sample.count)
        let mean = (0..<d).map { j in sample.map { $0[j] }.reduce(0, +) / m }
        func cov(_ v: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: d)
            for r in sample {
                let dot = (0..<d).map { (r[$0] - mean[$0]) * v[$0] }.reduce(0, +)
                for i in 0..<d { out[i] += (r[i] - mean[i]) * dot / m }
            }
            return out
        }
        let total = (0..<d).map { j in sample.map { ($0[j] - mean[j]) * ($0[j] - mean[j]) }.reduce(0, +) / m }.reduce(0, +)
        var lambdas: [Double] = []
        for (i, v) in p.components.enumerated() {
            #expect(abs(v.map { $0 * $0 }.reduce(0, +) - 1) < 1e-9)
            let cv = cov(v)
            let lambda = zip(cv, v).map { $0 * $1 }.reduce(0, +)
            lambdas.append(lambda)
            for k in 0..<d { #expect(abs(cv[k] - lambda * v[k]) < 1e-6 * total, "component \(i), entry \(k)") }
            #expect(abs(p.explainedVariance[i] - lambda / total) < 1e-9)
        }
        #expect(abs(zip(p.components[0], p.components[1]).map { $0 * $1 }.reduce(0, +)) < 1e-9)
        #expect(lambdas[0] >= lambdas[1])
        // No unit vector has a larger variance than the first component.
        for _ in 0..<20 {
            var u = (0..<d).map { _ in rng.unit() - 0.5 }
            let norm = u.map { $0 * $0 }.reduce(0, +).squareRoot()
            u = u.map { $0 / norm }
            #expect(zip(cov(u), u).map { $0 * $1 }.reduce(0, +) <= lambdas[0] * (1 + 1e-9))
        }
    }

    @Test("one feature, constant data, one point: no trap, a zero second axis")
    func degenerate() throws {
        let line = try PrincipalProjection(try Observations(rows: [[1], [2], [4]]))
        #expect(line.components == [[1], [0]] && line.y == [0, 0, 0])
        let flat = try PrincipalProjection(try Observations(rows: [[3, 3], [3, 3]]))
        #expect(flat.x == [0, 0] && flat.explainedVariance == [0, 0])
        #expect(try PrincipalProjection(try Observations(rows: [[1, 2]])).rows == [0])
        #expect(throws: ClusteringError.self) { try PrincipalProjection(try Observations(rows: [[1, 2]]), sampleSize: 0) }
    }

    @Test("fair only within the tolerance: a vanilla partition's large deviation is not called fair")
    func fairCutWording() {
        let unfair = FairCutExtent.sentence(alpha: 0.7, reach: 45, k: 4, tolerance: 0.1)
        #expect(!unfair.contains("fair up to") && unfair.hasPrefix("not fair at k = 4: its largest deviation from the ideal shares is 0.7000"))
        #expect(unfair.contains("every cut into at most 45 clusters stays within that deviation"))
        let fair = FairCutExtent.sentence(alpha: 0.031, reach: 45, k: 4, tolerance: 0.1)
        #expect(fair.hasPrefix("fair up to k = 45: every cut into at most 45 clusters keeps each cluster within 0.0310"))
        #expect(FairCutExtent.shortLabel(alpha: 0.7, reach: 45, tolerance: 0.1) == "≤ 0.70 to k = 45")
        #expect(FairCutExtent.shortLabel(alpha: 0.1, reach: 5, tolerance: 0.1) == "fair to k = 5")
    }

    @Test("the exact form refused for memory names the summarised form, in the reader's words")
    func exactFormNamesTheWayOut() throws {
        let x = RandomData.points(n: 3000, d: 2, seed: 1)
        var request = ClusteringRequest(nClusters: 4)
        request.method = .hac
        request.linkage = .average
        request.form = .exact
        request.memoryLimit = 1 << 20
        for (spelling, way) in [(ParameterSpelling.api, "form='auto' or form='summarised'"), (.cli, "--form auto or --form summarised")] {
            do {
                _ = try ClusteringPipeline(request, spelling: spelling).run(on: ClusteringData(content: .features(x), attributes: nil))
                Issue.record("expected a refusal")
            } catch let e as ClusteringError {
                guard case .exactFormTooLarge = e else { Issue.record("got \(e)"); continue }
                #expect(e.description.contains("the exact form of this job needs about") && e.description.contains(way), "\(e)")
            }
        }
    }

    @Test("feature means from centroids near Double's limit stay finite (sizes times centroids would overflow)")
    func centroidMeansNearTheLimit() throws {
        let centroids = try Observations(count: 3, dimension: 1, values: [1e308, 1.5e308, -1e308])
        let means = try ClusterFeatureMeans(centroids: centroids, sizes: [40, 2, 10], labels: [0, 0, 1], clusterCount: 2).means
        #expect(means.allSatisfy { $0.allSatisfy(\.isFinite) })
        #expect(abs(means[0][0] - (40 * 1e300 + 2 * 1.5e300) / 42 * 1e8) <= 1e-12 * 1e308)
        #expect(means[1][0] == -1e308)
    }
}
