/// One merge of a dendrogram, in scipy's linkage-matrix convention.
public struct Merge: Sendable, Hashable {
    /// Id of the first merged cluster (the smaller id). Leaves are `0..<n`; the cluster made by
    /// merge `i` has id `n + i`.
    public var a: Int
    /// Id of the second merged cluster (the larger id).
    public var b: Int
    /// The linkage height (a distance, never a squared one).
    public var height: Double
    /// Number of observations in the new cluster.
    public var size: Int

    public init(a: Int, b: Int, height: Double, size: Int) {
        self.a = a
        self.b = b
        self.height = height
        self.size = size
    }
}

/// A full binary tree over `leafCount` observations: `leafCount - 1` merges in merge order.
///
/// This is the neutral result of every method in FairHAC; writers turn it into scipy's `Z`
/// (`[a, b, height, size]` per row), Newick or JSON.
public struct Dendrogram: Sendable, Equatable {
    /// Number of observations `n`.
    public let leafCount: Int
    /// The `n - 1` merges, in the order they were made.
    public let merges: [Merge]

    /// Wraps merges that are already in scipy's convention, checking that they form a valid tree.
    public init(leafCount: Int, merges: [Merge]) throws {
        guard leafCount >= 1, merges.count == leafCount - 1 else {
            throw ClusteringError.invalidInput("a dendrogram over \(leafCount) leaves has \(max(0, leafCount - 1)) merges, got \(merges.count)")
        }
        var used = [Bool](repeating: false, count: 2 * leafCount - 1)
        var sizes = [Int](repeating: 1, count: 2 * leafCount - 1)
        for (i, m) in merges.enumerated() {
            let id = leafCount + i
            guard m.a >= 0, m.b >= 0, m.a < id, m.b < id, m.a != m.b else {
                throw ClusteringError.invalidInput("merge \(i) joins \(m.a) and \(m.b), which are not both clusters made before it")
            }
            guard !used[m.a], !used[m.b] else {
                throw ClusteringError.invalidInput("merge \(i) uses a cluster that was already merged")
            }
            guard m.size == sizes[m.a] + sizes[m.b] else {
                throw ClusteringError.invalidInput("merge \(i) has size \(m.size), expected \(sizes[m.a] + sizes[m.b])")
            }
            guard m.height.isFinite else {
                throw ClusteringError.invalidInput("merge \(i) has height \(m.height)")
            }
            used[m.a] = true
            used[m.b] = true
            sizes[id] = m.size
        }
        self.leafCount = leafCount
        self.merges = merges
    }

    /// Wraps merges that are valid by construction (no checks).
    init(uncheckedLeafCount leafCount: Int, merges: [Merge]) {
        self.leafCount = leafCount
        self.merges = merges
    }

    /// Builds a dendrogram from merges given as pairs of *member* observations (any point of
    /// each merged cluster), the way the algorithms record them; this is scipy's `label`.
    ///
    /// - Parameter sortedByHeight: first order the merges by height (stable), as scipy does for
    ///   its reducible linkages, whose merge order is otherwise an artefact of the algorithm.
    /// - Complexity: O(n log n) with the sort, O(n α(n)) without.
    init(leafCount n: Int, memberPairs: [(Int, Int, Double)], sortedByHeight: Bool) {
        precondition(memberPairs.count == max(0, n - 1))
        var order = Array(memberPairs.indices)
        if sortedByHeight {
            order.sort { (memberPairs[$0].2, $0) < (memberPairs[$1].2, $1) }
        }
        var sets = UnionFind(count: n)
        var clusterId = Array(0..<n)  // cluster id of each root
        var size = [Int](repeating: 1, count: n)
        var merges = [Merge]()
        merges.reserveCapacity(max(0, n - 1))
        for (step, k) in order.enumerated() {
            let (p, q, h) = memberPairs[k]
            let rp = sets.find(p), rq = sets.find(q)
            precondition(rp != rq, "merge of a cluster with itself")
            let ip = clusterId[rp], iq = clusterId[rq]
            let s = size[rp] + size[rq]
            merges.append(Merge(a: min(ip, iq), b: max(ip, iq), height: h, size: s))
            let r = sets.union(rp, rq)
            clusterId[r] = n + step
            size[r] = s
        }
        self.leafCount = n
        self.merges = merges
    }

    /// Whether heights never decrease along the merge order.
    public var isMonotone: Bool {
        zip(merges, merges.dropFirst()).allSatisfy { $0.height <= $1.height }
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        size = [Int32](repeating: 1, count: count)
    }

    mutating func find(_ x: Int) -> Int {
        var x = Int32(x)
        while parent[Int(x)] != x {
            let p = parent[Int(x)]
            parent[Int(x)] = parent[Int(p)]
            x = parent[Int(x)]
        }
        return Int(x)
    }

    /// Joins the sets with roots `a` and `b`; returns the new root.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Int {
        var a = a, b = b
        if size[a] < size[b] { swap(&a, &b) }
        parent[b] = Int32(a)
        size[a] += size[b]
        return a
    }
}
