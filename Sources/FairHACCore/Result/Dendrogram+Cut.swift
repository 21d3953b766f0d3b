extension Dendrogram {
    /// Cluster labels for exactly `k` clusters, made by applying the first `n - k` merges in
    /// merge order (never by cutting at a height, which is ill-defined when heights go down).
    ///
    /// Clusters are numbered `0..<k` in the order of their first observation, so the labels are
    /// the same for the same partition whatever the merge ids.
    /// - Complexity: O(n α(n)).
    public func labels(clusterCount k: Int) throws -> [Int] {
        guard k >= 1, k <= leafCount else {
            throw ClusteringError.invalidInput("the number of clusters k must be between 1 and n = \(leafCount); got \(k)")
        }
        let n = leafCount
        var sets = UnionFind(count: 2 * n - 1)
        for (i, m) in merges.prefix(n - k).enumerated() {
            let ra = sets.find(m.a), rb = sets.find(m.b)
            let r = sets.union(ra, rb)
            let rn = sets.find(n + i)
            if rn != r { sets.union(r, rn) }
        }
        var labelOfRoot = [Int: Int]()
        var labels = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let r = sets.find(i)
            if let l = labelOfRoot[r] {
                labels[i] = l
            } else {
                let l = labelOfRoot.count
                labelOfRoot[r] = l
                labels[i] = l
            }
        }
        return labels
    }

    /// Sizes of the `k` clusters of ``labels(clusterCount:)``, by label.
    public func clusterSizes(clusterCount k: Int) throws -> [Int] {
        FairHACCore.clusterSizes(labels: try labels(clusterCount: k), clusterCount: k)
    }
}
