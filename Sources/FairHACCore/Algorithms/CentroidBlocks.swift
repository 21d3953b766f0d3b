/// The centroids and sizes of the active clusters of a vector-form kernel, laid out for scans
/// that compute eight candidates at once (SIMD lanes over clusters, not over coordinates).
///
/// Clusters occupy *columns*; column `c` is lane `c % 8` of block `c / 8`, and a block holds its
/// eight clusters' coordinates dimension by dimension (`d` rows of eight doubles), then their
/// half inverse sizes `0.5 / n` (one row of eight, what ward's screen needs): a scan reads one
/// contiguous stream. The sizes themselves are kept by column beside the blocks. Columns follow slot order, so
/// the first column of an exact tie is the lowest slot (``ArgMin``'s rule). A retired cluster's
/// coordinates become `+inf` (its distance to anything is `+inf`, which no scan takes) and once
/// an eighth of the columns are such holes the live ones move down, in order.
///
/// Each lane sums its squared coordinate differences in coordinate order, exactly as
/// ``squaredEuclidean(_:_:_:)`` and ``squaredDistance(_:_:)`` do, so a scan's value for a pair is
/// bit-identical to the pair's value computed alone, in either order.
struct CentroidBlocks {
    /// Clusters per block (SIMD lanes).
    static let lanes = 8
    typealias Lanes = SIMD8<Double>

    /// Number of coordinates `d`.
    let dimension: Int
    /// Doubles per block: `d` rows of coordinates and one of half inverse sizes, eight each.
    let blockStride: Int
    private(set) var storage: [Double]
    /// Columns in use, holes included.
    private(set) var width: Int
    /// Live (not retired) columns.
    private(set) var live: Int
    /// The column of each slot, -1 once retired.
    private var columnOfSlot: [Int32]
    /// The slot in each column (meaningless for a hole).
    private var slotOfColumn: [Int32]
    /// The size of the cluster in each column (1 for a hole).
    private(set) var sizes: [Double]

    /// Every row of `x` a cluster of its own (`sizes`, or 1 each), slot `i` in column `i`.
    init(_ x: Observations, sizes: [Double]?) {
        let n = x.count, d = x.dimension
        precondition(sizes.map { $0.count == n } ?? true)
        dimension = d
        blockStride = (d + 1) &* Self.lanes
        width = n
        live = n
        columnOfSlot = (0..<n).map { Int32($0) }
        slotOfColumn = columnOfSlot
        let blocks = (n + Self.lanes - 1) / Self.lanes
        let stride = blockStride
        var s = [Double](repeating: .infinity, count: blocks * stride)
        x.values.withUnsafeBufferPointer { v in
            s.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    for k in 0..<d { out[Self.offset(i, k, blockStride: stride)] = v[i &* d &+ k] }
                    out[Self.offset(i, d, blockStride: stride)] = 0.5 / (sizes?[i] ?? 1)
                }
            }
        }
        storage = s
        self.sizes = sizes ?? [Double](repeating: 1, count: n)
    }

    /// Number of blocks a scan reads.
    var blockCount: Int { (width + Self.lanes - 1) / Self.lanes }

    @inline(__always)
    func column(of slot: Int) -> Int { Int(columnOfSlot[slot]) }

    @inline(__always)
    func slot(at column: Int) -> Int { Int(slotOfColumn[column]) }

    /// Where coordinate `k` of column `c` is stored (`k == d`: its half inverse size).
    @inline(__always)
    func offset(_ c: Int, _ k: Int) -> Int { Self.offset(c, k, blockStride: blockStride) }

    @inline(__always)
    static func offset(_ c: Int, _ k: Int, blockStride: Int) -> Int {
        (c / lanes) &* blockStride &+ k &* lanes &+ c % lanes
    }

    /// Size of the cluster in `slot`.
    @inline(__always)
    func size(ofSlot slot: Int) -> Double { sizes[column(of: slot)] }

    /// The squared Euclidean distance between the centroids of two active slots, summed in
    /// coordinate order (bit-identical to a scan's lane).
    func squaredDistance(_ i: Int, _ j: Int) -> Double {
        let ci = column(of: i), cj = column(of: j)
        return storage.withUnsafeBufferPointer { s in
            var sum = 0.0
            for k in 0..<dimension {
                let t = s[offset(ci, k)] - s[offset(cj, k)]
                sum += t * t
            }
            return sum
        }
    }

    /// Copies the centroid of `slot` into `out` (`d` values).
    func copyCentroid(ofSlot slot: Int, into out: UnsafeMutablePointer<Double>) {
        let c = column(of: slot)
        storage.withUnsafeBufferPointer { s in
            for k in 0..<dimension { out[k] = s[offset(c, k)] }
        }
    }

    /// Merges slot `lo` into slot `hi`: `hi` gets the size-weighted mean of both centroids
    /// (`(n_lo c_lo + n_hi c_hi) / (n_lo + n_hi)`, coordinate by coordinate) and the summed size;
    /// `lo` retires.
    mutating func merge(_ lo: Int, into hi: Int) {
        let cl = column(of: lo), ch = column(of: hi)
        let d = dimension, stride = blockStride
        let nLo = sizes[cl], nHi = sizes[ch], total = nLo + nHi
        func at(_ c: Int, _ k: Int) -> Int { Self.offset(c, k, blockStride: stride) }
        storage.withUnsafeMutableBufferPointer { s in
            for k in 0..<d {
                let a = at(cl, k), b = at(ch, k)
                s[b] = (nLo * s[a] + nHi * s[b]) / total
                s[a] = .infinity
            }
            s[at(ch, d)] = 0.5 / total
            s[at(cl, d)] = 0.5
        }
        sizes[ch] = total
        sizes[cl] = 1
        columnOfSlot[lo] = -1
        live -= 1
        if (width - live) &* 8 >= width && width >= 4 * Self.lanes { compact() }
    }

    /// Moves the live columns down over the holes, keeping their order.
    private mutating func compact() {
        let d = dimension, stride = blockStride, width = self.width
        func at(_ c: Int, _ k: Int) -> Int { Self.offset(c, k, blockStride: stride) }
        var to = 0
        var slots = slotOfColumn, columns = columnOfSlot, sz = sizes
        storage.withUnsafeMutableBufferPointer { s in
            for from in 0..<width {
                let slot = Int(slots[from])
                guard columns[slot] == Int32(from) else { continue }
                if to != from {
                    for k in 0...d { s[at(to, k)] = s[at(from, k)] }
                    sz[to] = sz[from]
                    slots[to] = Int32(slot)
                    columns[slot] = Int32(to)
                }
                to += 1
            }
            // The lanes past the last live column become holes.
            for c in to..<width {
                for k in 0..<d { s[at(c, k)] = .infinity }
                s[at(c, d)] = 0.5
            }
        }
        sz.removeLast(width - to)
        sizes = sz
        slotOfColumn = slots
        columnOfSlot = columns
        self.width = to
        let blocks = (to + Self.lanes - 1) / Self.lanes
        storage.removeLast(storage.count - blocks * stride)
    }
}
