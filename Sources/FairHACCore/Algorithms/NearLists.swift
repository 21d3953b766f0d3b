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
struct NearLists {
    /// One entry: an active slot above the row and its working distance.
    struct Entry {
        var slot: Int32
        var distance: Double
    }

    /// The radius a row is read with, as a multiple of the limit that asked for it. Measured
    /// on census n = 10,000 (average; gain d = 1.5 and window b = 4, d = 0.1, 2 runs each):
    /// 1.25, 1.5 and 2 all within 10 % of each other (gain 3.0-3.4 s, window 2.3-2.6 s).
    static let growth = 1.5
    /// Most entries a row's list may hold by default (16 bytes each): at most 16 KiB per row.
    static let defaultCapacity = 1024

    /// Most entries a row's list may hold.
    let capacity: Int

    /// `-inf`: the row keeps no list.
    var radius: [Double]
    var lists: [ContiguousArray<Entry>]
    /// The latest limit a selection used; the list of a newly merged row is built with
    /// `growth` times it.
    var lastLimit = -Double.infinity

    init(count: Int, capacity: Int = defaultCapacity) {
        self.capacity = capacity
        radius = [Double](repeating: -.infinity, count: count)
        lists = [ContiguousArray<Entry>](repeating: [], count: count)
    }

    /// The radius for a row read at `limit`: `growth * limit`, or none (`-inf`) when that is
    /// not finite (an infinite relaxation would keep whole rows).
    @inline(__always)
    static func radius(for limit: Double) -> Double {
        let r = limit * growth
        return r.isFinite ? r : -.infinity
    }

    /// Drops the list of slot `x`.
    mutating func drop(_ x: Int) {
        radius[x] = -.infinity
        lists[x] = []
    }

    /// Keeps row `z`'s list exact after the merge of `a` into `b`, where the row held `a` (at
    /// `aWasNear`) and `b` (at `bWasNear`) before, and `D(z, b)` is now `v`.
    mutating func update(_ z: Int, removing a: Int, aWasNear: Bool, b: Int, bWasNear: Bool, v: Double) {
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
