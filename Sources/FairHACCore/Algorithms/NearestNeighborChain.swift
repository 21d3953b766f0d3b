/// The nearest-neighbour chain algorithm (Murtagh 1983), for the reducible linkages: complete,
/// average, weighted, ward (and single, though the spanning tree is faster for it).
///
/// It follows a chain of nearest neighbours until two clusters are each other's nearest
/// neighbour, merges them, and goes on from the rest of the chain. Reducibility guarantees the
/// result equals merging the globally closest pair each time. The merges come out in chain
/// order; they are sorted by height afterwards, as scipy does.
///
/// Storage is the condensed matrix, updated in place. The merged cluster takes the slot of the
/// larger index, so a slot index is always a member of the cluster stored there.
enum NearestNeighborChain {
    /// - Returns: merges as member pairs with *working* heights.
    /// - Complexity: O(n^2) time; no memory beyond the matrix and O(n).
    static func run<U: LinkageUpdate>(_ update: U.Type, matrix: inout DistanceMatrix) -> [(Int, Int, Double)] {
        let n = matrix.count
        guard n > 1 else { return [] }
        var pairs: [(Int, Int, Double)] = []
        pairs.reserveCapacity(n - 1)
        // rowBase[i] + j is the condensed index of (i, j) for i < j.
        let rowBase = (0..<n).map { i in n &* i &- (i &* (i &+ 1)) / 2 &- i &- 1 }
        var size = [Double](repeating: 1, count: n)
        var active = (0..<n).map { Int32($0) }
        var chain = [Int]()
        chain.reserveCapacity(n)
        matrix.condensed.withUnsafeMutableBufferPointer { cb in
            rowBase.withUnsafeBufferPointer { rb in
                active.withUnsafeMutableBufferPointer { ab in
                    size.withUnsafeMutableBufferPointer { sb in
                        let d = cb.baseAddress!, act = ab.baseAddress!, base = rb.baseAddress!
                        var activeCount = n
                        while pairs.count < n - 1 {
                            if chain.isEmpty { chain.append(Int(act[0])) }
                            var x = 0, y = 0, best = 0.0
                            while true {
                                x = chain[chain.count - 1]
                                if chain.count >= 2 {
                                    y = chain[chain.count - 2]
                                    best = x < y ? d[base[x] + y] : d[base[y] + x]
                                } else {
                                    y = -1
                                    best = .infinity
                                }
                                // Active slots below x are read down column x, those above along row x.
                                let split = lowerBound(act, activeCount, x)
                                for p in 0..<split {
                                    let i = Int(act[p])
                                    let v = d[base[i] + x]
                                    if v < best { best = v; y = i }
                                }
                                let rowX = base[x]
                                for p in (split + 1)..<max(activeCount, split + 1) {
                                    let i = Int(act[p])
                                    let v = d[rowX + i]
                                    if v < best { best = v; y = i }
                                }
                                if chain.count >= 2 && y == chain[chain.count - 2] { break }
                                chain.append(y)
                            }
                            chain.removeLast(2)
                            let lo = min(x, y), hi = max(x, y)
                            pairs.append((lo, hi, best))
                            let nLo = sb[lo], nHi = sb[hi]
                            sb[lo] = 0
                            sb[hi] = nLo + nHi
                            let loPos = lowerBound(act, activeCount, lo)
                            let hiPos = lowerBound(act, activeCount, hi)
                            let rowLo = base[lo], rowHi = base[hi]
                            for p in 0..<loPos {
                                let i = Int(act[p])
                                let bi = base[i]
                                d[bi + hi] = U.merged(d[bi + lo], d[bi + hi], best, nLo, nHi, sb[i])
                            }
                            for p in (loPos + 1)..<hiPos {
                                let i = Int(act[p])
                                d[base[i] + hi] = U.merged(d[rowLo + i], d[base[i] + hi], best, nLo, nHi, sb[i])
                            }
                            for p in (hiPos + 1)..<max(activeCount, hiPos + 1) {
                                let i = Int(act[p])
                                d[rowHi + i] = U.merged(d[rowLo + i], d[rowHi + i], best, nLo, nHi, sb[i])
                            }
                            // Drop slot lo from the sorted list of active slots.
                            (act + loPos).update(from: act + loPos + 1, count: activeCount - loPos - 1)
                            activeCount -= 1
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
