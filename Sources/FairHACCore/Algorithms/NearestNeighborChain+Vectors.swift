/// Ward linkage by the nearest-neighbour chain on the feature vectors (Müllner 2011, section
/// 3.3; fastcluster's `linkage_vector`): no distance matrix, only the centroid and size of every
/// active cluster, O(n d) memory.
///
/// The Ward distance of clusters `a` and `b` is `sqrt(2 |a||b| / (|a| + |b|)) * ||c_a - c_b||`
/// (scipy's height); the algorithm works on its square. Each nearest-neighbour search scans the
/// active centroids (split across threads while there are many). The squared distance is
/// computed as `||c_a - c_b||^2 * ((2 |a||b|) / (|a| + |b|))`, which is bit-for-bit symmetric in
/// `a` and `b` (the sizes are exact integers), so the chain sees one consistent value per pair
/// and always closes.
///
/// Slots, tie rules and the chain are the driver's (``NearestNeighborChain/chain(_:count:progress:cancellation:)``).
/// On data without ties the merges equal the matrix form's and scipy's; the heights agree to
/// rounding (scipy updates distances by Lance–Williams, here they are recomputed from centroids).
extension NearestNeighborChain {
    /// Below this many candidate coordinates (active clusters times dimension) a scan runs on
    /// one thread; above, ``AdaptiveSplit`` times one and two threads and keeps the faster. An
    /// estimate, not tuned: a 3,000-row scan at d = 10 takes some 10-20 µs, far above the
    /// 0.4 µs a `concurrentPerform` of two empty iterations cost here.
    static let vectorParallelThreshold = 32_768

    /// - Returns: merges as member pairs with *working* heights (squared Ward distances).
    /// - Complexity: O(n^2 d) time (each of the O(n) scans is O(n d)); O(n d) memory.
    static func wardVectors(
        _ x: Observations, parallelism: Parallelism = .serial,
        parallelThreshold: Int = vectorParallelThreshold, initialSizes: [Double]? = nil, progress: MergeProgress? = nil,
        cancellation: Cancellation? = nil
    ) -> [(Int, Int, Double)] {
        guard x.count > 1 else { return [] }
        var space = WardChainSpace(
            x, sizes: initialSizes, threads: max(1, min(parallelism.threads, 8)), parallelThreshold: parallelThreshold)
        return chain(&space, count: x.count, progress: progress, cancellation: cancellation)
    }
}

/// The nearest-neighbour chain's space for ward on the feature vectors: the centroid and size
/// of every slot; the union's centroid, the size-weighted mean, overwrites slot `hi`'s.
struct WardChainSpace: ChainSpace {
    /// Dimension `d`.
    private let d: Int
    /// `d` coordinates per slot.
    private var centroids: [Double]
    /// Size of the cluster in each slot; 0 once retired.
    private var sizes: [Double]
    /// Whether scans run on one thread or several (timed, see ``AdaptiveSplit``).
    private var split: AdaptiveSplit

    init(_ x: Observations, sizes: [Double]?, threads: Int, parallelThreshold: Int) {
        d = x.dimension
        centroids = x.values
        self.sizes = sizes ?? [Double](repeating: 1, count: x.count)
        precondition(self.sizes.count == x.count)
        split = AdaptiveSplit(threads: threads, minimumWork: parallelThreshold)
    }

    /// The squared Ward distance of slots `i` and `j`, symmetric bit for bit.
    @inline(__always)
    func distance(_ i: Int, _ j: Int) -> Double {
        let d = self.d
        let ni = sizes[i], nj = sizes[j]
        return centroids.withUnsafeBufferPointer { c in
            squaredEuclideanLanes(c.baseAddress! + i &* d, c.baseAddress! + j &* d, d) * ((2 * ni * nj) / (ni + nj))
        }
    }

    mutating func nearest(_ x: Int, among active: ActiveSlots.View) -> ArgMin {
        let d = self.d
        let count = active.count
        var found = ArgMin.empty
        var split = self.split
        defer { self.split = split }
        centroids.withUnsafeBufferPointer { c in
            sizes.withUnsafeBufferPointer { sz in
                split.run(work: count &* d) { parts in
                    found = ArgMin.split(count: count, parts: parts) { range in
                        Self.nearest(x, in: range, of: active, centroids: c, sizes: sz, dimension: d)
                    }
                }
            }
        }
        return found
    }

    /// The nearest slot to `x` among the active positions `range` (`x` skipped), by ``ArgMin``.
    /// Its own function, so that the hot loop gets the registers to itself.
    @inline(never)
    private static func nearest(
        _ x: Int, in range: Range<Int>, of active: ActiveSlots.View, centroids: UnsafeBufferPointer<Double>,
        sizes sz: UnsafeBufferPointer<Double>, dimension d: Int
    ) -> ArgMin {
        guard let c = centroids.baseAddress else { return .empty }
        let cx = c + x &* d
        let nx = sz[x]
        let twiceNx = 2 * nx
        var best = Double.infinity, at = -1
        var p = range.lowerBound
        let hi = range.upperBound
        while p < hi {
            let j = active[p]
            p &+= 1
            if j == x { continue }
            let nj = sz[j]
            // Screen without the division (sq f < best, f = 2 nx nj / (nx + nj), cross-multiplied),
            // then compare the exact value: only new minima, O(log n) per scan, pay for a
            // division. (Skipping the rest of a row once its first coordinates exceed the best was
            // slower: the branch is unpredictable.)
            let w = twiceNx * nj
            let sq = squaredEuclideanLanes(cx, c + j &* d, d)
            if sq * w < best * (nx + nj) {
                let v = sq * ((twiceNx * nj) / (nx + nj))
                if v < best {
                    best = v
                    at = j
                }
            }
        }
        return ArgMin(value: best, index: at)
    }

    mutating func merge(_ lo: Int, _ hi: Int, at distance: Double, active: ActiveSlots.View) {
        let d = self.d
        let nLo = sizes[lo], nHi = sizes[hi], total = nLo + nHi
        centroids.withUnsafeMutableBufferPointer { cb in
            let cLo = cb.baseAddress! + lo &* d, cHi = cb.baseAddress! + hi &* d
            for k in 0..<d { cHi[k] = (nLo * cLo[k] + nHi * cHi[k]) / total }
        }
        sizes[lo] = 0
        sizes[hi] = total
    }
}
