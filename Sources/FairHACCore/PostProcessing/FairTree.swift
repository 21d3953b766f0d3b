/// An n-ary tree over `n` leaves with cached sizes, group counts and parent links: the structure
/// the fair post-processing (spec section 11, ``MakeFair``) restructures in place.
///
/// Leaves are nodes `0..<n` (observation ids); internal nodes have ids from `n` on. Each node's
/// children form a doubly linked list, so a child is unlinked or appended in O(1); the sizes and
/// the counts per (attribute, group) of every node are kept up to date by the operators
/// (``FairTree+Operators``), which walk only the path to the root. Storage is a handful of
/// contiguous arrays indexed by node id (no object per node); ids of removed internal nodes are
/// recycled.
public struct FairTree: Sendable {
    /// Number of leaves `n`.
    public let leafCount: Int
    /// Number of (attribute, group) pairs counted per node.
    public let groupCount: Int
    /// The root. Operators keep it the root of every leaf.
    public internal(set) var root: Int

    // Links; -1 for none. Indexed by node id.
    var parentStore: [Int32]
    var firstChild: [Int32]
    var lastChild: [Int32]
    var nextSibling: [Int32]
    var prevSibling: [Int32]
    var childCountStore: [Int32]
    var sizeStore: [Int]
    /// `groupCount` counts per node.
    var countStore: [Int32]
    var alive: [Bool]
    /// Ids of removed internal nodes, for reuse.
    var freeIds: [Int32]

    /// The tree of a dendrogram: every merge becomes a node with two children.
    /// - Parameter attributes: the protected attributes, one label per leaf (their concatenated
    ///   (attribute, group) pairs are what the nodes count).
    /// - Throws: when the attributes cover a different number of observations.
    /// - Complexity: O(n m) for m (attribute, group) pairs.
    public init(_ tree: Dendrogram, attributes: ProtectedAttributes) throws {
        let n = tree.leafCount
        guard attributes.count == n else {
            throw ClusteringError.invalidInput("the tree has \(n) leaves but the groups cover \(attributes.count) observations")
        }
        let m = attributes.groupCount
        leafCount = n
        groupCount = m
        let capacity = max(1, 2 * n - 1)
        parentStore = [Int32](repeating: -1, count: capacity)
        firstChild = [Int32](repeating: -1, count: capacity)
        lastChild = [Int32](repeating: -1, count: capacity)
        nextSibling = [Int32](repeating: -1, count: capacity)
        prevSibling = [Int32](repeating: -1, count: capacity)
        childCountStore = [Int32](repeating: 0, count: capacity)
        sizeStore = [Int](repeating: 1, count: capacity)
        alive = [Bool](repeating: true, count: capacity)
        freeIds = []
        root = n == 1 ? 0 : 2 * n - 2
        var leafCounts = [Int32](repeating: 0, count: capacity * m)
        for i in 0..<n { attributes.forEachColumn(of: i) { leafCounts[i * m + $0] = 1 } }
        countStore = leafCounts
        for (step, merge) in tree.merges.enumerated() {
            let id = n + step
            appendChild(merge.a, to: id)
            appendChild(merge.b, to: id)
            sizeStore[id] = merge.size
            for l in 0..<m { countStore[id * m + l] = countStore[merge.a * m + l] + countStore[merge.b * m + l] }
        }
    }

    // MARK: Reading

    /// Number of leaves under `v`.
    @inline(__always) public func size(_ v: Int) -> Int { sizeStore[v] }
    /// The parent of `v`; `nil` for the root (or a detached subtree's top).
    @inline(__always) public func parent(_ v: Int) -> Int? { parentStore[v] < 0 ? nil : Int(parentStore[v]) }
    /// Number of children of `v`.
    @inline(__always) public func childCount(_ v: Int) -> Int { Int(childCountStore[v]) }
    @inline(__always) public func isLeaf(_ v: Int) -> Bool { v < leafCount }
    /// Count of (attribute, group) pair `l` under `v`.
    @inline(__always) public func count(_ v: Int, _ l: Int) -> Int { Int(countStore[v * groupCount + l]) }
    /// Share of pair `l` under `v`.
    @inline(__always) public func share(_ v: Int, _ l: Int) -> Double { Double(count(v, l)) / Double(size(v)) }

    /// The children of `v`, in list order.
    /// - Complexity: O(children).
    public func children(_ v: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(childCount(v))
        var c = firstChild[v]
        while c >= 0 {
            out.append(Int(c))
            c = nextSibling[Int(c)]
        }
        return out
    }

    /// The leaves under `v`, in list order.
    /// - Complexity: O(size of the subtree).
    public func leaves(under v: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(size(v))
        var stack = [v]
        while let x = stack.popLast() {
            if isLeaf(x) {
                out.append(x)
                continue
            }
            var c = lastChild[x]
            while c >= 0 {
                stack.append(Int(c))
                c = prevSibling[Int(c)]
            }
        }
        return out
    }

    /// The internal nodes of the tree in postorder (children before parents).
    /// - Complexity: O(number of nodes).
    public func internalNodesPostorder() -> [Int] {
        var out: [Int] = []
        var stack: [(Int, Bool)] = [(root, false)]
        while let (x, expanded) = stack.popLast() {
            if isLeaf(x) { continue }
            if expanded {
                out.append(x)
                continue
            }
            stack.append((x, true))
            var c = lastChild[x]
            while c >= 0 {
                stack.append((Int(c), false))
                c = prevSibling[Int(c)]
            }
        }
        return out
    }

    // MARK: Invariants

    /// Checks every invariant: each leaf under the root exactly once, each live internal node
    /// reachable with at least one child, parent links matching the child lists, child counts,
    /// sizes and group counts equal to the sums over the children.
    /// - Returns: a description of the first violation, or `nil` when the tree is consistent.
    /// - Complexity: O(nodes x m).
    public func invariantViolation() -> String? {
        let m = groupCount
        var seen = [Bool](repeating: false, count: alive.count)
        if parentStore[root] >= 0 { return "the root \(root) has a parent" }
        var stack = [root]
        var leavesSeen = 0
        while let v = stack.popLast() {
            if !alive[v] { return "node \(v) is reachable but was removed" }
            if seen[v] { return "node \(v) is reachable twice" }
            seen[v] = true
            if isLeaf(v) {
                if childCountStore[v] != 0 { return "leaf \(v) has children" }
                if sizeStore[v] != 1 { return "leaf \(v) has size \(sizeStore[v])" }
                leavesSeen += 1
                continue
            }
            var c = firstChild[v]
            var k = 0, size = 0
            var sums = [Int](repeating: 0, count: m)
            var previous: Int32 = -1
            while c >= 0 {
                let ci = Int(c)
                if parentStore[ci] != Int32(v) { return "child \(ci) of \(v) has parent \(parentStore[ci])" }
                if prevSibling[ci] != previous { return "child \(ci) of \(v) has a wrong previous-sibling link" }
                k += 1
                size += sizeStore[ci]
                for l in 0..<m { sums[l] += Int(countStore[ci * m + l]) }
                stack.append(ci)
                previous = c
                c = nextSibling[ci]
            }
            if lastChild[v] != previous { return "node \(v) has a wrong last-child link" }
            if k == 0 { return "internal node \(v) has no children" }
            if k != Int(childCountStore[v]) { return "node \(v) has \(k) children but records \(childCountStore[v])" }
            if size != sizeStore[v] { return "node \(v) has size \(sizeStore[v]) but its children hold \(size) leaves" }
            for l in 0..<m where sums[l] != Int(countStore[v * m + l]) {
                return "node \(v) counts \(countStore[v * m + l]) of group \(l) but its children hold \(sums[l])"
            }
        }
        if leavesSeen != leafCount { return "\(leavesSeen) of \(leafCount) leaves are under the root" }
        for v in leafCount..<alive.count where alive[v] && !seen[v] { return "live node \(v) is not under the root" }
        return nil
    }

    // MARK: Raw links (no size or count updates)

    /// Appends `c` as the last child of `p` (links only).
    @inline(__always)
    mutating func appendChild(_ c: Int, to p: Int) {
        parentStore[c] = Int32(p)
        nextSibling[c] = -1
        prevSibling[c] = lastChild[p]
        if lastChild[p] >= 0 { nextSibling[Int(lastChild[p])] = Int32(c) } else { firstChild[p] = Int32(c) }
        lastChild[p] = Int32(c)
        childCountStore[p] += 1
    }

    /// Removes `c` from its parent's child list (links only).
    @inline(__always)
    mutating func unlink(_ c: Int) {
        let p = Int(parentStore[c])
        let a = prevSibling[c], b = nextSibling[c]
        if a >= 0 { nextSibling[Int(a)] = b } else { firstChild[p] = b }
        if b >= 0 { prevSibling[Int(b)] = a } else { lastChild[p] = a }
        parentStore[c] = -1
        nextSibling[c] = -1
        prevSibling[c] = -1
        childCountStore[p] -= 1
    }

    /// A fresh internal node with no children, size 0 and zero counts.
    mutating func makeNode() -> Int {
        let m = groupCount
        if let id = freeIds.popLast() {
            let v = Int(id)
            alive[v] = true
            parentStore[v] = -1
            firstChild[v] = -1
            lastChild[v] = -1
            nextSibling[v] = -1
            prevSibling[v] = -1
            childCountStore[v] = 0
            sizeStore[v] = 0
            for l in 0..<m { countStore[v * m + l] = 0 }
            return v
        }
        let v = alive.count
        parentStore.append(-1)
        firstChild.append(-1)
        lastChild.append(-1)
        nextSibling.append(-1)
        prevSibling.append(-1)
        childCountStore.append(0)
        sizeStore.append(0)
        countStore.append(contentsOf: repeatElement(0, count: m))
        alive.append(true)
        return v
    }

    /// Marks an internal node with no links as removed.
    mutating func release(_ v: Int) {
        precondition(!isLeaf(v))
        alive[v] = false
        parentStore[v] = -1
        firstChild[v] = -1
        lastChild[v] = -1
        childCountStore[v] = 0
        freeIds.append(Int32(v))
    }

    /// Adds `sign` times `v`'s size and counts to `u` and every ancestor of `u`.
    /// - Complexity: O(depth(u) x m).
    mutating func propagate(from v: Int, to u: Int, sign: Int) {
        let m = groupCount
        let s = sign * sizeStore[v]
        var a = u
        while a >= 0 {
            sizeStore[a] += s
            for l in 0..<m { countStore[a * m + l] += Int32(sign) * countStore[v * m + l] }
            a = Int(parentStore[a])
        }
    }
}
