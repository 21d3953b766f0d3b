/// The generic algorithm (Müllner 2011, "Modern hierarchical, agglomerative clustering
/// algorithms", figure 3), for every linkage and the only exact fast one for centroid and
/// median, whose inversions break the chain algorithm.
///
/// Each step merges the globally closest pair (see ``MergeState``); exact ties go to the
/// lexicographically smallest pair of slots `(a, b)`, `a < b`. The merged cluster takes slot `b`.
enum GenericLinkage {
    /// - Returns: merges as member pairs with *working* heights, in merge order.
    /// - Complexity: O(n^2 log n) worst case, close to O(n^2) in practice; O(n) extra memory.
    static func run<U: LinkageUpdate, S: MatrixScalar>(
        _ update: U.Type, matrix: consuming CondensedMatrix<S>, initialSizes: [Double]? = nil, progress: MergeProgress? = nil,
        cancellation: Cancellation? = nil
    ) -> [(Int, Int, Double)] {
        guard matrix.count > 1 else { return [] }
        let state = MergeState<U, S>(
            matrix: consume matrix, leaves: initialSizes.map { WeightedLeaves(sizes: $0, counts: [], groupCount: 0) })
        return finish(state, mergesDone: 0, progress: progress, cancellation: cancellation)
    }

    /// ``run(_:matrix:initialSizes:progress:cancellation:)`` on a double-precision matrix.
    static func run<U: LinkageUpdate>(_ update: U.Type, matrix: DistanceMatrix) -> [(Int, Int, Double)] {
        run(update, matrix: CondensedMatrix<Double>(count: matrix.count, values: matrix.condensed))
    }

    /// Completes the tree from `state` by plain closest-pair merges.
    static func finish<U: LinkageUpdate, S: MatrixScalar>(
        _ state: MergeState<U, S>, mergesDone: Int, progress: MergeProgress? = nil, cancellation: Cancellation? = nil
    ) -> [(Int, Int, Double)] {
        var pairs: [(Int, Int, Double)] = []
        pairs.reserveCapacity(state.n - 1 - mergesDone)
        let total = state.n - 1
        for step in mergesDone..<total {
            let (a, b, dist) = state.closestPair()
            pairs.append((a, b, dist))
            state.merge(a, b, dist)
            if let progress, (step + 1) & 255 == 0 || step + 1 == total { progress(step + 1, total) }
            if (step + 1) & 255 == 0 && cancellation.stopRequested { break }
        }
        return pairs
    }
}
