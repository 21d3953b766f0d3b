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
    /// Whether rows keep near lists (the fair loop's near-pair rules read them in
    /// ``bestPair(within:parallelism:maxScore:minimumParallelWork:score:)``).
    private var tracking: Bool
    private var near: NearLists

    /// - Parameters:
    ///   - nearLists: keep per-row near lists (``NearLists``), for ``bestPair``.
    ///   - nearListCapacity: most entries per list (a row with more keeps none).
    ///   - leaves: the observations and group counts each row stands for when the rows are already
    ///     clusters (the summarised form's micro-clusters); `nil`: every row is one observation.
    init(
        matrix: consuming DistanceMatrix, groups: ProtectedAttributes? = nil, nearLists: Bool = false,
        nearListCapacity: Int = NearLists.defaultCapacity, leaves: WeightedLeaves? = nil
    ) {
        let n = matrix.count
        self.n = n
        self.matrix = (consume matrix).condensed
        rowBase = (0..<n).map { i in n &* i &- (i &* (i &+ 1)) / 2 &- i &- 1 }
        size = leaves?.sizes ?? [Double](repeating: 1, count: n)
        precondition(size.count == n)
        active = (0..<n).map { Int32($0) }
        activeCount = n
        neighbor = [Int](repeating: -1, count: n)
        let m = leaves.map { $0.groupCount } ?? groups?.groupCount ?? 0
        groupCount = m
        var counts = [Int32](repeating: 0, count: n * m)
        if let leaves, m > 0 {
            precondition(leaves.counts.count == n * m)
            counts = leaves.counts
        } else if let groups {
            for i in 0..<n { groups.forEachColumn(of: i) { counts[i * m + $0] = 1 } }
        }
        groupCounts = counts
        tracking = nearLists
        near = NearLists(count: nearLists ? n : 0, capacity: nearListCapacity)
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

    /// The nearest slot of a row from its non-empty near list (which holds the row's minimum):
    /// the first slot on exact ties, as ``scanRow(_:)`` finds it.
    private func nearestInList(_ x: Int) -> (Int, Double) {
        var best = Double.infinity, at = Int.max
        for e in near.lists[x] where e.distance < best || (e.distance == best && Int(e.slot) < at) {
            best = e.distance
            at = Int(e.slot)
        }
        return (at, best)
    }

    /// Stops keeping near lists (the fair merges are done; the generic algorithm finishes).
    func stopNearLists() {
        tracking = false
        near = NearLists(count: 0)
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
            let (j, v) = tracking && !near.lists[x].isEmpty ? nearestInList(x) : scanRow(x)
            neighbor[x] = j
            heap.update(x, key: v)
        }
    }

    /// The best pair by `score` (then smaller distance, then smaller slots) among all active pairs
    /// `a < b` with working distance `D <= limit`, or ``CandidateKey/none`` if there is none.
    ///
    /// Only rows whose lower bound is within `limit` are visited. A row whose near list covers
    /// the limit is read from its list (and its bound becomes exact); the others are read whole,
    /// in increasing order of their bound, a batch of rows at a time split across threads, and
    /// keep a list for later merges. When `maxScore` is given and the best pair so far reaches
    /// it, rows whose bound exceeds that pair's distance cannot win and are skipped. The answer
    /// does not depend on the order rows are read in (``CandidateKey`` is a total order).
    /// `score(a, b)` must only read shared state: it runs concurrently.
    func bestPair(
        within limit: Double, parallelism: Parallelism, maxScore: Double? = nil, minimumParallelWork: Int = 1 << 16,
        score: (Int, Int, Double) -> Double
    ) -> CandidateKey {
        var rows: [Int] = []
        // Retired slots keep an infinite key: an infinite limit must not bring them back.
        heap.forEach(keyAtMost: limit) { if size[$0] > 0 { rows.append($0) } }
        guard !rows.isEmpty else { return .none }
        var best = CandidateKey.none
        if tracking {
            near.lastLimit = limit
            var unlisted: [Int] = []
            for x in rows {
                guard near.radius[x] >= limit else { unlisted.append(x); continue }
                var rowBest = Double.infinity, at = Int.max
                for e in near.lists[x] {
                    let v = e.distance, j = Int(e.slot)
                    if v < rowBest || (v == rowBest && j < at) { rowBest = v; at = j }
                    if v <= limit {
                        let key = CandidateKey(score: score(x, j, v), distance: v, a: x, b: j)
                        if key.isBetter(than: best) { best = key }
                    }
                }
                // The list holds every entry within its radius: an empty one bounds the row by it.
                if at == Int.max {
                    neighbor[x] = -1
                    heap.update(x, key: near.radius[x])
                } else {
                    neighbor[x] = at
                    heap.update(x, key: rowBest)
                }
            }
            rows = unlisted
            guard !rows.isEmpty else { return best }
        }
        let keys = heap.keys
        rows.sort { (keys[$0], $0) < (keys[$1], $1) }
        let count = activeCount
        let threads = max(1, parallelism.threads)
        var nearest = [Int](repeating: -1, count: rows.count)
        var nearestDistance = [Double](repeating: .infinity, count: rows.count)
        var partBest = [CandidateKey](repeating: .none, count: threads)
        // Rows read whole keep the entries within `radius` (none if it is -inf).
        let radius = tracking ? NearLists.radius(for: limit) : -.infinity
        let capacity = near.capacity
        var listed = [ContiguousArray<NearLists.Entry>](repeating: [], count: radius > -.infinity ? rows.count : 0)
        var scanned = 0
        matrix.withUnsafeBufferPointer { d in
            active.withUnsafeBufferPointer { act in
                rowBase.withUnsafeBufferPointer { base in
                    nearest.withUnsafeMutableBufferPointer { nOut in
                        nearestDistance.withUnsafeMutableBufferPointer { dOut in
                            listed.withUnsafeMutableBufferPointer { lOut in
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
                                                var list = ContiguousArray<NearLists.Entry>()
                                                for p in (lo + 1)..<max(count, lo + 1) {
                                                    let j = Int(act[p])
                                                    let v = d[row + j]
                                                    if v < rowBest { rowBest = v; at = j }
                                                    if v <= radius && list.count <= capacity {
                                                        list.append(NearLists.Entry(slot: Int32(j), distance: v))
                                                    }
                                                    if v <= limit {
                                                        let key = CandidateKey(score: score(x, j, v), distance: v, a: x, b: j)
                                                        if key.isBetter(than: local) { local = key }
                                                    }
                                                }
                                                nOut[r] = at
                                                dOut[r] = rowBest
                                                if radius > -.infinity { lOut[r] = list }
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
        }
        for r in 0..<scanned {
            let x = rows[r]
            neighbor[x] = nearest[r]
            heap.update(x, key: nearestDistance[r])
            if radius > -.infinity {
                if listed[r].count <= near.capacity {
                    near.radius[x] = radius
                    near.lists[x] = listed[r]
                } else {
                    near.drop(x)
                }
            }
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
        // Near lists: rows that held a or b, or now hold b, are fixed after the pass; row b's
        // list is rebuilt from its new values.
        var touched: [(z: Int, aWasNear: Bool, bWasNear: Bool, v: Double)] = []
        let radiusB = tracking ? NearLists.radius(for: near.lastLimit) : -.infinity
        var listB = ContiguousArray<NearLists.Entry>()
        let capacity = near.capacity
        var rowBMin = Double.infinity, rowBNearest = -1
        let noRadius = [Double]()
        (tracking ? near.radius : noRadius).withUnsafeBufferPointer { radius in
            matrix.withUnsafeMutableBufferPointer { d in
                active.withUnsafeBufferPointer { act in
                    size.withUnsafeBufferPointer { sz in
                        for p in 0..<bPos {
                            let z = Int(act[p])
                            let dza = z < a ? d[rowBase[z] + a] : d[rowA + z]
                            let dzb = d[rowBase[z] + b]
                            let v = U.merged(dza, dzb, dist, na, nb, sz[z])
                            d[rowBase[z] + b] = v
                            if tracking {
                                let r = radius[z]
                                let aWasNear = z < a && dza <= r
                                if aWasNear || dzb <= r || v <= r {
                                    touched.append((z, aWasNear, dzb <= r, v))
                                }
                            }
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
                        // Row b's new values, its nearest slot (the first on ties) and its list.
                        for p in (bPos + 1)..<max(activeCount, bPos + 1) {
                            let z = Int(act[p])
                            let v = U.merged(d[rowA + z], d[rowB + z], dist, na, nb, sz[z])
                            d[rowB + z] = v
                            if v < rowBMin { rowBMin = v; rowBNearest = z }
                            if v <= radiusB && listB.count <= capacity {
                                listB.append(NearLists.Entry(slot: Int32(z), distance: v))
                            }
                        }
                    }
                }
            }
        }
        if tracking {
            near.drop(a)
            for t in touched {
                near.update(t.z, removing: a, aWasNear: t.aWasNear, b: b, bWasNear: t.bWasNear, v: t.v)
            }
            if radiusB > -.infinity && listB.count <= near.capacity {
                near.radius[b] = radiusB
                near.lists[b] = listB
            } else {
                near.drop(b)
            }
        }
        neighbor[b] = rowBNearest
        heap.update(b, key: rowBMin)
    }
}

/// Rows of a merge state that are already clusters: how many observations each stands for and
/// its group counts (`m` per row, one per (attribute, group) pair, concatenated; empty without
/// groups). The summarised form's micro-clusters start the top level's merge state this way.
struct WeightedLeaves: Sendable {
    var sizes: [Double]
    var counts: [Int32]
    /// Number of (attribute, group) pairs per row in ``counts``.
    var groupCount: Int
}
