/// The nearest-neighbour chain algorithm (Murtagh 1983), for the reducible linkages: complete,
/// average, weighted, ward (and single, though the spanning tree is faster for it).
///
/// It follows a chain of nearest neighbours until two clusters are each other's nearest
/// neighbour, merges them, and goes on from the rest of the chain. Reducibility guarantees the
/// result equals merging the globally closest pair each time. The merges come out in chain
/// order; they are sorted by height afterwards, as scipy does.
///
/// Storage is the condensed matrix, updated in place. The merged cluster takes the slot of the
/// larger index, so a slot index is always a member of the cluster stored there. While many
/// clusters are active, each nearest-neighbour scan and each update is split across threads
/// (the scans are bound by memory latency down the matrix's columns, which two cores overlap).
enum NearestNeighborChain {
    /// Below this many active clusters, one thread does the work (dispatch costs more).
    static let parallelThreshold = 6000

    /// - Parameter initialSizes: the number of observations each row stands for (all 1 unless
    ///   the rows are already clusters, as AFHAC's fairlets are).
    /// - Returns: merges as member pairs with *working* heights.
    /// - Complexity: O(n^2) time; no memory beyond the matrix and O(n).
    static func run<U: LinkageUpdate>(
        _ update: U.Type, matrix: inout DistanceMatrix, parallelism: Parallelism = .serial,
        parallelThreshold: Int = parallelThreshold, initialSizes: [Double]? = nil, progress: MergeProgress? = nil,
        cancellation: Cancellation? = nil
    ) -> [(Int, Int, Double)] {
        let n = matrix.count
        guard n > 1 else { return [] }
        var pairs: [(Int, Int, Double)] = []
        pairs.reserveCapacity(n - 1)
        // rowBase[i] + j is the condensed index of (i, j) for i < j.
        let rowBase = (0..<n).map { i in n &* i &- (i &* (i &+ 1)) / 2 &- i &- 1 }
        var size = initialSizes ?? [Double](repeating: 1, count: n)
        precondition(size.count == n)
        var active = (0..<n).map { Int32($0) }
        var chain = [Int]()
        chain.reserveCapacity(n)
        let threads = max(1, min(parallelism.threads, 8))
        var partBest = [Double](repeating: .infinity, count: threads)
        var partAt = [Int](repeating: -1, count: threads)
        matrix.condensed.withUnsafeMutableBufferPointer { cb in
            rowBase.withUnsafeBufferPointer { rb in
                active.withUnsafeMutableBufferPointer { ab in
                    size.withUnsafeMutableBufferPointer { sb in
                        partBest.withUnsafeMutableBufferPointer { pb in
                            partAt.withUnsafeMutableBufferPointer { pa in
                                let d = cb.baseAddress!, act = ab.baseAddress!, base = rb.baseAddress!
                                var activeCount = n

                                /// Runs `body(lo, hi, part)` over `parts` slices of the active positions.
                                func split(_ body: (Int, Int, Int) -> Void) -> Int {
                                    let parts = activeCount >= parallelThreshold ? threads : 1
                                    let chunk = (activeCount + parts - 1) / parts
                                    Parallelism(threads: parts).run { t in
                                        body(t * chunk, min(activeCount, (t + 1) * chunk), t)
                                    }
                                    return parts
                                }

                                /// Nearest active cluster to x: the first (lowest slot) on exact ties.
                                func nearest(_ x: Int) -> (Int, Double) {
                                    let xPos = lowerBound(act, activeCount, x)
                                    let rowX = base[x]
                                    let parts = split { lo, hi, t in
                                        var best = Double.infinity, at = -1
                                        for p in lo..<max(lo, min(hi, xPos)) {
                                            let i = Int(act[p])
                                            let v = d[base[i] + x]
                                            if v < best { best = v; at = i }
                                        }
                                        for p in max(lo, xPos + 1)..<max(hi, max(lo, xPos + 1)) {
                                            let i = Int(act[p])
                                            let v = d[rowX + i]
                                            if v < best { best = v; at = i }
                                        }
                                        pb[t] = best
                                        pa[t] = at
                                    }
                                    var best = Double.infinity, at = -1
                                    for t in 0..<parts where pa[t] >= 0 && pb[t] < best {
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
                                            let dPrev = x < prev ? d[base[x] + prev] : d[base[prev] + x]
                                            if dPrev <= best {
                                                y = prev
                                                best = dPrev
                                                break
                                            }
                                        }
                                        chain.append(y)
                                    }
                                    chain.removeLast(2)
                                    let lo = min(x, y), hi = max(x, y)
                                    pairs.append((lo, hi, best))
                                    if let progress, pairs.count & 255 == 0 || pairs.count == n - 1 { progress(pairs.count, n - 1) }
                                    let nLo = sb[lo], nHi = sb[hi]
                                    sb[lo] = 0
                                    sb[hi] = nLo + nHi
                                    let loPos = lowerBound(act, activeCount, lo)
                                    let hiPos = lowerBound(act, activeCount, hi)
                                    let rowLo = base[lo], rowHi = base[hi]
                                    let dist = best
                                    _ = split { from, to, _ in
                                        for p in from..<max(from, min(to, loPos)) {
                                            let bi = base[Int(act[p])]
                                            d[bi + hi] = U.merged(d[bi + lo], d[bi + hi], dist, nLo, nHi, sb[Int(act[p])])
                                        }
                                        for p in max(from, loPos + 1)..<max(from, loPos + 1, min(to, hiPos)) {
                                            let i = Int(act[p])
                                            d[base[i] + hi] = U.merged(d[rowLo + i], d[base[i] + hi], dist, nLo, nHi, sb[i])
                                        }
                                        for p in max(from, hiPos + 1)..<max(to, max(from, hiPos + 1)) {
                                            let i = Int(act[p])
                                            d[rowHi + i] = U.merged(d[rowLo + i], d[rowHi + i], dist, nLo, nHi, sb[i])
                                        }
                                    }
                                    // Drop slot lo from the sorted list of active slots.
                                    (act + loPos).update(from: act + loPos + 1, count: activeCount - loPos - 1)
                                    activeCount -= 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return pairs
    }
}

/// First position `p < count` with `list[p] >= value` (`count` if none).
@inline(__always)
func lowerBound(_ list: UnsafeMutablePointer<Int32>, _ count: Int, _ value: Int) -> Int {
    var lo = 0, hi = count
    let v = Int32(truncatingIfNeeded: value)
    while lo < hi {
        let mid = (lo + hi) >> 1
        if list[mid] < v { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
