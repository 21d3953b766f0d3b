/// The nearest-neighbour chain's space on the condensed matrix: working dissimilarities between
/// slots, stored as `S` (``Precision``), updated in place by `U`'s Lance–Williams formula computed
/// in double precision (the union's row and column overwrite slot `hi`'s).
///
/// A scan of slot `x` reads its column above the diagonal (slots below `x`) and its row (slots
/// above); with many clusters active it is split across threads, as is each merge's update.
struct MatrixChainSpace<U: LinkageUpdate, S: MatrixScalar>: ChainSpace {
    /// The condensed matrix, owned by the caller for the run.
    let matrix: UnsafeMutableBufferPointer<S>
    let rows: CondensedLayout.Rows
    /// Size of the cluster in each slot; 0 once retired.
    private var sizes: [Double]
    private let threads: Int
    /// Below this many active clusters, one thread.
    private let parallelThreshold: Int

    init(
        matrix: UnsafeMutableBufferPointer<S>, rows: CondensedLayout.Rows, sizes: [Double], threads: Int,
        parallelThreshold: Int
    ) {
        precondition(sizes.count == rows.bases.count)
        self.matrix = matrix
        self.rows = rows
        self.sizes = sizes
        self.threads = threads
        self.parallelThreshold = parallelThreshold
    }

    /// How many threads share a pass over `count` active positions.
    @inline(__always)
    private func parts(_ count: Int) -> Int { count >= parallelThreshold ? threads : 1 }

    @inline(__always)
    func distance(_ i: Int, _ j: Int) -> Double { matrix[rows.index(either: i, j)].widened }

    func nearest(_ x: Int, among active: ActiveSlots.View) -> ArgMin {
        let xPos = active.position(of: x)
        let d = matrix, base = rows
        let rowX = base[x]
        return ArgMin.split(count: active.count, parts: parts(active.count)) { range in
            // Column x above the diagonal (slots below x), then row x (slots above).
            var best = ArgMin.scan(
                range.lowerBound..<max(range.lowerBound, min(range.upperBound, xPos)), slot: { active[$0] },
                value: { d[base[$0] &+ x].widened })
            let above = max(range.lowerBound, xPos + 1)
            best.join(later: ArgMin.scan(above..<max(range.upperBound, above), slot: { active[$0] }, value: { d[rowX &+ $0].widened }))
            return best
        }
    }

    mutating func merge(_ lo: Int, _ hi: Int, at distance: Double, active: ActiveSlots.View) {
        let nLo = sizes[lo], nHi = sizes[hi]
        sizes[lo] = 0
        sizes[hi] = nLo + nHi
        let loPos = active.position(of: lo), hiPos = active.position(of: hi)
        let d = matrix, base = rows
        let rowLo = base[lo], rowHi = base[hi]
        let count = active.count
        let parts = parts(count)
        let chunk = (count + parts - 1) / parts
        sizes.withUnsafeBufferPointer { sb in
            Parallelism(threads: parts).run { t in
                let from = t * chunk, to = min(count, (t + 1) * chunk)
                // Slots below lo: column lo and column hi.
                for p in from..<max(from, min(to, loPos)) {
                    let i = active[p]
                    let bi = base[i]
                    d[bi &+ hi] = S(rounding: U.merged(d[bi &+ lo].widened, d[bi &+ hi].widened, distance, nLo, nHi, sb[i]))
                }
                // Slots between lo and hi: row lo and column hi.
                for p in max(from, loPos + 1)..<max(from, loPos + 1, min(to, hiPos)) {
                    let i = active[p]
                    d[base[i] &+ hi] = S(rounding: U.merged(d[rowLo &+ i].widened, d[base[i] &+ hi].widened, distance, nLo, nHi, sb[i]))
                }
                // Slots above hi: row lo and row hi.
                for p in max(from, hiPos + 1)..<max(to, max(from, hiPos + 1)) {
                    let i = active[p]
                    d[rowHi &+ i] = S(rounding: U.merged(d[rowLo &+ i].widened, d[rowHi &+ i].widened, distance, nLo, nHi, sb[i]))
                }
            }
        }
    }
}
