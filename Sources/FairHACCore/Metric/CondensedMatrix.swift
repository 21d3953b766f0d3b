/// The working condensed matrix of the exact form's algorithms, in scipy's layout (the upper
/// triangle, row by row; ``CondensedLayout``), storing `S`: `Double`, or `Float` for
/// ``Precision/single`` (half the memory).
struct CondensedMatrix<S: MatrixScalar>: Sendable {
    /// Number of observations `n`.
    let count: Int
    /// `n(n-1)/2` values.
    var values: [S]

    init(count: Int, values: [S]) {
        precondition(values.count == DistanceMatrix.storageCount(count))
        self.count = count
        self.values = values
    }

    /// The values of `matrix`, rounded to `S` (moved, not copied, when `S` is `Double`).
    init(_ matrix: consuming DistanceMatrix) {
        let n = matrix.count
        var m = consume matrix
        if S.self == Double.self {
            self.init(count: n, values: unsafeBitCast(m.takeCondensed(), to: [S].self))
        } else {
            let double = m.takeCondensed()
            self.init(count: n, values: double.map { S(rounding: $0) })
        }
    }

    /// All pairwise distances of `x` under `metric` (squared Euclidean distances when
    /// `squaringEuclidean`), each computed in double precision and stored rounded to `S`, in
    /// parallel over rows.
    /// - Complexity: O(n^2 d) time, `n(n-1)/2` values of memory.
    init(observations x: Observations, metric: Metric, squaringEuclidean: Bool, parallelism: Parallelism) throws {
        precondition(!squaringEuclidean || metric == .euclidean)
        try x.checkDistanceRange()
        let n = x.count, d = x.dimension
        let norms = metric == .cosine ? try x.rowNorms() : []
        let columns = squaringEuclidean || FeatureColumns.serves(metric) ? FeatureColumns(x) : nil
        let root = metric == .euclidean && !squaringEuclidean
        let total = DistanceMatrix.storageCount(n)
        let threads = min(parallelism.threads, max(1, n / 64))
        count = n
        values = [S](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let out = buffer.baseAddress else {
                initialized = 0
                return
            }
            HugePages.advise(buffer)
            x.values.withUnsafeBufferPointer { xs in
                guard let xb = xs.baseAddress else { return }
                norms.withUnsafeBufferPointer { nb in
                    // Interleaved rows balance the triangle's uneven row lengths across threads.
                    Parallelism(threads: threads).run { t in
                        // Single precision: each row computed in double, then rounded.
                        var scratch = S.self == Double.self ? [] : [Double](repeating: 0, count: n)
                        var i = t
                        while i < n - 1 {
                            let at = DistanceMatrix.index(i, i + 1, count: n)
                            let length = n - i - 1
                            scratch.withUnsafeMutableBufferPointer { sb in
                                let row = S.self == Double.self
                                    ? UnsafeMutableRawPointer(out + at).assumingMemoryBound(to: Double.self) : sb.baseAddress!
                                if let columns {
                                    columns.distances(from: i, to: (i + 1)..<n, root: root, into: row)
                                } else {
                                    let u = xb + i * d
                                    let nu = metric == .cosine ? nb[i] : 1
                                    for j in (i + 1)..<n {
                                        row[j - i - 1] = metric.distance(
                                            u, xb + j * d, dimension: d, normU: nu, normV: metric == .cosine ? nb[j] : 1)
                                    }
                                }
                                if S.self != Double.self {
                                    for k in 0..<length { out[at + k] = S(rounding: row[k]) }
                                }
                            }
                            i += threads
                        }
                    }
                }
            }
            initialized = total
        }
    }

    /// Squares every value in place (a precomputed Euclidean matrix feeding ward, centroid or
    /// median linkage, whose working values are squared distances), in double precision.
    mutating func squareInPlace() {
        values.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = S(rounding: b[i].widened * b[i].widened) }
        }
    }
}

extension DistanceMatrix {
    /// The values, leaving this matrix empty (for a move into a ``CondensedMatrix``).
    mutating func takeCondensed() -> [Double] {
        var out: [Double] = []
        swap(&out, &condensed)
        return out
    }
}
