/// A binary min-heap over the items `0..<count`, keyed by a `Double`, with "change key".
///
/// Hand-written because swift-collections' `Heap` has no way to change the key of an element
/// in place, which the generic linkage algorithm needs once per affected row per merge.
/// Ties between equal keys go to the smaller item, so results do not depend on heap history.
struct IndexedMinHeap {
    private(set) var keys: [Double]
    private var heap: [Int32]      // heap[position] = item
    private var position: [Int32]  // position[item] = position

    init(keys: [Double]) {
        self.keys = keys
        heap = (0..<keys.count).map { Int32($0) }
        position = heap
        if keys.count > 1 {
            for p in stride(from: keys.count / 2 - 1, through: 0, by: -1) { siftDown(p) }
        }
    }

    /// The item with the smallest key (smallest item among equal keys).
    var top: Int { Int(heap[0]) }

    @inline(__always)
    private func less(_ a: Int32, _ b: Int32) -> Bool {
        let ka = keys[Int(a)], kb = keys[Int(b)]
        return ka < kb || (ka == kb && a < b)
    }

    /// Calls `body` for every item whose key is at most `limit` (in no particular order).
    /// - Complexity: O(number of such items), by walking only the heap's subtrees that qualify.
    func forEach(keyAtMost limit: Double, _ body: (Int) -> Void) {
        guard !heap.isEmpty else { return }
        var stack = [0]
        while let p = stack.popLast() {
            let item = Int(heap[p])
            guard keys[item] <= limit else { continue }
            body(item)
            let c = 2 * p + 1
            if c < heap.count { stack.append(c) }
            if c + 1 < heap.count { stack.append(c + 1) }
        }
    }

    /// Sets the key of `item` and restores the heap order.
    mutating func update(_ item: Int, key: Double) {
        let old = keys[item]
        keys[item] = key
        let p = Int(position[item])
        if key < old { siftUp(p) } else { siftDown(p) }
    }

    private mutating func siftUp(_ start: Int) {
        var p = start
        let item = heap[p]
        while p > 0 {
            let parent = (p - 1) >> 1
            guard less(item, heap[parent]) else { break }
            heap[p] = heap[parent]
            position[Int(heap[p])] = Int32(p)
            p = parent
        }
        heap[p] = item
        position[Int(item)] = Int32(p)
    }

    private mutating func siftDown(_ start: Int) {
        var p = start
        let item = heap[p]
        let n = heap.count
        while true {
            var c = 2 * p + 1
            guard c < n else { break }
            if c + 1 < n && less(heap[c + 1], heap[c]) { c += 1 }
            guard less(heap[c], item) else { break }
            heap[p] = heap[c]
            position[Int(heap[p])] = Int32(p)
            p = c
        }
        heap[p] = item
        position[Int(item)] = Int32(p)
    }
}
