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

/// The squared Euclidean distance with four partial sums (SIMD lanes) instead of one running
/// sum: the scans of the vector algorithms evaluate it O(n^2) times, and one running sum makes
/// every addition wait for the previous one. Rounding differs from ``squaredEuclidean(_:_:_:)``
/// only in the order of the additions (a few ulps). It is exactly symmetric: `(a - b)^2` equals
/// `(b - a)^2` and the order of the additions does not depend on which row comes first.
@inline(__always)
func squaredEuclideanLanes(_ u: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ dimension: Int) -> Double {
    var acc = SIMD4<Double>()
    var k = 0
    while k &+ 4 <= dimension {
        let t = UnsafeRawPointer(u + k).loadUnaligned(as: SIMD4<Double>.self)
            - UnsafeRawPointer(v + k).loadUnaligned(as: SIMD4<Double>.self)
        acc += t * t
        k &+= 4
    }
    if k &+ 2 <= dimension {
        let t = UnsafeRawPointer(u + k).loadUnaligned(as: SIMD2<Double>.self)
            - UnsafeRawPointer(v + k).loadUnaligned(as: SIMD2<Double>.self)
        acc.lowHalf += t * t
        k &+= 2
    }
    var s = (acc.lowHalf + acc.highHalf).sum()
    if k < dimension {
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
