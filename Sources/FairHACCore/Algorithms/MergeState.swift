/// The state shared by the generic algorithm and the fair merge loop: the condensed matrix of
/// working dissimilarities between the active clusters, their sizes and group counts, and a
/// heap of per-row nearest-neighbour lower bounds (Müllner 2011, the generic algorithm).
///
/// Slots: cluster slots are `0..<n`; merging slots `a < b` puts the new cluster in slot `b` and
/// retires `a` (scipy's and fastcluster's convention). A slot index is therefore always a member
/// of the cluster stored there.
///
/// Each row `x` keeps a candidate nearest neighbour among the active slots above it and a lower
/// bound of that distance (the heap key). Bounds only ever under-estimate, so every pair within a
/// threshold lies in a row whose bound is within it. Invariant for exact ties: whenever
/// `neighbor[x] = y` and `D(x, y)` equals the key, `y` is the *first* slot attaining the row's
/// minimum, so ties always resolve to the lexicographically smallest pair.
final class MergeState<U: LinkageUpdate> {
    let n: Int
    private(set) var matrix: [Double]
    private let rowBase: [Int]
    /// Size of the cluster in each slot; 0 once retired.
    private(set) var size: [Double]
    /// Active slots in increasing order (first `activeCount` entries).
    private var active: [Int32]
    private(set) var activeCount: Int
    private var neighbor: [Int]
    private var heap: IndexedMinHeap
    /// Group counts of each slot's cluster, `m` per slot, one per (attribute, group) pair (empty without groups).
    private(set) var groupCounts: [Int32]
    let groupCount: Int

    init(matrix: consuming DistanceMatrix, groups: ProtectedAttributes? = nil) {
        let n = matrix.count
        self.n = n
        self.matrix = (consume matrix).condensed
        rowBase = (0..<n).map { i in n &* i &- (i &* (i &+ 1)) / 2 &- i &- 1 }
        size = [Double](repeating: 1, count: n)
        active = (0..<n).map { Int32($0) }
        activeCount = n
        neighbor = [Int](repeating: -1, count: n)
        let m = groups?.groupCount ?? 0
        groupCount = m
        var counts = [Int32](repeating: 0, count: n * m)
        if let groups {
            for i in 0..<n { groups.forEachColumn(of: i) { counts[i * m + $0] = 1 } }
        }
        groupCounts = counts
        heap = IndexedMinHeap(keys: [Double](repeating: .infinity, count: n))
        var bounds = [Double](repeating: .infinity, count: n)
        for x in 0..<max(0, n - 1) {
            (neighbor[x], bounds[x]) = scanRow(x)
        }
        heap = IndexedMinHeap(keys: bounds)
    }

    /// Working dissimilarity between active slots `i != j`.
    @inline(__always)
    func distance(_ i: Int, _ j: Int) -> Double {
        i < j ? matrix[rowBase[i] + j] : matrix[rowBase[j] + i]
    }

    /// The nearest active slot above `x` (the first on exact ties) and its distance.
    private func scanRow(_ x: Int) -> (Int, Double) {
        let start = lowerBound(x) + 1
        return matrix.withUnsafeBufferPointer { d in
            active.withUnsafeBufferPointer { act in
                var best = Double.infinity, at = -1
                let row = rowBase[x]
                for p in start..<max(start, activeCount) {
                    let j = Int(act[p])
                    let v = d[row + j]
                    if v < best { best = v; at = j }
                }
                return (at, best)
            }
        }
    }

    /// Position of `value` (or where it would go) in the active list.
    private func lowerBound(_ value: Int) -> Int {
        var lo = 0, hi = activeCount
        let v = Int32(value)
        while lo < hi {
            let mid = (lo + hi) >> 1
            if active[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The globally closest pair `(a, b)`, `a < b`, and its working distance; exact ties go to the
    /// lexicographically smallest pair.
    func closestPair() -> (Int, Int, Double) {
        while true {
            let x = heap.top
            let y = neighbor[x]
            let dist = heap.keys[x]
            if y >= 0 && size[y] > 0 && matrix[rowBase[x] + y] == dist { return (x, y, dist) }
            let (j, v) = scanRow(x)
            neighbor[x] = j
            heap.update(x, key: v)
        }
    }

    /// The best pair by `score` (then smaller distance, then smaller slots) among all active pairs
    /// `a < b` with working distance `D <= limit`, or ``CandidateKey/none`` if there is none.
    ///
    /// Only rows whose lower bound is within `limit` are scanned, in increasing order of that
    /// bound, a batch of rows at a time split across threads; each scanned row gets its exact
    /// nearest neighbour on the way. When `maxScore` is given and the best pair so far reaches it,
    /// rows whose bound exceeds that pair's distance cannot win and are skipped. `score(a, b)`
    /// must only read shared state: it runs concurrently.
    func bestPair(
        within limit: Double, parallelism: Parallelism, maxScore: Double? = nil, minimumParallelWork: Int = 1 << 16,
        score: (Int, Int, Double) -> Double
    ) -> CandidateKey {
        var rows: [Int] = []
        // Retired slots keep an infinite key: an infinite limit must not bring them back.
        heap.forEach(keyAtMost: limit) { if size[$0] > 0 { rows.append($0) } }
        guard !rows.isEmpty else { return .none }
        let keys = heap.keys
        rows.sort { (keys[$0], $0) < (keys[$1], $1) }
        var best = CandidateKey.none
        let count = activeCount
        let threads = max(1, parallelism.threads)
        var nearest = [Int](repeating: -1, count: rows.count)
        var nearestDistance = [Double](repeating: .infinity, count: rows.count)
        var partBest = [CandidateKey](repeating: .none, count: threads)
        var scanned = 0
        matrix.withUnsafeBufferPointer { d in
            active.withUnsafeBufferPointer { act in
                rowBase.withUnsafeBufferPointer { base in
                    nearest.withUnsafeMutableBufferPointer { nOut in
                        nearestDistance.withUnsafeMutableBufferPointer { dOut in
                            partBest.withUnsafeMutableBufferPointer { bestOut in
                                while scanned < rows.count {
                                    if let maxScore, best.score >= maxScore, keys[rows[scanned]] > best.distance { break }
                                    let batch = min(rows.count - scanned, threads * 16)
                                    let parts = batch * count >= minimumParallelWork ? min(threads, batch) : 1
                                    let first = scanned
                                    Parallelism(threads: parts).run { t in
                                        var local = CandidateKey.none
                                        var r = first + t
                                        while r < first + batch {
                                            let x = rows[r]
                                            var lo = 0, hi = count
                                            while lo < hi {
                                                let mid = (lo + hi) >> 1
                                                if Int(act[mid]) < x { lo = mid + 1 } else { hi = mid }
                                            }
                                            let row = base[x]
                                            var rowBest = Double.infinity, at = -1
                                            for p in (lo + 1)..<max(count, lo + 1) {
                                                let j = Int(act[p])
                                                let v = d[row + j]
                                                if v < rowBest { rowBest = v; at = j }
                                                if v <= limit {
                                                    let key = CandidateKey(score: score(x, j, v), distance: v, a: x, b: j)
                                                    if key.isBetter(than: local) { local = key }
                                                }
                                            }
                                            nOut[r] = at
                                            dOut[r] = rowBest
                                            r += parts
                                        }
                                        bestOut[t] = local
                                    }
                                    for t in 0..<parts where bestOut[t].isBetter(than: best) { best = bestOut[t] }
                                    scanned += batch
                                }
                            }
                        }
                    }
                }
            }
        }
        for r in 0..<scanned {
            neighbor[rows[r]] = nearest[r]
            heap.update(rows[r], key: nearestDistance[r])
        }
        return best
    }

    /// Calls `body(a, b, D)` for every active pair `a < b`, in slot order: by `a`, then by `b`,
    /// except the rows `a` for which `skipRow(bound)` is true, where `bound` is a lower bound of
    /// every `D(a, b)` in the row (the row's heap key). `skipRow` is asked just before its row, so
    /// it may read state that `body` updated.
    @inline(__always)
    func forEachActivePair(skipRow: (Double) -> Bool = { _ in false }, _ body: (Int, Int, Double) -> Void) {
        // Rows scanned whole get their exact nearest neighbour, so later bounds are tight.
        var refreshed: [(Int, Int, Double)] = []
        matrix.withUnsafeBufferPointer { d in
            active.withUnsafeBufferPointer { act in
                for p in 0..<activeCount {
                    let a = Int(act[p])
                    if skipRow(heap.keys[a]) { continue }
                    let row = rowBase[a]
                    var best = Double.infinity, at = -1
                    for q in (p + 1)..<max(activeCount, p + 1) {
                        let b = Int(act[q])
                        let v = d[row + b]
                        if v < best { best = v; at = b }
                        body(a, b, v)
                    }
                    if at >= 0 && best > heap.keys[a] { refreshed.append((a, at, best)) }
                }
            }
        }
        for (a, at, best) in refreshed {
            neighbor[a] = at
            heap.update(a, key: best)
        }
    }

    /// Merges slots `a < b` at working distance `dist`: the union goes to slot `b`.
    func merge(_ a: Int, _ b: Int, _ dist: Double) {
        precondition(a < b && size[a] > 0 && size[b] > 0)
        let na = size[a], nb = size[b]
        size[a] = 0
        size[b] = na + nb
        let m = groupCount
        for l in 0..<m { groupCounts[b * m + l] += groupCounts[a * m + l] }
        heap.update(a, key: .infinity)
        neighbor[a] = -1
        let aPos = lowerBound(a)
        active.withUnsafeMutableBufferPointer { act in
            let base = act.baseAddress!
            (base + aPos).update(from: base + aPos + 1, count: activeCount - aPos - 1)
        }
        activeCount -= 1
        let bPos = lowerBound(b)
        let rowA = rowBase[a], rowB = rowBase[b]
        matrix.withUnsafeMutableBufferPointer { d in
            active.withUnsafeBufferPointer { act in
                size.withUnsafeBufferPointer { sz in
                    for p in 0..<bPos {
                        let z = Int(act[p])
                        let dza = z < a ? d[rowBase[z] + a] : d[rowA + z]
                        let v = U.merged(dza, d[rowBase[z] + b], dist, na, nb, sz[z])
                        d[rowBase[z] + b] = v
                        if neighbor[z] == a {
                            // Only a lower bound is left: force a rescan when this row surfaces.
                            neighbor[z] = -1
                        }
                        let key = heap.keys[z]
                        if v < key {
                            neighbor[z] = b
                            heap.update(z, key: v)
                        } else if v == key {
                            // A tie with the row's minimum: keep the first slot, as a rescan would.
                            // Trust the candidate only if it is still exact; else rescan later.
                            let y = neighbor[z]
                            if y >= 0 && y != b && d[rowBase[z] + y] == key {
                                neighbor[z] = min(y, b)
                            } else if y != b {
                                neighbor[z] = -1
                            }
                        }
                    }
                    for p in (bPos + 1)..<max(activeCount, bPos + 1) {
                        let z = Int(act[p])
                        d[rowB + z] = U.merged(d[rowA + z], d[rowB + z], dist, na, nb, sz[z])
                    }
                }
            }
        }
        let (j, v) = scanRow(b)
        neighbor[b] = j
        heap.update(b, key: v)
    }
}
