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
final class MergeState<U: LinkageUpdate, S: MatrixScalar> {
    let n: Int
    /// The working dissimilarities, stored as `S` (``Precision``): every value the state compares
    /// is a stored one, widened, so the loop sees one consistent value per pair in either precision.
    private(set) var matrix: [S]
    private let layout: CondensedLayout
    /// Size of the cluster in each slot; 0 once retired.
    private(set) var size: [Double]
    private var active: ActiveSlots
    /// Number of active slots.
    var activeCount: Int { active.count }
    private var neighbor: [Int]
    private var heap: IndexedMinHeap
    /// Group counts of each slot's cluster, `m` per slot, one per (attribute, group) pair (empty without groups).
    private(set) var groupCounts: [Int32]
    let groupCount: Int
    /// Per-row near lists, kept when asked for (the fair loop's near-pair rules read them in
    /// ``bestPair(within:parallelism:maxScore:minimumParallelWork:score:)``).
    private var near: NearLists

    /// - Parameters:
    ///   - nearLists: keep per-row near lists (``NearLists``), for ``bestPair``.
    ///   - nearListCapacity: most entries per list (a row with more keeps none).
    ///   - leaves: the observations and group counts each row stands for when the rows are already
    ///     clusters (the summarised form's micro-clusters); `nil`: every row is one observation.
    init(
        matrix: consuming CondensedMatrix<S>, groups: ProtectedAttributes? = nil, nearLists: Bool = false,
        nearListCapacity: Int = NearLists.defaultCapacity, leaves: WeightedLeaves? = nil
    ) {
        let n = matrix.count
        self.n = n
        self.matrix = (consume matrix).values
        layout = CondensedLayout(count: n)
        size = leaves?.sizes ?? [Double](repeating: 1, count: n)
        precondition(size.count == n)
        active = ActiveSlots(count: n)
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
        matrix[layout.index(either: i, j)].widened
    }

    /// The nearest active slot above `x` (the first on exact ties) and its distance.
    private func scanRow(_ x: Int) -> (Int, Double) {
        matrix.withUnsafeBufferPointer { d in
            active.withView { act in
                var best = ArgMin.empty
                let row = layout.rowBase(x)
                let start = act.position(of: x) + 1
                for p in start..<max(start, act.count) {
                    let j = act[p]
                    best.consider(d[row &+ j].widened, at: j)
                }
                return (best.index, best.value)
            }
        }
    }

    /// Stops keeping near lists (the fair merges are done; the generic algorithm finishes).
    func stopNearLists() {
        near = NearLists(count: 0)
    }

    /// The globally closest pair `(a, b)`, `a < b`, and its working distance; exact ties go to the
    /// lexicographically smallest pair.
    func closestPair() -> (Int, Int, Double) {
        while true {
            let x = heap.top
            let y = neighbor[x]
            let dist = heap.keys[x]
            if y >= 0 && size[y] > 0 && matrix[layout.index(x, y)].widened == dist { return (x, y, dist) }
            let (j, v) = near.isKept && near.hasEntries(x) ? near.nearest(in: x) : scanRow(x)
            neighbor[x] = j
            heap.update(x, key: v)
        }
    }

    /// The best pair by `score` (then smaller distance, then smaller slots) among all active pairs
    /// `a < b` with working distance `D <= limit`, or ``CandidateKey/none`` if there is none.
    ///
    /// Only rows whose lower bound is within `limit` are visited. A row whose near list covers
    /// the limit is read from its list (and its bound becomes exact); the others are read whole
    /// (``WholeRowScan``), in increasing order of their bound, a batch of rows at a time split
    /// across threads, and keep a list for later merges. When `maxScore` is given and the best
    /// pair so far reaches it, rows whose bound exceeds that pair's distance cannot win and are
    /// skipped. The answer does not depend on the order rows are read in (``CandidateKey`` is a
    /// total order). `score(a, b, D, floor)` must only read shared state: it runs concurrently;
    /// `floor` is the best score seen so far, and a pair whose score is provably below it may
    /// be given any lower score (it cannot win either way).
    func bestPair(
        within limit: Double, parallelism: Parallelism, maxScore: Double? = nil, minimumParallelWork: Int = 1 << 16,
        score: (Int, Int, Double, Double) -> Double
    ) -> CandidateKey {
        var rows = rowsWithin(limit)
        guard !rows.isEmpty else { return .none }
        var best = CandidateKey.none
        if near.isKept {
            near.lastLimit = limit
            rows = readLists(of: rows, within: limit, best: &best, score: score)
            guard !rows.isEmpty else { return best }
        }
        let keys = heap.keys
        rows.sort { (keys[$0], $0) < (keys[$1], $1) }
        // Rows read whole keep the entries within `radius` (none if it is -inf).
        let radius = near.isKept ? NearLists.radius(for: limit) : -.infinity
        let scan = matrix.withUnsafeBufferPointer { d in
            active.withView { act in
                layout.withRows { base in
                    WholeRowScan(
                        rows: rows, bounds: keys, within: limit, radius: radius, capacity: near.capacity,
                        startingFrom: best, maxScore: maxScore, threads: max(1, parallelism.threads),
                        minimumParallelWork: minimumParallelWork, matrix: d, layout: base, active: act, score: score)
                }
            }
        }
        keep(scan, of: rows, radius: radius)
        return scan.best
    }

    /// The active rows whose lower bound is within `limit`, in heap order.
    private func rowsWithin(_ limit: Double) -> [Int] {
        var rows: [Int] = []
        // Retired slots keep an infinite key: an infinite limit must not bring them back.
        heap.forEach(keyAtMost: limit) { if size[$0] > 0 { rows.append($0) } }
        return rows
    }

    /// Reads the rows whose near list covers `limit` from their lists: scores their pairs within
    /// the limit into `best` and makes their bounds exact.
    /// - Returns: the other rows, in the order given.
    private func readLists(
        of rows: [Int], within limit: Double, best: inout CandidateKey, score: (Int, Int, Double, Double) -> Double
    ) -> [Int] {
        var unlisted: [Int] = []
        for x in rows {
            guard near.covers(x, within: limit) else { unlisted.append(x); continue }
            var rowBest = Double.infinity, at = Int.max
            for e in near.lists[x] {
                let v = e.distance, j = Int(e.slot)
                if v < rowBest || (v == rowBest && j < at) { rowBest = v; at = j }
                if v <= limit {
                    let key = CandidateKey(score: score(x, j, v, best.score), distance: v, a: x, b: j)
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
        return unlisted
    }

    /// Keeps what reading `rows` whole found: exact bounds, and the near lists at `radius`.
    private func keep(_ scan: WholeRowScan, of rows: [Int], radius: Double) {
        for r in 0..<scan.scanned {
            let x = rows[r]
            neighbor[x] = scan.nearest[r].index
            heap.update(x, key: scan.nearest[r].value)
            if radius > -.infinity { near.keep(x, radius: radius, list: scan.lists[r]) }
        }
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
            active.withView { act in
                layout.withRows { base in
                    for p in 0..<act.count {
                        let a = act[p]
                        if skipRow(heap.keys[a]) { continue }
                        let row = base[a]
                        var best = ArgMin.empty
                        for q in (p + 1)..<max(act.count, p + 1) {
                            let b = act[q]
                            let v = d[row &+ b].widened
                            best.consider(v, at: b)
                            body(a, b, v)
                        }
                        if !best.isEmpty && best.value > heap.keys[a] { refreshed.append((a, best.index, best.value)) }
                    }
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
        active.remove(a)
        let (nearestToB, distanceToB) = updateDistances(a, b, dist, na, nb)
        neighbor[b] = nearestToB
        heap.update(b, key: distanceToB)
        if near.isKept {
            matrix.withUnsafeBufferPointer { d in
                active.withView { act in
                    layout.withRows { near.merge(a, into: b, active: act, matrix: d, rows: $0) }
                }
            }
        }
    }

    /// The Lance–Williams pass of a merge of `a` (already retired) into `b`: the new `D(z, b)`
    /// of every active `z`, the bounds of the rows below `b` kept valid (and, for near lists,
    /// what changed recorded in ``NearLists/column``).
    /// - Returns: row `b`'s nearest slot above it (the first on ties) and its distance.
    private func updateDistances(_ a: Int, _ b: Int, _ dist: Double, _ na: Double, _ nb: Double) -> (Int, Double) {
        let recording = near.isKept
        var rowB = ArgMin.empty
        let base = layout
        near.column.withUnsafeMutableBufferPointer { changes in
            matrix.withUnsafeMutableBufferPointer { d in
                active.withView { act in
                    size.withUnsafeBufferPointer { sz in
                        let bPos = act.position(of: b)
                        let rowA = base.rowBase(a), rowBB = base.rowBase(b)
                        for p in 0..<bPos {
                            let z = act[p]
                            let zb = base.index(z, b)
                            let dza = (z < a ? d[base.index(z, a)] : d[rowA &+ z]).widened
                            let dzb = d[zb].widened
                            // Stored rounded to S; what the state compares from here on is the stored value.
                            let stored = S(rounding: U.merged(dza, dzb, dist, na, nb, sz[z]))
                            d[zb] = stored
                            let v = stored.widened
                            if recording { changes[p] = NearLists.ColumnChange(toA: dza, toBBefore: dzb, toB: v) }
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
                                if y >= 0 && y != b && d[base.index(z, y)].widened == key {
                                    neighbor[z] = min(y, b)
                                } else if y != b {
                                    neighbor[z] = -1
                                }
                            }
                        }
                        // Row b's new values and its nearest slot (the first on ties).
                        for p in (bPos + 1)..<max(act.count, bPos + 1) {
                            let z = act[p]
                            let stored = S(rounding: U.merged(d[rowA &+ z].widened, d[rowBB &+ z].widened, dist, na, nb, sz[z]))
                            d[rowBB &+ z] = stored
                            rowB.consider(stored.widened, at: z)
                        }
                    }
                }
            }
        }
        return (rowB.index, rowB.value)
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
