/// The fast fair merge loop: Algorithm 1 on ``MergeState``.
///
/// Before each of the `n - k` fair merges the schedule gives `eps` and `dlt`; the rule
/// (``SelectionRule``) picks the pair with its fast scan (the near-pair rules scan only the rows
/// whose nearest-neighbour bound is within `dlt * d*`; `paper` scans every active pair in slot
/// order). Above `k` clusters' worth of merges, the tree is completed by the generic algorithm.
enum FairMergeLoop {
    struct Configuration {
        var k: Int
        var rule: SelectionRule
        var schedule: FairnessSchedule
        var scorer: PairScorer
        /// Rows x clusters below which a candidate scan stays on one thread.
        var minimumParallelWork = 1 << 16
        /// Most entries of a row's near list (``NearLists``); tests lower it to exercise rows
        /// that keep none.
        var nearListCapacity = NearLists.defaultCapacity
        /// A stop request, looked at every 64 merges.
        var cancellation: Cancellation?
    }

    /// The loop on a double-precision matrix (its values are copied only when shared).
    static func run<U: LinkageUpdate>(
        _ update: U.Type, matrix: DistanceMatrix, groups: ProtectedAttributes?, configuration c: Configuration,
        parallelism: Parallelism = .serial, leaves: WeightedLeaves? = nil, progress: (Int) -> Void = { _ in }
    ) -> [(Int, Int, Double)] {
        run(
            update, matrix: CondensedMatrix<Double>(count: matrix.count, values: matrix.condensed), groups: groups, configuration: c,
            parallelism: parallelism, leaves: leaves, progress: progress)
    }

    /// - Returns: merges as member pairs (slot indices) with working heights, in merge order.
    static func run<U: LinkageUpdate, S: MatrixScalar>(
        _ update: U.Type, matrix: consuming CondensedMatrix<S>, groups: ProtectedAttributes?, configuration c: Configuration,
        parallelism: Parallelism = .serial, leaves: WeightedLeaves? = nil, progress: (Int) -> Void = { _ in }
    ) -> [(Int, Int, Double)] {
        let n = matrix.count
        let state = MergeState<U, S>(
            matrix: consume matrix, groups: groups, nearLists: true, nearListCapacity: c.nearListCapacity, leaves: leaves)
        let m = state.groupCount
        let scorer = c.scorer
        let rule = c.rule.implementation
        var pairs: [(Int, Int, Double)] = []
        pairs.reserveCapacity(max(0, n - 1))
        // cost(C) of every slot.
        var cost = [Double](repeating: 0, count: n)
        state.groupCounts.withUnsafeBufferPointer { counts in
            for i in 0..<n { cost[i] = scorer.cost(counts, i, size: state.size[i]) }
        }
        let fairMerges = max(0, n - c.k)
        for step in 0..<fairMerges {
            let (eps, dlt) = c.schedule.tolerances(n: n, clusters: n - step, k: c.k)
            let picked = SelectionStep.withSlots(
                eps: eps, dlt: dlt, b: c.schedule.b, scorer: scorer, counts: state.groupCounts, sizes: state.size,
                costs: cost, parallelism: parallelism, minimumParallelWork: c.minimumParallelWork
            ) { rule.select(state, $0) }
            // No qualifying pair (only possible with non-finite distances): the closest pair.
            let chosen = picked ?? state.closestPair()
            pairs.append(chosen)
            state.merge(chosen.0, chosen.1, chosen.2)
            if m > 0 {
                state.groupCounts.withUnsafeBufferPointer { counts in
                    cost[chosen.1] = scorer.cost(counts, chosen.1, size: state.size[chosen.1])
                }
            }
            progress(step + 1)
            if (step + 1) & 63 == 0 && c.cancellation.stopRequested { return pairs }
        }
        state.stopNearLists()
        pairs += GenericLinkage.finish(state, mergesDone: fairMerges, cancellation: c.cancellation)
        return pairs
    }
}
