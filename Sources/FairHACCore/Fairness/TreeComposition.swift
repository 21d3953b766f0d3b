/// Group counts of every node of a tree, per (attribute, group) in concatenated order: leaves
/// `0..<n`, then one node per merge. The one place counts per node are made (fairness profile,
/// fair cut extent, tree export, dendrogram view).
public struct TreeComposition: Sendable {
    /// Number of (attribute, group) pairs.
    public let groupCount: Int
    /// Counts, `groupCount` per node id.
    public private(set) var counts: [Int]
    /// Size of each node.
    public private(set) var sizes: [Int]

    /// - Complexity: O(n m).
    public init(tree: Dendrogram, attributes: ProtectedAttributes) {
        let n = tree.leafCount, m = attributes.groupCount
        groupCount = m
        counts = [Int](repeating: 0, count: max(1, 2 * n - 1) * m)
        sizes = [Int](repeating: 1, count: max(1, 2 * n - 1))
        for i in 0..<min(n, attributes.count) { attributes.forEachColumn(of: i) { counts[i * m + $0] = 1 } }
        for (i, merge) in tree.merges.enumerated() {
            let id = n + i
            for l in 0..<m { counts[id * m + l] = counts[merge.a * m + l] + counts[merge.b * m + l] }
            sizes[id] = merge.size
        }
    }

    /// A tree whose leaves stand for several observations each (micro-clusters as the top level's
    /// leaves): leaf i has `leafSizes[i]` observations and the counts `leafCounts[i * groupCount ..< (i + 1) * groupCount]`.
    /// - Complexity: O(n m) for n leaves.
    public init(tree: Dendrogram, leafSizes: [Int], leafCounts: [Int], groupCount m: Int) {
        let n = tree.leafCount
        precondition(leafSizes.count == n && leafCounts.count == n * m)
        groupCount = m
        counts = [Int](repeating: 0, count: max(1, 2 * n - 1) * m)
        sizes = [Int](repeating: 1, count: max(1, 2 * n - 1))
        for i in 0..<(n * m) { counts[i] = leafCounts[i] }
        for i in 0..<n { sizes[i] = leafSizes[i] }
        for (i, merge) in tree.merges.enumerated() {
            let id = n + i
            for l in 0..<m { counts[id * m + l] = counts[merge.a * m + l] + counts[merge.b * m + l] }
            sizes[id] = sizes[merge.a] + sizes[merge.b]
        }
    }

    /// The counts of node `id`.
    public func counts(of id: Int) -> [Int] { Array(counts[(id * groupCount)..<((id + 1) * groupCount)]) }

    /// `cost(C) = max_(a,l) |p_(a,l) - rho_(a,l)|` of node `id` (the arithmetic of the merge loop).
    public func cost(of id: Int, ideal: [Double]) -> Double {
        var c = 0.0
        let size = Double(sizes[id])
        for l in 0..<groupCount { c = max(c, abs(Double(counts[id * groupCount + l]) / size - ideal[l])) }
        return c
    }
}
