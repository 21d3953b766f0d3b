extension Observations {
    /// The number of distinct rows (rows equal in every feature count once): what the summarised
    /// form can make micro-clusters of, since identical rows always share one.
    ///
    /// For messages about data with few distinct points; it sorts the row indices, so it is not
    /// for hot paths.
    /// - Complexity: O(n log n d) time, O(n) memory.
    public func distinctRowCount() -> Int {
        guard count > 1 else { return count }
        let d = dimension
        var order = Array(0..<count)
        values.withUnsafeBufferPointer { xs in
            func less(_ a: Int, _ b: Int) -> Bool {
                for j in 0..<d where xs[a * d + j] != xs[b * d + j] { return xs[a * d + j] < xs[b * d + j] }
                return false
            }
            order.sort(by: less)
        }
        var distinct = 1
        values.withUnsafeBufferPointer { xs in
            for p in 1..<count {
                let a = order[p - 1] * d, b = order[p] * d
                if (0..<d).contains(where: { xs[a + $0] != xs[b + $0] }) { distinct += 1 }
            }
        }
        return distinct
    }
}
