/// The distance between two observations, with scipy's names and definitions.
public enum Metric: String, CaseIterable, Sendable {
    /// sqrt(sum (u_i - v_i)^2)
    case euclidean
    /// sum (u_i - v_i)^2
    case sqeuclidean
    /// sum |u_i - v_i|
    case cityblock
    /// max |u_i - v_i|
    case chebyshev
    /// 1 - u.v / (|u| |v|); undefined (an error) for an all-zero row.
    case cosine

    /// The distance between `u` and `v` (each `dimension` values). For `cosine`, pass the
    /// precomputed Euclidean norms of both rows.
    @inline(__always)
    func distance(
        _ u: UnsafePointer<Double>, _ v: UnsafePointer<Double>, dimension: Int,
        normU: Double = 1, normV: Double = 1
    ) -> Double {
        switch self {
        case .euclidean:
            return squaredEuclidean(u, v, dimension).squareRoot()
        case .sqeuclidean:
            return squaredEuclidean(u, v, dimension)
        case .cityblock:
            var s = 0.0
            for k in 0..<dimension { s += abs(u[k] - v[k]) }
            return s
        case .chebyshev:
            var s = 0.0
            for k in 0..<dimension { s = max(s, abs(u[k] - v[k])) }
            return s
        case .cosine:
            var dot = 0.0
            for k in 0..<dimension { dot += u[k] * v[k] }
            // scipy clips the result to [0, 2] the same way.
            return min(max(1 - dot / (normU * normV), 0), 2)
        }
    }
}

@inline(__always)
func squaredEuclidean(_ u: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ dimension: Int) -> Double {
    var s = 0.0
    for k in 0..<dimension {
        let t = u[k] - v[k]
        s += t * t
    }
    return s
}

extension Observations {
    /// Euclidean norm of every row (for the cosine metric).
    /// - Throws: when a row is all zeros, for which cosine distance is undefined.
    func rowNorms() throws -> [Double] {
        var norms = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var s = 0.0
            for k in 0..<dimension {
                let x = values[i * dimension + k]
                s += x * x
            }
            norms[i] = s.squareRoot()
            if norms[i] == 0 {
                throw ClusteringError.invalidInput(
                    "row \(i) is all zeros: cosine distance is undefined for it (use another metric or drop the row)")
            }
        }
        return norms
    }
}
