/// The observations seen in two dimensions: their first two principal components, on a seeded
/// sample of at most ``defaultSampleSize`` rows (what the report draws, coloured by cluster).
///
/// The components are those of the sample's covariance (the features as clustered, so z-scored
/// by default), found by subspace iteration with a Rayleigh–Ritz step (``SymmetricEigen``):
/// O(d^2) per iteration, so wide tables cost no O(d^3) decomposition. Each component's sign is
/// fixed (its largest entry in magnitude is positive), so the picture is the same on every run.
public struct PrincipalProjection: Sendable, Equatable {
    /// At most this many rows are drawn (a picture of more points is no clearer).
    public static let defaultSampleSize = 5000

    /// The rows shown: indices into the observations, ascending.
    public var rows: [Int]
    /// The coordinates of each shown row along the first and second component.
    public var x: [Double]
    public var y: [Double]
    /// The two components (unit vectors of `d` entries; the second is zero with one feature).
    public var components: [[Double]]
    /// The share of the sample's total variance along each component (0 when it has none).
    public var explainedVariance: [Double]

    /// - Throws: ``ClusteringError/invalidInput(_:)`` for no observations or a sample size under 1.
    /// - Complexity: O(s d^2 + d^2 t) for s sampled rows and t iterations (at most 500).
    public init(_ data: Observations, sampleSize: Int = defaultSampleSize, seed: UInt64 = 0) throws {
        guard data.count >= 1, sampleSize >= 1 else {
            throw ClusteringError.invalidInput("a projection needs observations and a sample size of at least 1 (got \(data.count), \(sampleSize))")
        }
        let d = data.dimension
        let rows = data.count <= sampleSize ? Array(0..<data.count) : Subsample.indices(population: data.count, size: sampleSize, seed: seed)
        let s = Double(rows.count)
        var mean = [Double](repeating: 0, count: d)
        for i in rows { for j in 0..<d { mean[j] += data.values[i * d + j] } }
        for j in 0..<d { mean[j] /= s }
        // The covariance, upper triangle filled and mirrored.
        var covariance = [Double](repeating: 0, count: d * d)
        var centred = [Double](repeating: 0, count: d)
        for i in rows {
            for j in 0..<d { centred[j] = data.values[i * d + j] - mean[j] }
            for a in 0..<d where centred[a] != 0 {
                let ca = centred[a]
                for b in a..<d { covariance[a * d + b] += ca * centred[b] }
            }
        }
        for a in 0..<d {
            for b in a..<d {
                covariance[a * d + b] /= s
                covariance[b * d + a] = covariance[a * d + b]
            }
        }
        let total = (0..<d).reduce(0.0) { $0 + covariance[$1 * d + $1] }
        let eigen = SymmetricEigen.top(2, of: covariance, dimension: d, seed: seed)
        components = eigen.vectors
        explainedVariance = eigen.values.map { total > 0 ? max(0, $0) / total : 0 }
        while components.count < 2 {
            components.append([Double](repeating: 0, count: d))
            explainedVariance.append(0)
        }
        self.rows = rows
        var xs = [Double](), ys = [Double]()
        xs.reserveCapacity(rows.count)
        ys.reserveCapacity(rows.count)
        for i in rows {
            var px = 0.0, py = 0.0
            for j in 0..<d {
                let c = data.values[i * d + j] - mean[j]
                px += c * components[0][j]
                py += c * components[1][j]
            }
            xs.append(px)
            ys.append(py)
        }
        x = xs
        y = ys
    }
}
