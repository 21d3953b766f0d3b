/// The slots of the clusters still active, in increasing order: the list every kernel that
/// merges slot `a` into slot `b` keeps (scipy's and fastcluster's convention: the union takes
/// one slot, the other retires).
///
/// Kernels walk it by position, find a slot's position by binary search and drop a retired slot
/// by shifting the tail down one place, which keeps the order and hence the first-slot rule on
/// exact ties. Hot loops read it through ``withView(_:)``.
struct ActiveSlots {
    /// The active slots in their first ``count`` entries.
    private var slots: [Int32]
    /// Number of active slots.
    private(set) var count: Int

    /// All of `0..<n` active.
    init(count n: Int) {
        slots = (0..<n).map { Int32($0) }
        count = n
    }

    /// The slot at position `p < count`.
    @inline(__always)
    subscript(p: Int) -> Int { Int(slots[p]) }

    /// Position of `slot` in the list, or where it would go.
    func position(of slot: Int) -> Int {
        withView { $0.position(of: slot) }
    }

    /// Retires `slot`, which must be active, keeping the others in order.
    mutating func remove(_ slot: Int) {
        let p = position(of: slot)
        precondition(p < count && slots[p] == Int32(truncatingIfNeeded: slot))
        let tail = count - p - 1
        slots.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!
            (base + p).update(from: base + p + 1, count: tail)
        }
        count -= 1
    }

    /// Calls `body` with a view of the active slots, for hot loops.
    @inline(__always)
    func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        let count = self.count
        return try slots.withUnsafeBufferPointer { try body(View(slots: UnsafeBufferPointer(rebasing: $0[..<count]))) }
    }

    /// The active slots of one list, valid inside ``ActiveSlots/withView(_:)``.
    struct View {
        /// The active slots, in increasing order.
        let slots: UnsafeBufferPointer<Int32>

        /// Number of active slots.
        @inline(__always)
        var count: Int { slots.count }

        /// The slot at position `p < count`.
        @inline(__always)
        subscript(p: Int) -> Int { Int(slots[p]) }

        /// First position whose slot is `>= slot` (``count`` if none): the position of an active
        /// slot, or where it would go.
        @inline(__always)
        func position(of slot: Int) -> Int {
            var lo = 0, hi = slots.count
            let v = Int32(truncatingIfNeeded: slot)
            while lo < hi {
                let mid = (lo &+ hi) >> 1
                if slots[mid] < v { lo = mid &+ 1 } else { hi = mid }
            }
            return lo
        }
    }
}
