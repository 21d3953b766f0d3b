/// The top level's initial dissimilarities between micro-clusters, as a working matrix (spec
/// section 10, level 2):
///
/// - ward: `2 n_a n_b / (n_a + n_b) * ||c_a - c_b||^2` (the square of scipy's Ward distance of the
///   two clusters); centroid and median: `||c_a - c_b||^2` (median's true value would need the
///   clusters' merge history; the centroid distance is its value for clusters given as points).
///   Squared centroid distances come from ``DistanceMatrix/init(observations:metric:squaringEuclidean:parallelism:)``,
///   the exact form's code, so with all sizes 1 the matrix is bit-identical to the exact form's.
/// - average and weighted: the mean of the representatives' pair distances; complete: the
///   largest; single: the smallest (every member pair, or the ``MemberSample``s).
enum TopDissimilarities {
    /// Which members stand for each micro-cluster in the member-pair linkages.
    enum Members: Equatable, Sendable {
        /// Every member (exact).
        case all
        /// The ``MemberSample`` of at most `q` members per micro-cluster, keyed by `seed`.
        case sample(q: Int, seed: UInt64)
    }

    /// Member-pair distance evaluations the exact dissimilarities take: sum over pairs a < b of
    /// `s_a s_b`.
    static func exactPairCount(_ summary: MicroClusters) -> Double {
        exactPairCount(sizes: (0..<summary.count).map(summary.size))
    }

    /// The member pairs between different micro-clusters of these sizes.
    static func exactPairCount(sizes: [Int]) -> Double {
        var n = 0.0, squares = 0.0
        for s in sizes {
            n += Double(s)
            squares += Double(s) * Double(s)
        }
        return (n * n - squares) / 2
    }

    /// The working matrix of the top level.
    /// - Complexity: ward/centroid/median: O(m^2 d); the others O(P d) for P representative pairs
    ///   (``exactPairCount(_:)``, or about `m^2 q^2 / 2` with samples), parallel over rows.
    static func matrix(
        _ s: MicroClusterSummaries, linkage: Linkage, metric: Metric, parallelism: Parallelism, cancellation: Cancellation?
    ) throws -> DistanceMatrix {
        let m = s.count
        if linkage.worksOnSquaredDistances {
            var matrix = try DistanceMatrix(
                observations: s.centroids, metric: .euclidean, squaringEuclidean: true, parallelism: parallelism)
            try cancellation?.check()
            if linkage == .ward && !s.unit {
                let sizes = s.sizes.map(Double.init)
                matrix.condensed.withUnsafeMutableBufferPointer { c in
                    var at = 0
                    for a in 0..<m {
                        for b in (a + 1)..<max(m, a + 1) {
                            c[at] *= (2 * sizes[a] * sizes[b]) / (sizes[a] + sizes[b])
                            at += 1
                        }
                    }
                }
            }
            return matrix
        }
        guard let points = s.representatives else {
            throw ClusteringError.invalidInput("\(linkage.rawValue) linkage over micro-clusters needs their members (or member samples)")
        }
        try points.checkDistanceRange()
        let repStart = s.representativeStart
        let norms = metric == .cosine ? try points.rowNorms() : [Double](repeating: 1, count: points.count)
        let d = points.dimension
        let total = DistanceMatrix.storageCount(m)
        let threads = min(max(1, parallelism.threads), max(1, m / 16))
        var condensed = [Double](repeating: 0, count: total)
        condensed.withUnsafeMutableBufferPointer { out in
            points.values.withUnsafeBufferPointer { ps in
                norms.withUnsafeBufferPointer { nb in
                    let o = out.baseAddress!, p = ps.baseAddress!
                    Parallelism(threads: threads).run { t in
                        var a = t
                        while a < m - 1 {
                            if cancellation.stopRequested { return }
                            var at = DistanceMatrix.index(a, a + 1, count: m)
                            for b in (a + 1)..<m {
                                var sum = 0.0, low = Double.infinity, high = -Double.infinity
                                for i in repStart[a]..<repStart[a + 1] {
                                    let u = p + i &* d
                                    for j in repStart[b]..<repStart[b + 1] {
                                        let v = metric.distance(u, p + j &* d, dimension: d, normU: nb[i], normV: nb[j])
                                        sum += v
                                        low = min(low, v)
                                        high = max(high, v)
                                    }
                                }
                                switch linkage {
                                case .single: o[at] = low
                                case .complete: o[at] = high
                                default:
                                    o[at] = sum / (Double(repStart[a + 1] - repStart[a]) * Double(repStart[b + 1] - repStart[b]))
                                }
                                at += 1
                            }
                            a += threads
                        }
                    }
                }
            }
        }
        try cancellation?.check()
        return try DistanceMatrix(condensed: consume condensed, count: m)
    }
}
