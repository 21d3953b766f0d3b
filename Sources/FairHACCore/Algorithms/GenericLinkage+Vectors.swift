/// Centroid and median linkage by the generic algorithm on the feature vectors (Müllner 2011,
/// figure 3 with the vector distances of section 3.3; fastcluster's `linkage_vector`): no
/// distance matrix, only the centroid of every active cluster, O(n d) memory.
///
/// The working distance of two clusters is the squared Euclidean distance of their centroids.
/// Centroid linkage gives the union the size-weighted mean of the two centroids; median
/// linkage (scipy's "WPGMC") their midpoint, whatever the sizes. These are exactly the values
/// scipy's Lance–Williams updates produce on squared distances, up to rounding.
///
/// The bookkeeping is ``MergeState``'s: each row `x` keeps a candidate nearest neighbour among
/// the active slots above it and a lower bound of that distance in an indexed heap; merging
/// slots `a < b` puts the union in `b`; exact ties go to the lexicographically smallest pair.
/// A candidate is trusted only when its recomputed distance equals the key, so a key left low
/// by a merge (centroids move, distances can grow or shrink) leads to a rescan of that row.
final class VectorMergeState {
    let n: Int
    let d: Int
    let median: Bool
    private var centroid: [Double]
    private var size: [Double]
    private var active: ActiveSlots
    private var neighbor: [Int]
    private var heap: IndexedMinHeap
    /// Distances from the merged slot to the rows below it, one merge at a time.
    private var scratch: [Double]
    private let parallelThreshold: Int
    /// Whether scans and updates run on one thread or several (timed, see ``AdaptiveSplit``).
    private var split: AdaptiveSplit

    init(_ x: Observations, median: Bool, parallelism: Parallelism, parallelThreshold: Int, initialSizes: [Double]? = nil) {
        let n = x.count, d = x.dimension
        let threads = max(1, min(parallelism.threads, 8))
        // The first scan of every row: O(n^2 d / 2), 64 rows at a time dealt round-robin to the
        // threads when that pays.
        var bounds = [Double](repeating: .infinity, count: n)
        var next = [Int](repeating: -1, count: n)
        var split = AdaptiveSplit(threads: threads, minimumWork: parallelThreshold)
        x.values.withUnsafeBufferPointer { cb in
            bounds.withUnsafeMutableBufferPointer { bb in
                next.withUnsafeMutableBufferPointer { nb in
                    let c = cb.baseAddress!, bound = bb.baseAddress!, nearest = nb.baseAddress!
                    var first = 0
                    while first < n - 1 {
                        let last = min(n - 1, first + 64)
                        let from = first
                        split.run(work: (last - first) &* (n - first) &* d) { parts in
                            Parallelism(threads: parts).run { t in
                                var x = from + t
                                while x < last {
                                    let cx = c + x &* d
                                    var best = Double.infinity, at = -1
                                    for j in (x + 1)..<n {
                                        let v = squaredEuclideanLanes(cx, c + j &* d, d)
                                        if v < best {
                                            best = v
                                            at = j
                                        }
                                    }
                                    bound[x] = best
                                    nearest[x] = at
                                    x += parts
                                }
                            }
                        }
                        first = last
                    }
                }
            }
        }
        self.n = n
        self.d = d
        self.median = median
        self.parallelThreshold = parallelThreshold
        centroid = x.values
        size = initialSizes ?? [Double](repeating: 1, count: n)
        precondition(size.count == n)
        active = ActiveSlots(count: n)
        neighbor = next
        scratch = [Double](repeating: 0, count: n)
        heap = IndexedMinHeap(keys: bounds)
        self.split = split
    }

    /// Working distance between slots `i` and `j`.
    @inline(__always)
    private func distance(_ i: Int, _ j: Int) -> Double {
        centroid.withUnsafeBufferPointer { cb in
            squaredEuclideanLanes(cb.baseAddress! + i &* d, cb.baseAddress! + j &* d, d)
        }
    }

    /// The nearest active slot above `x` (the first on exact ties) and its distance.
    private func scanRow(_ x: Int) -> (Int, Double) {
        let d = self.d
        var split = self.split
        defer { self.split = split }
        let found = centroid.withUnsafeBufferPointer { cb in
            active.withView { act in
                let start = act.position(of: x) + 1
                let count = act.count - start
                guard count > 0 else { return ArgMin.empty }
                let c = cb.baseAddress!
                let cx = c + x &* d
                var found = ArgMin.empty
                split.run(work: count &* d) { parts in
                    found = ArgMin.split(count: count, parts: parts) { range in
                        var best = ArgMin.empty
                        for p in range {
                            let j = act[start &+ p]
                            best.consider(squaredEuclideanLanes(cx, c + j &* d, d), at: j)
                        }
                        return best
                    }
                }
                return found
            }
        }
        return (found.index, found.value)
    }

    /// The globally closest pair `(a, b)`, `a < b`, and its working distance; exact ties go to the
    /// lexicographically smallest pair.
    func closestPair() -> (Int, Int, Double) {
        while true {
            let x = heap.top
            let y = neighbor[x]
            let dist = heap.keys[x]
            if y >= 0 && size[y] > 0 && distance(x, y) == dist { return (x, y, dist) }
            if dist == .infinity {
                // Keys are lower bounds: every distance left overflows (huge finite input).
                return (active[0], active[1], .infinity)
            }
            let (j, v) = scanRow(x)
            neighbor[x] = j
            heap.update(x, key: v)
        }
    }

    /// Merges slots `a < b`: the union goes to slot `b`.
    func merge(_ a: Int, _ b: Int) {
        precondition(a < b && size[a] > 0 && size[b] > 0)
        let na = size[a], nb = size[b]
        size[a] = 0
        size[b] = na + nb
        let d = self.d
        centroid.withUnsafeMutableBufferPointer { cb in
            let ca = cb.baseAddress! + a &* d, cbb = cb.baseAddress! + b &* d
            if median {
                for k in 0..<d { cbb[k] = 0.5 * (ca[k] + cbb[k]) }
            } else {
                let total = na + nb
                for k in 0..<d { cbb[k] = (na * ca[k] + nb * cbb[k]) / total }
            }
        }
        heap.update(a, key: .infinity)
        neighbor[a] = -1
        active.remove(a)
        let bPos = active.position(of: b)
        // The new distances from b to the rows below it, split across threads when that pays.
        centroid.withUnsafeBufferPointer { cb in
            active.withView { act in
                scratch.withUnsafeMutableBufferPointer { sb in
                    let c = cb.baseAddress!, out = sb.baseAddress!
                    let cbb = c + b &* d
                    split.run(work: bPos &* d) { parts in
                        let chunk = (bPos + parts - 1) / parts
                        Parallelism(threads: parts).run { t in
                            for p in min(bPos, t * chunk)..<min(bPos, (t + 1) * chunk) {
                                out[p] = squaredEuclideanLanes(c + act[p] &* d, cbb, d)
                            }
                        }
                    }
                }
            }
        }
        for p in 0..<bPos {
            let z = active[p]
            let v = scratch[p]
            // Only a lower bound is left: force a rescan when this row surfaces.
            if neighbor[z] == a { neighbor[z] = -1 }
            let key = heap.keys[z]
            if v < key {
                neighbor[z] = b
                heap.update(z, key: v)
            } else if v == key {
                // A tie with the row's minimum: keep the first slot, as a rescan would.
                // Trust the candidate only if it is still exact; else rescan later.
                let y = neighbor[z]
                if y >= 0 && y != b && distance(z, y) == key {
                    neighbor[z] = min(y, b)
                } else if y != b {
                    neighbor[z] = -1
                }
            }
        }
        let (j, v) = scanRow(b)
        neighbor[b] = j
        heap.update(b, key: v)
    }
}

extension GenericLinkage {
    /// Below this many candidate coordinates a scan or an update runs on one thread; above,
    /// ``AdaptiveSplit`` decides (the same estimate as ``NearestNeighborChain/vectorParallelThreshold``).
    static let vectorParallelThreshold = 32_768

    /// Centroid (`median == false`) or median linkage on the feature vectors.
    /// - Returns: merges as member pairs with *working* heights (squared centroid distances), in
    ///   merge order.
    /// - Complexity: O(n^2 d) time in practice (O(n^2 d log n) worst case); O(n d) memory.
    static func vectors(
        _ x: Observations, median: Bool, parallelism: Parallelism = .serial,
        parallelThreshold: Int = vectorParallelThreshold, initialSizes: [Double]? = nil, progress: MergeProgress? = nil,
        cancellation: Cancellation? = nil
    ) -> [(Int, Int, Double)] {
        let n = x.count
        guard n > 1 else { return [] }
        let state = VectorMergeState(
            x, median: median, parallelism: parallelism, parallelThreshold: parallelThreshold, initialSizes: initialSizes)
        var pairs: [(Int, Int, Double)] = []
        pairs.reserveCapacity(n - 1)
        for step in 0..<(n - 1) {
            let (a, b, dist) = state.closestPair()
            pairs.append((a, b, dist))
            state.merge(a, b)
            if let progress, (step + 1) & 255 == 0 || step + 1 == n - 1 { progress(step + 1, n - 1) }
            if (step + 1) & 255 == 0 && cancellation.stopRequested { break }
        }
        return pairs
    }
}
