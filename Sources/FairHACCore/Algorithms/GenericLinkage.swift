/// The generic algorithm (Müllner 2011, "Modern hierarchical, agglomerative clustering
/// algorithms", figure 3), for every linkage and the only exact fast one for centroid and
/// median, whose inversions break the chain algorithm.
///
/// Each row `x` keeps a candidate nearest neighbour among the slots above it and a lower bound
/// of that distance in an indexed min-heap; the top of the heap is checked and, when stale,
/// recomputed. Each step merges the globally closest pair; exact ties go to the
/// lexicographically smallest pair of slots `(a, b)`, `a < b`. The merged cluster takes slot `b`.
enum GenericLinkage {
    /// - Returns: merges as member pairs with *working* heights, in merge order.
    /// - Complexity: O(n^2 log n) worst case, close to O(n^2) in practice; O(n) extra memory.
    static func run<U: LinkageUpdate>(_ update: U.Type, matrix: inout DistanceMatrix) -> [(Int, Int, Double)] {
        let n = matrix.count
        guard n > 1 else { return [] }
        var pairs: [(Int, Int, Double)] = []
        pairs.reserveCapacity(n - 1)
        let rowBase = (0..<n).map { i in n &* i &- (i &* (i &+ 1)) / 2 &- i &- 1 }
        var size = [Double](repeating: 1, count: n)
        var active = (0..<n).map { Int32($0) }
        var activeCount = n
        var neighbor = [Int](repeating: -1, count: n)
        var bound = [Double](repeating: .infinity, count: n)
        matrix.condensed.withUnsafeMutableBufferPointer { cb in
            let d = cb.baseAddress!
            // Nearest active slot above x, first one on ties.
            func scanRow(_ x: Int, _ act: UnsafeMutablePointer<Int32>, from start: Int) -> (Int, Double) {
                var best = Double.infinity, at = -1
                let row = rowBase[x]
                for p in start..<activeCount {
                    let j = Int(act[p])
                    let v = d[row + j]
                    if v < best { best = v; at = j }
                }
                return (at, best)
            }
            active.withUnsafeMutableBufferPointer { ab in
                let act = ab.baseAddress!
                for x in 0..<(n - 1) {
                    (neighbor[x], bound[x]) = scanRow(x, act, from: x + 1)
                }
                var heap = IndexedMinHeap(keys: bound)
                for _ in 0..<(n - 1) {
                    var x = 0, y = 0, dist = 0.0
                    while true {
                        x = heap.top
                        y = neighbor[x]
                        dist = heap.keys[x]
                        if y >= 0 && size[y] > 0 && d[rowBase[x] + y] == dist { break }
                        let (j, v) = scanRow(x, act, from: lowerBound(act, activeCount, x) + 1)
                        neighbor[x] = j
                        heap.update(x, key: v)
                    }
                    pairs.append((x, y, dist))
                    let nx = size[x], ny = size[y]
                    size[x] = 0
                    size[y] = nx + ny
                    heap.update(x, key: .infinity)
                    let xPos = lowerBound(act, activeCount, x)
                    (act + xPos).update(from: act + xPos + 1, count: activeCount - xPos - 1)
                    activeCount -= 1
                    let yPos = lowerBound(act, activeCount, y)
                    let rowX = rowBase[x], rowY = rowBase[y]
                    for p in 0..<yPos {
                        let z = Int(act[p])
                        let dzx = z < x ? d[rowBase[z] + x] : d[rowX + z]
                        let v = U.merged(dzx, d[rowBase[z] + y], dist, nx, ny, size[z])
                        d[rowBase[z] + y] = v
                        if neighbor[z] == x {
                            // Only a lower bound is left: force a rescan when this row surfaces.
                            neighbor[z] = -1
                        }
                        if v < heap.keys[z] {
                            neighbor[z] = y
                            heap.update(z, key: v)
                        }
                    }
                    for p in (yPos + 1)..<max(activeCount, yPos + 1) {
                        let z = Int(act[p])
                        d[rowY + z] = U.merged(d[rowX + z], d[rowY + z], dist, nx, ny, size[z])
                    }
                    let (j, v) = scanRow(y, act, from: yPos + 1)
                    neighbor[y] = j
                    heap.update(y, key: v)
                }
            }
        }
        return pairs
    }
}
