/// Per-row lists of near entries, kept by ``MergeState`` for the fair merge loop's near-pair
/// rules (issue 12).
///
/// A near-pair rule needs, at every merge, every pair within `limit = dlt * d*`. Without lists
/// each row whose nearest-neighbour bound is within the limit is read whole (its active slots
/// above it); on census n = 10,000 (average linkage, `gain`, d = 1.5) that was 395 rows of about
/// 2,500 entries per merge to find 2,355 near pairs. With lists, a row read once keeps every
/// entry within a radius larger than the limit that read it (`growth` times), and the merges
/// keep those entries exact; later merges read the list instead of the row until the limit
/// outgrows the radius.
///
/// Invariant, for every active slot `x` with `radius[x] > -inf`: `lists[x]` holds exactly the
/// active slots `j > x` with `D(x, j) <= radius[x]`, each with its current working distance,
/// in no particular order. A row whose list would pass ``capacity`` entries keeps none
/// (`radius[x] = -inf`) and is read whole when needed, as before.
///
/// The lists keep themselves through merges: the merge's single pass over the rows below the
/// union records what it changed (``column``), and ``merge(_:into:active:matrix:rows:)`` fixes
/// every list from that record and rebuilds the union's list from its new row.
struct NearLists {
    /// One entry: an active slot above the row and its working distance.
    struct Entry {
        var slot: Int32
        var distance: Double
    }

    /// What one merge of `a` into `b` changed in a row `z` below `b` (the merge's pass writes
    /// it at `z`'s position in the active list): `D(z, a)` (only read for `z < a`) and `D(z, b)`
    /// before and after.
    struct ColumnChange {
        var toA: Double
        var toBBefore: Double
        var toB: Double
    }

    /// The radius a row is read with, as a multiple of the limit that asked for it. Measured
    /// on census n = 10,000 (average; gain d = 1.5 and window b = 4, d = 0.1, 2 runs each):
    /// 1.25, 1.5 and 2 all within 10 % of each other (gain 3.0-3.4 s, window 2.3-2.6 s).
    static let growth = 1.5
    /// Most entries a row's list may hold by default (16 bytes each): at most 16 KiB per row.
    static let defaultCapacity = 1024

    /// Whether lists are kept at all (the fair merge loop's state; not the generic algorithm's).
    let isKept: Bool
    /// Most entries a row's list may hold.
    let capacity: Int

    /// `-inf`: the row keeps no list.
    private(set) var radius: [Double]
    private(set) var lists: [ContiguousArray<Entry>]
    /// The latest limit a selection used; the list of a newly merged row is built with
    /// `growth` times it.
    var lastLimit = -Double.infinity
    /// The running merge's changes below the union, by active position (``count`` entries
    /// while lists are kept); read by ``merge(_:into:active:matrix:rows:)``.
    var column: [ColumnChange]

    /// Lists for `count` slots, all empty; `count == 0`: no lists are kept.
    init(count: Int, capacity: Int = defaultCapacity) {
        isKept = count > 0
        self.capacity = capacity
        radius = [Double](repeating: -.infinity, count: count)
        lists = [ContiguousArray<Entry>](repeating: [], count: count)
        column = [ColumnChange](repeating: ColumnChange(toA: 0, toBBefore: 0, toB: 0), count: count)
    }

    /// The radius for a row read at `limit`: `growth * limit`, or none (`-inf`) when that is
    /// not finite (an infinite relaxation would keep whole rows).
    @inline(__always)
    static func radius(for limit: Double) -> Double {
        let r = limit * growth
        return r.isFinite ? r : -.infinity
    }

    /// Whether row `x`'s list holds every pair of the row within `limit`.
    @inline(__always)
    func covers(_ x: Int, within limit: Double) -> Bool { radius[x] >= limit }

    /// Whether row `x` keeps a list that is not empty.
    @inline(__always)
    func hasEntries(_ x: Int) -> Bool { !lists[x].isEmpty }

    /// The nearest slot of a row from its non-empty list (which holds the row's minimum): the
    /// first slot on exact ties, as a scan of the whole row finds it.
    func nearest(in x: Int) -> (Int, Double) {
        var best = Double.infinity, at = Int.max
        for e in lists[x] where e.distance < best || (e.distance == best && Int(e.slot) < at) {
            best = e.distance
            at = Int(e.slot)
        }
        return (at, best)
    }

    /// Row `x`, read whole at `radius` into `list` (see ``Collector``), keeps that list, or
    /// none if it passed the capacity or the radius is none.
    mutating func keep(_ x: Int, radius r: Double, list: ContiguousArray<Entry>) {
        if r > -.infinity && list.count <= capacity {
            radius[x] = r
            lists[x] = list
        } else {
            drop(x)
        }
    }

    /// Drops the list of slot `x`.
    mutating func drop(_ x: Int) {
        radius[x] = -.infinity
        lists[x] = []
    }

    /// Gathers a row's entries within a radius while the row is read whole; one entry past
    /// the capacity marks the list as too long (``keep(_:radius:list:)`` then keeps none).
    struct Collector {
        let radius: Double
        let capacity: Int
        var list = ContiguousArray<Entry>()

        /// A collector that keeps nothing (`radius = -inf`).
        init(radius: Double, capacity: Int) {
            self.radius = radius
            self.capacity = capacity
        }

        @inline(__always)
        mutating func consider(_ slot: Int, _ distance: Double) {
            if distance <= radius && list.count <= capacity {
                list.append(Entry(slot: Int32(truncatingIfNeeded: slot), distance: distance))
            }
        }
    }

    /// Keeps every list exact after slot `a` merged into slot `b` (`a` already retired from
    /// `active`), reading what the merge's pass recorded in ``column`` for the rows below `b`
    /// and the union's new row from `matrix`: drops `a`'s list, fixes the rows below `b` that
    /// held `a` or `b` or now hold `b`, and rebuilds `b`'s list at the radius of the latest limit.
    mutating func merge(
        _ a: Int, into b: Int, active: ActiveSlots.View, matrix: UnsafeBufferPointer<some MatrixScalar>, rows: CondensedLayout.Rows
    ) {
        guard isKept else { return }
        drop(a)
        let bPos = active.position(of: b)
        for p in 0..<bPos {
            let z = active[p]
            let r = radius[z]
            guard r > -.infinity else { continue }
            let change = column[p]
            let aWasNear = z < a && change.toA <= r
            let bWasNear = change.toBBefore <= r
            if aWasNear || bWasNear || change.toB <= r {
                update(z, removing: a, aWasNear: aWasNear, b: b, bWasNear: bWasNear, v: change.toB)
            }
        }
        var collector = Collector(radius: Self.radius(for: lastLimit), capacity: capacity)
        if collector.radius > -.infinity {
            let rowB = rows[b]
            for p in (bPos + 1)..<max(active.count, bPos + 1) {
                let z = active[p]
                collector.consider(z, matrix[rowB &+ z].widened)
            }
        }
        keep(b, radius: collector.radius, list: collector.list)
    }

    /// Keeps row `z`'s list exact after the merge of `a` into `b`, where the row held `a` (at
    /// `aWasNear`) and `b` (at `bWasNear`) before, and `D(z, b)` is now `v`.
    private mutating func update(_ z: Int, removing a: Int, aWasNear: Bool, b: Int, bWasNear: Bool, v: Double) {
        let keep = v <= radius[z]
        if aWasNear, let i = lists[z].firstIndex(where: { $0.slot == Int32(a) }) {
            lists[z].swapAt(i, lists[z].count - 1)
            lists[z].removeLast()
        }
        if bWasNear, let i = lists[z].firstIndex(where: { $0.slot == Int32(b) }) {
            if keep {
                lists[z][i].distance = v
            } else {
                lists[z].swapAt(i, lists[z].count - 1)
                lists[z].removeLast()
            }
        } else if keep {
            if lists[z].count >= capacity {
                drop(z)
            } else {
                lists[z].append(Entry(slot: Int32(b), distance: v))
            }
        }
    }
}
