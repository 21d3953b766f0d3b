/// The fast fair merge loop: Algorithm 1 on ``MergeState``.
///
/// `window` and `gain` need only the pairs within `dlt * d*` of the closest pair: the rows whose
/// nearest-neighbour lower bound is within that limit are found in the heap and scanned, so a
/// merge costs O(rows near the minimum x active clusters) instead of a scan of every pair.
/// `paper` is sequential by definition: a full scan of the active pairs in slot order, with the
/// running-best test hoisted to one comparison per pair.
/// Above `k` clusters' worth of merges, the tree is completed by the generic algorithm.
enum FairMergeLoop {
    struct Configuration {
        var k: Int
        var rule: SelectionRule
        var paperVariant: PaperVariant
        var schedule: FairnessSchedule
        var scorer: PairScorer
        /// Rows x clusters below which a candidate scan stays on one thread.
        var minimumParallelWork = 1 << 16
    }

    /// - Returns: merges as member pairs (slot indices) with working heights, in merge order.
    static func run<U: LinkageUpdate>(
        _ update: U.Type, matrix: consuming DistanceMatrix, groups: GroupAssignment, configuration c: Configuration,
        parallelism: Parallelism = .serial, progress: (Int) -> Void = { _ in }
    ) -> [(Int, Int, Double)] {
        let n = matrix.count
        let state = MergeState<U>(matrix: consume matrix, groups: groups)
        let m = state.groupCount
        let scorer = c.scorer
        var pairs: [(Int, Int, Double)] = []
        pairs.reserveCapacity(n - 1)
        // cost(C) of every slot, kept for the gain rule.
        var cost = [Double](repeating: 0, count: n)
        state.groupCounts.withUnsafeBufferPointer { counts in
            for i in 0..<n { cost[i] = scorer.cost(counts.baseAddress!, i, size: 1) }
        }
        let fairMerges = max(0, n - c.k)
        for step in 0..<fairMerges {
            let (eps, dlt) = c.schedule.tolerances(n: n, clusters: n - step, k: c.k)
            var chosen = (a: -1, b: -1, d: 0.0)
            state.groupCounts.withUnsafeBufferPointer { cb in
                let counts = cb.baseAddress!
                switch c.rule {
                case .window, .gain:
                    let (_, _, dStar) = state.closestPair()
                    let limit = scorer.multiplicativeLimit(dStar, dlt: dlt)
                    let isWindow = c.rule == .window
                    let best = state.size.withUnsafeBufferPointer { size in
                        cost.withUnsafeBufferPointer { cost in
                            // S never exceeds m, so once a pair keeps every group fair, farther rows cannot win.
                            state.bestPair(
                                within: limit, parallelism: parallelism, maxScore: isWindow ? Double(m) : nil,
                                minimumParallelWork: c.minimumParallelWork
                            ) { a, b in
                                let s = size[a] + size[b]
                                return isWindow
                                    ? Double(scorer.keptFair(counts, a, b, size: s, eps: eps))
                                    : scorer.gain(counts, a, b, costA: cost[a], costB: cost[b], size: s)
                            }
                        }
                    }
                    chosen = (best.a, best.b, best.distance)
                case .paper:
                    var bestS = 0
                    var dMin = Double.infinity, limit = Double.infinity
                    let variant = c.paperVariant
                    state.size.withUnsafeBufferPointer { size in
                        state.forEachActivePair { a, b, dist in
                            // No acceptance is possible above both limits.
                            if dist > limit && !(dist < dMin) { return }
                            let s = scorer.keptFair(counts, a, b, size: size[a] + size[b], eps: eps)
                            let accept: Bool
                            switch variant {
                            case .literal, .additive: accept = s >= bestS && dist <= limit
                            case .strict: accept = (s > bestS && dist <= limit) || (s == bestS && dist < dMin)
                            }
                            if accept {
                                bestS = s
                                dMin = dist
                                limit = variant == .additive
                                    ? scorer.additiveLimit(dist, dlt: dlt) : scorer.multiplicativeLimit(dist, dlt: dlt)
                                chosen = (a, b, dist)
                            }
                        }
                    }
                }
            }
            pairs.append((chosen.a, chosen.b, chosen.d))
            state.merge(chosen.a, chosen.b, chosen.d)
            if m > 0 {
                state.groupCounts.withUnsafeBufferPointer { counts in
                    cost[chosen.b] = scorer.cost(counts.baseAddress!, chosen.b, size: state.size[chosen.b])
                }
            }
            progress(step + 1)
        }
        pairs += GenericLinkage.finish(state, mergesDone: fairMerges)
        return pairs
    }
}
