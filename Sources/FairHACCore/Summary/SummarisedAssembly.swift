/// One full dendrogram over all n points from the micro-clusters' own trees and the top's tree
/// (spec section 10; docs/algorithm.md states the same contract for other implementations):
///
/// 1. The micro-clusters' own merges, micro-cluster-major: micro-cluster 0's `s_0 - 1` merges,
///    then micro-cluster 1's, and so on. In micro-cluster c's local tree, leaf i (its i-th
///    member in ascending row order) is global row `members[i]`; local internal node `s_c + j`
///    is global node `n + offset_c + j`, `offset_c = sum over c' < c of (s_c' - 1)`.
/// 2. The top's `m - 1` merges: top leaf c is micro-cluster c's root (the global id of its last
///    merge, or its row when `s_c = 1`); top internal node `m + j` is global `n + (n - m) + j`.
///
/// Each row has the smaller id first and the true cluster size. Cuts into k <= m clusters (the
/// first n - k merges) therefore never split a micro-cluster.
public enum SummarisedAssembly {
    /// Assembles the global merges.
    /// - Parameters:
    ///   - local: micro-cluster c's tree over its `s_c` members (`leafCount == s_c`), in
    ///     micro-cluster order.
    ///   - top: the tree over the m micro-clusters (its size column is not read).
    /// - Throws: when the shapes disagree (a local tree of the wrong size, a top over another m).
    /// - Complexity: O(n).
    public static func assemble(summary: MicroClusters, local: [Dendrogram], top: Dendrogram) throws -> Dendrogram {
        try assemble(observationCount: summary.observationCount, members: summary.members, memberStart: summary.memberStart, local: local, top: top)
    }

    /// Assembles the global merges from each row's micro-cluster (`assignment`, dense in `0..<m`,
    /// every micro-cluster used), as the Spark port and Python's `assemble_linkage` give it.
    /// - Complexity: O(n).
    public static func assemble(assignment: [Int], local: [Dendrogram], top: Dendrogram) throws -> Dendrogram {
        let n = assignment.count, m = top.leafCount
        guard m >= 1, n >= m else {
            throw ClusteringError.invalidInput("assembly: a top over \(m) micro-clusters for \(n) rows")
        }
        var start = [Int](repeating: 0, count: m + 1)
        for (i, c) in assignment.enumerated() {
            guard c >= 0, c < m else {
                throw ClusteringError.invalidInput("assembly: row \(i) is in micro-cluster \(c); expected 0..<\(m)")
            }
            start[c + 1] += 1
        }
        if let empty = (0..<m).first(where: { start[$0 + 1] == 0 }) {
            throw ClusteringError.invalidInput("assembly: micro-cluster \(empty) has no rows; number the micro-clusters densely")
        }
        for c in 0..<m { start[c + 1] += start[c] }
        var fill = Array(start.dropLast())
        var members = [Int32](repeating: 0, count: n)
        for (i, c) in assignment.enumerated() {
            members[fill[c]] = Int32(i)
            fill[c] += 1
        }
        return try assemble(observationCount: n, members: members, memberStart: start, local: local, top: top)
    }

    /// `tree` (assembled over `summary`) with its top replaced by `top`: the micro-clusters'
    /// merges (the first n - m) kept as they are, `top`'s merges mapped as ``assemble(summary:local:top:)``
    /// maps them.
    /// - Complexity: O(n).
    public static func replacingTop(of tree: Dendrogram, summary: MicroClusters, top: Dendrogram) throws -> Dendrogram {
        let n = summary.observationCount, m = summary.count
        guard tree.leafCount == n, top.leafCount == m else {
            throw ClusteringError.invalidInput("assembly: a tree over \(tree.leafCount) rows and a top over \(top.leafCount) for \(n) rows in \(m) micro-clusters")
        }
        var merges = Array(tree.merges.prefix(n - m))
        merges.reserveCapacity(max(0, n - 1))
        let sizes = (0..<m).map { summary.memberStart[$0 + 1] - summary.memberStart[$0] }
        let firstRows = (0..<m).map { Int(summary.members[summary.memberStart[$0]]) }
        merges += topMerges(top, sizes: sizes, firstRows: firstRows, observationCount: n)
        return try Dendrogram(leafCount: n, merges: merges)
    }

    static func assemble(
        observationCount n: Int, members: [Int32], memberStart: [Int], local: [Dendrogram], top: Dendrogram
    ) throws -> Dendrogram {
        let m = memberStart.count - 1
        guard local.count == m, top.leafCount == m else {
            throw ClusteringError.invalidInput(
                "assembly: \(local.count) micro-cluster trees and a top over \(top.leafCount) leaves for \(m) micro-clusters")
        }
        var merges = [Merge]()
        merges.reserveCapacity(max(0, n - 1))
        var firstRows = [Int](repeating: 0, count: m)
        var offset = 0
        for c in 0..<m {
            let s = memberStart[c + 1] - memberStart[c]
            let rows = members[memberStart[c]..<memberStart[c + 1]]
            guard local[c].leafCount == s else {
                throw ClusteringError.invalidInput("assembly: micro-cluster \(c) has \(s) members but its tree \(local[c].leafCount) leaves")
            }
            merges += localMerges(local[c], rows: rows, offset: offset, observationCount: n)
            firstRows[c] = Int(rows[rows.startIndex])
            offset += s - 1
        }
        let sizes = (0..<m).map { memberStart[$0 + 1] - memberStart[$0] }
        merges += topMerges(top, sizes: sizes, firstRows: firstRows, observationCount: n)
        return try Dendrogram(leafCount: n, merges: merges)
    }

    /// Micro-cluster c's merges with global ids (part 1 of the contract): its local tree over its
    /// members `rows` (ascending), whose first merge is global step `offset` (the sum of the
    /// earlier micro-clusters' `s - 1`).
    /// - Complexity: O(s).
    public static func localMerges<C: Collection>(_ local: Dendrogram, rows: C, offset: Int, observationCount n: Int) -> [Merge]
    where C.Element: BinaryInteger, C.Index == Int {
        let s = local.leafCount, first = rows.startIndex
        func global(_ id: Int) -> Int { id < s ? Int(rows[first + id]) : n + offset + (id - s) }
        return local.merges.map { merge in
            let a = global(merge.a), b = global(merge.b)
            return Merge(a: min(a, b), b: max(a, b), height: merge.height, size: merge.size)
        }
    }

    /// The top's merges with global ids and true sizes (part 2 of the contract), from each
    /// micro-cluster's size and its first (smallest) row.
    /// - Complexity: O(m).
    public static func topMerges(_ top: Dendrogram, sizes: [Int], firstRows: [Int], observationCount n: Int) -> [Merge] {
        let m = top.leafCount
        var root = [Int](repeating: 0, count: m)
        var offset = 0
        for c in 0..<m {
            root[c] = sizes[c] == 1 ? firstRows[c] : n + offset + sizes[c] - 2
            offset += sizes[c] - 1
        }
        var size = sizes + [Int](repeating: 0, count: max(0, m - 1))
        let topBase = n + (n - m)
        return top.merges.enumerated().map { j, merge in
            func global(_ id: Int) -> Int { id < m ? root[id] : topBase + (id - m) }
            let a = global(merge.a), b = global(merge.b)
            size[m + j] = size[merge.a] + size[merge.b]
            return Merge(a: min(a, b), b: max(a, b), height: merge.height, size: size[m + j])
        }
    }
}
