/// A finished n-ary tree over `n` leaves, with each real node's height, size and group counts,
/// and its binarised form as a scipy Z (spec section 11).
///
/// Internal node `j` has id `n + j`; nodes are ordered by height (children before parents), so
/// node j's block of c - 1 merges is block j of ``binarised()``. A node's height is the height
/// at which the input tree first held all of its leaves together (the input's cophenetic height
/// of its leaf set), so on a monotone input heights never go down from a node to its parent.
public struct NaryTree: Sendable, Equatable {
    public let leafCount: Int
    /// Number of (attribute, group) pairs counted per node.
    public let groupCount: Int
    /// Internal node j's children are `children[childStart[j]..<childStart[j + 1]]` (ids: leaves
    /// `0..<n`, internal nodes `n + j`).
    public let childStart: [Int]
    public let children: [Int]
    /// Size, height and `groupCount` counts of each internal node.
    public let sizes: [Int]
    public let heights: [Double]
    public let counts: [Int]
    /// The Z row (0-based) that completes each internal node: its cluster id in Z is `n + row`.
    public let completingRow: [Int]

    /// Number of internal (real) nodes.
    public var internalCount: Int { sizes.count }
    /// The root's id.
    public var root: Int { leafCount + internalCount - 1 }
    /// The children of internal node `j`.
    public func children(of j: Int) -> ArraySlice<Int> { children[childStart[j]..<childStart[j + 1]] }
    /// The counts of internal node `j`.
    public func counts(of j: Int) -> ArraySlice<Int> { counts[(j * groupCount)..<((j + 1) * groupCount)] }

    /// The final form of a restructured tree; `input` is the tree it was made from (for the heights).
    /// Nodes with one child are dropped (their child takes their place).
    /// - Complexity: O(n log n).
    public init(_ t: FairTree, input: Dendrogram) {
        let n = t.leafCount, m = t.groupCount
        precondition(input.leafCount == n && n >= 2)
        let heightOf = CopheneticHeights(input)
        let post = t.internalNodesPostorder()
        // Postorder index of each kept internal node; a node with one child aliases its child
        // (encoded: >= 0 leaf id, < 0 internal -(index + 1)).
        var ref = [Int](repeating: 0, count: max(t.alive.count, n))
        var kept: [Int] = []  // fair-tree ids of the kept nodes, postorder
        var keptChildren: [[Int]] = []
        var lo: [Int] = [], hi: [Int] = [], key: [Double] = [], height: [Double] = []
        for leaf in 0..<n { ref[leaf] = leaf }
        for v in post {
            let kids = t.children(v).map { ref[$0] }
            if kids.count == 1 {
                ref[v] = kids[0]
                continue
            }
            var a = Int.max, b = Int.min, childKey = -Double.infinity
            for c in kids {
                if c >= 0 {
                    a = min(a, heightOf.position[c])
                    b = max(b, heightOf.position[c])
                } else {
                    a = min(a, lo[-c - 1])
                    b = max(b, hi[-c - 1])
                    childKey = max(childKey, key[-c - 1])
                }
            }
            let h = heightOf.height(from: a, to: b)
            ref[v] = -(kept.count + 1)
            kept.append(v)
            keptChildren.append(kids)
            lo.append(a)
            hi.append(b)
            height.append(h)
            key.append(max(h, childKey))
        }
        let order = kept.indices.sorted { (key[$0], $0) < (key[$1], $1) }
        var rank = [Int](repeating: 0, count: kept.count)
        for (j, i) in order.enumerated() { rank[i] = j }
        var childStart = [0], children: [Int] = [], sizes: [Int] = [], heights: [Double] = [], counts: [Int] = []
        var completingRow: [Int] = []
        children.reserveCapacity(n + kept.count)
        var rows = 0
        for i in order {
            let v = kept[i]
            for c in keptChildren[i] { children.append(c >= 0 ? c : n + rank[-c - 1]) }
            childStart.append(children.count)
            sizes.append(t.size(v))
            heights.append(height[i])
            for l in 0..<m { counts.append(t.count(v, l)) }
            rows += keptChildren[i].count - 1
            completingRow.append(rows - 1)
        }
        leafCount = n
        groupCount = m
        self.childStart = childStart
        self.children = children
        self.sizes = sizes
        self.heights = heights
        self.counts = counts
        self.completingRow = completingRow
    }

    /// The binarised tree: node j with children c_1..c_c becomes c - 1 merges (c_1 with c_2,
    /// that with c_3, ...) all at node j's height, in node order.
    /// - Complexity: O(n).
    public func binarised() -> Dendrogram {
        let n = leafCount
        var merges: [Merge] = []
        merges.reserveCapacity(n - 1)
        func zid(_ c: Int) -> Int { c < n ? c : n + completingRow[c - n] }
        func size(_ c: Int) -> Int { c < n ? 1 : sizes[c - n] }
        for j in 0..<internalCount {
            let kids = children(of: j)
            var current = zid(kids[kids.startIndex]), running = size(kids[kids.startIndex])
            for c in kids.dropFirst() {
                let other = zid(c)
                running += size(c)
                merges.append(Merge(a: min(current, other), b: max(current, other), height: heights[j], size: running))
                current = n + merges.count - 1
            }
        }
        // Valid by construction: children come before parents and every id is used once.
        return Dendrogram(uncheckedLeafCount: n, merges: merges)
    }

    /// The number of clusters of the finest cut into real nodes with at most `k` clusters, taken
    /// along the node order (undoing whole nodes from the last): the binarised Z's first
    /// `n - result` merges give exactly these clusters.
    /// - Complexity: O(number of nodes).
    public func realClusterCount(atMost k: Int) -> Int {
        var clusters = 1
        for j in stride(from: internalCount - 1, through: 0, by: -1) {
            let more = childStart[j + 1] - childStart[j] - 1
            if clusters + more > k { break }
            clusters += more
        }
        return clusters
    }

    /// Labels of the cut into ``realClusterCount(atMost:)`` real clusters, numbered as
    /// ``Dendrogram/labels(clusterCount:)`` numbers them on the binarised tree.
    public func labels(atMost k: Int) throws -> (labels: [Int], clusterCount: Int) {
        let count = realClusterCount(atMost: max(1, k))
        return (try binarised().labels(clusterCount: count), count)
    }

    /// The size of the real node that each merge of ``binarised()`` belongs to (a helper merge
    /// counts as its node): the weights of the tree objectives on the real nodes.
    public func realSizesPerMerge() -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(leafCount - 1)
        for j in 0..<internalCount {
            out.append(contentsOf: repeatElement(sizes[j], count: childStart[j + 1] - childStart[j] - 1))
        }
        return out
    }
}

/// The input tree's cophenetic height of a set of leaves, from the two extreme positions of the
/// set in the input's leaf order: the lowest common ancestor of leaves at positions p < q is
/// the latest merge among those that join neighbours between p and q (a sparse table of maxima).
struct CopheneticHeights {
    /// Position of each leaf in the input's leaf order.
    var position: [Int]
    /// table[level][p] = the latest joining merge among positions p..<p + 2^level.
    var table: [[Int32]]
    var heights: [Double]

    /// - Complexity: O(n log n).
    init(_ tree: Dendrogram) {
        let n = tree.leafCount
        heights = tree.merges.map(\.height)
        var start = [Int](repeating: 0, count: 2 * n - 1)
        var sizes = [Int](repeating: 1, count: 2 * n - 1)
        for (i, m) in tree.merges.enumerated() { sizes[n + i] = m.size }
        var join = [Int32](repeating: 0, count: max(1, n - 1))
        for i in stride(from: tree.merges.count - 1, through: 0, by: -1) {
            let m = tree.merges[i]
            start[m.a] = start[n + i]
            start[m.b] = start[n + i] + sizes[m.a]
            join[start[n + i] + sizes[m.a] - 1] = Int32(i)
        }
        position = Array(start[0..<n])
        table = [join]
        var width = 1
        while 2 * width <= n - 1 {
            let prev = table[table.count - 1]
            let count = prev.count - width
            guard count > 0 else { break }
            table.append((0..<count).map { max(prev[$0], prev[$0 + width]) })
            width *= 2
        }
    }

    /// The height of the input's lowest common ancestor of the leaves at positions `p...q`
    /// (`p < q`).
    func height(from p: Int, to q: Int) -> Double {
        // Joins p..<q.
        let length = q - p
        var level = 0
        while (2 << level) <= length { level += 1 }
        let row = table[level]
        return heights[Int(max(row[p], row[q - (1 << level)]))]
    }
}
