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
        var root = [Int](repeating: 0, count: m)
        var size = [Int](repeating: 0, count: max(0, 2 * m - 1))
        var offset = 0
        for c in 0..<m {
            let s = summary.memberStart[c + 1] - summary.memberStart[c]
            root[c] = s == 1 ? Int(summary.members[summary.memberStart[c]]) : n + offset + s - 2
            size[c] = s
            offset += s - 1
        }
        appendTop(top, roots: root, sizes: &size, observationCount: n, to: &merges)
        return try Dendrogram(leafCount: n, merges: merges)
    }

    /// The top's merges in global ids: top leaf c is `roots[c]`, top node `m + j` is `n + (n - m) + j`.
    private static func appendTop(_ top: Dendrogram, roots root: [Int], sizes size: inout [Int], observationCount n: Int, to merges: inout [Merge]) {
        let m = root.count
        let topBase = n + (n - m)
        for (j, merge) in top.merges.enumerated() {
            func global(_ id: Int) -> Int { id < m ? root[id] : topBase + (id - m) }
            let a = global(merge.a), b = global(merge.b)
            let s = size[merge.a] + size[merge.b]
            size[m + j] = s
            merges.append(Merge(a: min(a, b), b: max(a, b), height: merge.height, size: s))
        }
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
        var root = [Int](repeating: 0, count: m)
        var offset = 0
        for c in 0..<m {
            let s = memberStart[c + 1] - memberStart[c]
            let rows = members[memberStart[c]..<memberStart[c + 1]]
            let first = rows.startIndex
            guard local[c].leafCount == s else {
                throw ClusteringError.invalidInput("assembly: micro-cluster \(c) has \(s) members but its tree \(local[c].leafCount) leaves")
            }
            func global(_ id: Int) -> Int { id < s ? Int(rows[first + id]) : n + offset + (id - s) }
            for merge in local[c].merges {
                let a = global(merge.a), b = global(merge.b)
                merges.append(Merge(a: min(a, b), b: max(a, b), height: merge.height, size: merge.size))
            }
            root[c] = s == 1 ? Int(rows[first]) : n + offset + s - 2
            offset += s - 1
        }
        var size = [Int](repeating: 0, count: max(0, 2 * m - 1))
        for c in 0..<m { size[c] = memberStart[c + 1] - memberStart[c] }
        appendTop(top, roots: root, sizes: &size, observationCount: n, to: &merges)
        return try Dendrogram(leafCount: n, merges: merges)
    }
}
