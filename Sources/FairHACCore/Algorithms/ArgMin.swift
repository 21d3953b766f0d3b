/// The smallest value seen in a scan and where it was: the nearest-neighbour and spanning-tree
/// scans' running minimum, and the reduction that joins the parts of a split scan.
///
/// Rules, the same on one thread and on many:
/// - *first index on ties*: a value replaces the minimum only when strictly smaller, and the
///   parts of a split scan are joined in index order, so the first index of the minimum wins;
/// - *NaN*: a NaN value never compares smaller, so it is never the minimum; a scan that saw only
///   NaN (or nothing) is ``isEmpty``, and callers that must pick something say what they fall
///   back to (only reachable with NaN input).
struct ArgMin {
    /// The smallest value seen (`+inf` if none).
    var value: Double
    /// Where it was seen: a position or a slot, as the caller counts; `-1` if nowhere.
    var index: Int

    /// Nothing seen.
    static let empty = ArgMin(value: .infinity, index: -1)

    /// Whether no value was taken (nothing scanned, or only NaN and `+inf`).
    @inline(__always)
    var isEmpty: Bool { index < 0 }

    /// Takes `value` at `index` if it is strictly smaller than the minimum so far.
    @inline(__always)
    mutating func consider(_ value: Double, at index: Int) {
        if value < self.value {
            self.value = value
            self.index = index
        }
    }

    /// Joins the minimum of a part scanned *after* this one: it wins only when strictly smaller.
    @inline(__always)
    mutating func join(later part: ArgMin) {
        if !part.isEmpty && (isEmpty || part.value < value) { self = part }
    }

    /// The minimum over `0..<count`, scanned as `parts` consecutive ranges, one per thread
    /// (`scan(range)` returns a range's minimum); equal to one scan of the whole range by the
    /// rules above. `scan` runs concurrently when `parts > 1`: it may only write to memory no
    /// other part reads or writes.
    @inline(__always)
    static func split(count: Int, parts: Int, _ scan: (Range<Int>) -> ArgMin) -> ArgMin {
        if parts <= 1 { return scan(0..<count) }
        let chunk = (count + parts - 1) / parts
        return withUnsafeTemporaryAllocation(of: ArgMin.self, capacity: parts) { partial in
            Parallelism(threads: parts).run { t in
                // With fewer items than parts the last ranges are empty.
                let lo = min(count, t * chunk)
                (partial.baseAddress! + t).initialize(to: scan(lo..<min(count, lo + chunk)))
            }
            var best = partial[0]
            for t in 1..<parts { best.join(later: partial[t]) }
            return best
        }
    }
}

extension ArgMin {
    /// Joins a minimum kept over other positions of the same scan (interleaved, not later):
    /// the smaller value wins, and on equal values the smaller index, so that several running
    /// minima over interleaved positions join into what one scan in order gives.
    @inline(__always)
    mutating func join(interleaved other: ArgMin) {
        if !other.isEmpty && (isEmpty || other.value < value || (other.value == value && other.index < index)) { self = other }
    }

    /// The minimum of `value(slot(p))` over the positions `range`, index `slot(p)` (increasing with
    /// `p`), by the rules above: four running minima over interleaved positions, so that the
    /// comparisons of one do not wait for the previous one's (the loads of a scan down a matrix
    /// column overlap either way).
    @inline(__always)
    static func scan(_ range: Range<Int>, slot: (Int) -> Int, value: (Int) -> Double) -> ArgMin {
        var b0 = ArgMin.empty, b1 = ArgMin.empty, b2 = ArgMin.empty, b3 = ArgMin.empty
        var p = range.lowerBound
        while p &+ 4 <= range.upperBound {
            let s0 = slot(p), s1 = slot(p &+ 1), s2 = slot(p &+ 2), s3 = slot(p &+ 3)
            b0.consider(value(s0), at: s0)
            b1.consider(value(s1), at: s1)
            b2.consider(value(s2), at: s2)
            b3.consider(value(s3), at: s3)
            p &+= 4
        }
        while p < range.upperBound {
            let s = slot(p)
            b0.consider(value(s), at: s)
            p &+= 1
        }
        b0.join(interleaved: b1)
        b2.join(interleaved: b3)
        b0.join(interleaved: b2)
        return b0
    }
}
