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
/// Slots, tie rules and the chain are those of ``NearestNeighborChain/run(_:matrix:parallelism:parallelThreshold:initialSizes:progress:)``:
/// the merged cluster takes the larger slot; a scan returns the lowest slot on exact ties; the
/// previous chain element wins ties. On data without ties the merges equal the matrix form's
/// and scipy's; the heights agree to rounding (scipy updates distances by Lance–Williams,
/// here they are recomputed from centroids).
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
        let n = x.count, d = x.dimension
        guard n > 1 else { return [] }
        var pairs: [(Int, Int, Double)] = []
        pairs.reserveCapacity(n - 1)
        var centroid = x.values
        var size = initialSizes ?? [Double](repeating: 1, count: n)
        precondition(size.count == n)
        var active = (0..<n).map { Int32($0) }
        var chain = [Int]()
        chain.reserveCapacity(n)
        let threads = max(1, min(parallelism.threads, 8))
        var partBest = [Double](repeating: .infinity, count: threads)
        var partAt = [Int](repeating: -1, count: threads)
        centroid.withUnsafeMutableBufferPointer { cb in
            active.withUnsafeMutableBufferPointer { ab in
                size.withUnsafeMutableBufferPointer { sb in
                    partBest.withUnsafeMutableBufferPointer { pb in
                        partAt.withUnsafeMutableBufferPointer { pa in
                            let c = cb.baseAddress!, act = ab.baseAddress!, sz = sb.baseAddress!
                            var activeCount = n
                            var split = AdaptiveSplit(threads: threads, minimumWork: parallelThreshold)

                            /// The squared Ward distance of slots `i` and `j`, symmetric bit for bit.
                            @inline(__always)
                            func ward(_ i: Int, _ j: Int) -> Double {
                                let ni = sz[i], nj = sz[j]
                                return squaredEuclideanLanes(c + i &* d, c + j &* d, d) * ((2 * ni * nj) / (ni + nj))
                            }

                            /// Nearest active cluster to `x`: the first (lowest slot) on exact ties.
                            func nearest(_ x: Int) -> (Int, Double) {
                                let cx = c + x &* d
                                let nx = sz[x]
                                let count = activeCount
                                let twiceNx = 2 * nx
                                var parts = 1
                                split.run(work: count &* d) { chosen in
                                    parts = chosen
                                    let chunk = (count + parts - 1) / parts
                                    Parallelism(threads: parts).run { t in
                                        var best = Double.infinity, at = -1
                                        let lo = t * chunk, hi = min(count, lo + chunk)
                                        var p = lo
                                        while p < hi {
                                            let j = Int(act[p])
                                            p &+= 1
                                            if j == x { continue }
                                            let nj = sz[j]
                                            // Screen without the division (sq f < best, f = 2 nx nj / (nx + nj),
                                            // cross-multiplied), then compare the exact value: only new
                                            // minima, O(log n) per scan, pay for a division. (Skipping the
                                            // rest of a row once its first coordinates exceed the best was
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
                                        pb[t] = best
                                        pa[t] = at
                                    }
                                }
                                var best = Double.infinity, at = -1
                                for t in 0..<parts where pa[t] >= 0 && (at < 0 || pb[t] < best) {
                                    best = pb[t]
                                    at = pa[t]
                                }
                                return (at, best)
                            }

                            while pairs.count < n - 1 {
                                if pairs.count & 255 == 255 && cancellation.stopRequested { break }
                                if chain.isEmpty { chain.append(Int(act[0])) }
                                var x = 0, y = 0, best = 0.0
                                while true {
                                    x = chain[chain.count - 1]
                                    (y, best) = nearest(x)
                                    // The previous chain element wins ties: the chain must close.
                                    if chain.count >= 2 {
                                        let prev = chain[chain.count - 2]
                                        let dPrev = ward(x, prev)
                                        if dPrev <= best || y < 0 {
                                            y = prev
                                            best = dPrev
                                            break
                                        }
                                    }
                                    if y < 0 { y = Int(act[x == Int(act[0]) ? 1 : 0]) }  // only with NaN input
                                    chain.append(y)
                                }
                                chain.removeLast(2)
                                let lo = min(x, y), hi = max(x, y)
                                pairs.append((lo, hi, best))
                                if let progress, pairs.count & 255 == 0 || pairs.count == n - 1 { progress(pairs.count, n - 1) }
                                // The union goes to slot hi, its centroid the size-weighted mean.
                                let nLo = sz[lo], nHi = sz[hi], total = nLo + nHi
                                let cLo = c + lo &* d, cHi = c + hi &* d
                                for k in 0..<d { cHi[k] = (nLo * cLo[k] + nHi * cHi[k]) / total }
                                sz[lo] = 0
                                sz[hi] = total
                                let loPos = lowerBound(act, activeCount, lo)
                                (act + loPos).update(from: act + loPos + 1, count: activeCount - loPos - 1)
                                activeCount -= 1
                            }
                        }
                    }
                }
            }
        }
        return pairs
    }
}
