/// The observations feature by feature (column-major: feature `k` of all rows contiguous), for
/// kernels that compute the distances from one row to a run of others eight rows at a time
/// (SIMD lanes over rows, not over features), as the distance matrices are filled.
///
/// Each lane sums its squared differences in feature order, exactly as
/// ``squaredEuclidean(_:_:_:)`` does, so every value is bit-identical to the pair computed alone
/// (and to scipy's `pdist`, which sums in the same order).
struct FeatureColumns: Sendable {
    typealias Lanes = SIMD8<Double>
    static let lanes = 8

    let count: Int
    let dimension: Int
    /// `values[k * count + i]` is feature `k` of row `i`.
    private let values: [Double]

    init(_ x: Observations) {
        count = x.count
        dimension = x.dimension
        let n = x.count, d = x.dimension
        values = [Double](unsafeUninitializedCapacity: n * d) { out, initialized in
            x.values.withUnsafeBufferPointer { v in
                for i in 0..<n {
                    for k in 0..<d { out[k &* n &+ i] = v[i &* d &+ k] }
                }
            }
            initialized = n * d
        }
    }

    /// Whether ``distances(from:to:squared:into:)`` serves `metric`.
    static func serves(_ metric: Metric) -> Bool { metric == .euclidean || metric == .sqeuclidean }

    /// Writes the squared Euclidean distance (its square root when `root`) from row `i` to each
    /// row of `range` into `out[0..<range.count]`.
    func distances(from i: Int, to range: Range<Int>, root: Bool, into out: UnsafeMutablePointer<Double>) {
        let n = count, d = dimension
        values.withUnsafeBufferPointer { buffer in
            guard let v = buffer.baseAddress else { return }
            var j = range.lowerBound
            var o = out
            while j &+ Self.lanes <= range.upperBound {
                var sum = Lanes()
                var column = v + j
                for k in 0..<d {
                    let t = UnsafeRawPointer(column).loadUnaligned(as: Lanes.self) - Lanes(repeating: v[k &* n &+ i])
                    sum += t * t
                    column += n
                }
                UnsafeMutableRawPointer(o).storeBytes(of: root ? sum.squareRoot() : sum, as: Lanes.self)
                j &+= Self.lanes
                o += Self.lanes
            }
            while j < range.upperBound {
                var sum = 0.0
                for k in 0..<d {
                    let t = v[k &* n &+ j] - v[k &* n &+ i]
                    sum += t * t
                }
                o.pointee = root ? sum.squareRoot() : sum
                j &+= 1
                o += 1
            }
        }
    }
}
