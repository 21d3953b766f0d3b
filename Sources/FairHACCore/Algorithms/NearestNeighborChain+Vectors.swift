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
/// of every active cluster (``CentroidBlocks``); the union's centroid, the size-weighted mean,
/// takes slot `hi`.
struct WardChainSpace: ChainSpace {
    private var blocks: CentroidBlocks
    /// Whether scans run on one thread or several (timed, see ``AdaptiveSplit``).
    private var split: AdaptiveSplit

    init(_ x: Observations, sizes: [Double]?, threads: Int, parallelThreshold: Int) {
        blocks = CentroidBlocks(x, sizes: sizes)
        split = AdaptiveSplit(threads: threads, minimumWork: parallelThreshold)
    }

    /// The squared Ward distance of slots `i` and `j`, symmetric bit for bit and equal to what a
    /// scan computes for the pair.
    @inline(__always)
    func distance(_ i: Int, _ j: Int) -> Double {
        let ni = blocks.size(ofSlot: i), nj = blocks.size(ofSlot: j)
        return blocks.squaredDistance(i, j) * ((2 * ni * nj) / (ni + nj))
    }

    mutating func nearest(_ x: Int, among active: ActiveSlots.View) -> ArgMin {
        let d = blocks.dimension, stride = blocks.blockStride
        let count = blocks.blockCount
        let cx = blocks.column(of: x), nx = blocks.size(ofSlot: x)
        var found = ArgMin.empty
        var split = self.split
        defer { self.split = split }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: d) { xc in
            guard let centroid = xc.baseAddress else { return }
            blocks.copyCentroid(ofSlot: x, into: centroid)
            blocks.storage.withUnsafeBufferPointer { s in
                blocks.sizes.withUnsafeBufferPointer { sizes in
                    guard let base = s.baseAddress, let sizes = sizes.baseAddress else { return }
                    split.run(work: count &* CentroidBlocks.lanes &* d) { parts in
                        found = ArgMin.split(count: count, parts: parts) { range in
                            Self.nearest(
                                column: cx, centroid: centroid, size: nx, in: range, of: base, sizes: sizes, dimension: d,
                                blockStride: stride)
                        }
                    }
                }
            }
        }
        return found.isEmpty ? found : ArgMin(value: found.value, index: blocks.slot(at: found.index))
    }

    /// Relative slack of ward's screen (see ``nearest(column:centroid:size:in:of:sizes:dimension:blockStride:)``):
    /// far above its rounding error (a few units in the last place), far below any real gap.
    static let screenSlack = 1e-12

    /// The nearest column to column `column` (skipped) among the blocks `range`, by ``ArgMin``
    /// on the exact squared Ward distance `v = sq * ((2 nx nj) / (nx + nj))`: eight candidates at
    /// a time, each lane's squared centroid distance `sq` summed in coordinate order. A lane is
    /// screened without a division, `sq < best (1 + slack) (h_j + h_x)` with `h = 0.5 / n` (since
    /// `1 / f = h_j + h_x`; the slack covers the rounding, so no lane with `v < best` fails it),
    /// and only lanes that pass (new minima, O(log n) per scan) are compared exactly, one by one
    /// in column order. Its own function, so that the hot loop gets the registers to itself.
    @inline(never)
    private static func nearest(
        column cx: Int, centroid x: UnsafeMutablePointer<Double>, size nx: Double, in range: Range<Int>,
        of blocks: UnsafePointer<Double>, sizes: UnsafePointer<Double>, dimension d: Int, blockStride: Int
    ) -> ArgMin {
        typealias Lanes = CentroidBlocks.Lanes
        let lanes = CentroidBlocks.lanes
        let twiceNx = 2 * nx
        let hx = Lanes(repeating: 0.5 / nx)
        var best = Double.infinity, at = -1
        var limit = Lanes(repeating: .infinity)
        for b in range {
            let block = UnsafeRawPointer(blocks + b &* blockStride)
            var sq = Lanes()
            for k in 0..<d {
                let t = block.loadUnaligned(fromByteOffset: k &* lanes &* 8, as: Lanes.self) - Lanes(repeating: x[k])
                sq += t * t
            }
            let h = block.loadUnaligned(fromByteOffset: d &* lanes &* 8, as: Lanes.self)
            let slack = limit * (h + hx) - sq
            // (Not `any(mask)` or `slack.max()`: the standard library's SIMD reductions are generic
            // calls, one per block.)
            var passed = false
            for l in 0..<lanes { passed = passed || slack[l] > 0 }
            guard passed else { continue }
            for l in 0..<lanes where slack[l] > 0 {
                let c = b &* lanes &+ l
                if c == cx { continue }
                let nj = sizes[c]
                let v = sq[l] * ((twiceNx * nj) / (nx + nj))
                if v < best {
                    best = v
                    at = c
                    limit = Lanes(repeating: best * (1 + screenSlack))
                }
            }
        }
        return ArgMin(value: best, index: at)
    }

    mutating func merge(_ lo: Int, _ hi: Int, at distance: Double, active: ActiveSlots.View) {
        blocks.merge(lo, into: hi)
    }
}
