/// Single linkage by Prim's minimum spanning tree (Rohlf 1973; as in fastcluster and scipy).
///
/// Works straight from the feature vectors, computing each distance when it is needed, so it
/// needs O(n d) memory instead of a distance matrix; or from a precomputed matrix.
/// The merges it records join the previously added point and the newly added one: with the
/// union-find labelling and the sort by height this gives the single-linkage dendrogram.
enum MinimumSpanningTree {
    /// - Complexity: O(n^2 d) time, O(n d) memory; the scan of each step is split over threads.
    /// Below this many candidates, one thread does the scan (dispatch costs more).
    static let parallelThreshold = 4096

    static func singleLinkage(
        _ x: Observations, metric: Metric, parallelism: Parallelism, parallelThreshold: Int = parallelThreshold,
        progress: MergeProgress? = nil, cancellation: Cancellation? = nil
    ) throws -> [(Int, Int, Double)] {
        try x.checkDistanceRange()
        let n = x.count, d = x.dimension
        // Compare squared Euclidean distances and take one square root per merge.
        let squaredScan = metric == .euclidean
        let scanMetric: Metric = squaredScan ? .sqeuclidean : metric
        let norms = metric == .cosine ? try x.rowNorms() : [Double](repeating: 1, count: n)
        return x.values.withUnsafeBufferPointer { xs in
            norms.withUnsafeBufferPointer { nb in
                prim(n: n, parallelism: parallelism, parallelThreshold: parallelThreshold, progress: progress, cancellation: cancellation) { from, count, candidates, best in
                    let base = xs.baseAddress!
                    let u = base + from * d
                    if scanMetric == .sqeuclidean {
                        // The hot case, with the switch hoisted and four partial sums.
                        for p in 0..<count {
                            let v = squaredEuclideanLanes(u, base + Int(candidates[p]) &* d, d)
                            if v < best[p] { best[p] = v }
                        }
                        return
                    }
                    let nu = nb[from]
                    for p in 0..<count {
                        let j = Int(candidates[p])
                        let v = scanMetric.distance(u, base + j * d, dimension: d, normU: nu, normV: nb[j])
                        if v < best[p] { best[p] = v }
                    }
                }
            }
        }.map { squaredScan ? ($0.0, $0.1, $0.2.squareRoot()) : $0 }
    }

    /// Single linkage on a precomputed condensed matrix.
    static func singleLinkage(
        _ dm: DistanceMatrix, parallelism: Parallelism, parallelThreshold: Int = parallelThreshold,
        progress: MergeProgress? = nil, cancellation: Cancellation? = nil
    ) -> [(Int, Int, Double)] {
        let n = dm.count
        let layout = CondensedLayout(count: n)
        return dm.condensed.withUnsafeBufferPointer { c in
            layout.withRows { base in
                prim(n: n, parallelism: parallelism, parallelThreshold: parallelThreshold, progress: progress, cancellation: cancellation) { from, count, candidates, best in
                    let rowBase = base[from]
                    for p in 0..<count {
                        let j = Int(candidates[p])
                        let v = j > from ? c[rowBase &+ j] : c[base[j] &+ from]
                        if v < best[p] { best[p] = v }
                    }
                }
            }
        }
    }

    /// Prim's loop. `relax(from, count, candidates, best)` lowers `best[p]` to the distance
    /// between `from` and `candidates[p]` for `p < count`.
    private static func prim(
        n: Int, parallelism: Parallelism, parallelThreshold: Int, progress: MergeProgress?, cancellation: Cancellation?,
        relax: (Int, Int, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Double>) -> Void
    ) -> [(Int, Int, Double)] {
        guard n > 1 else { return [] }
        var candidates = (1..<n).map { Int32($0) }
        var best = [Double](repeating: .infinity, count: n - 1)
        var pairs: [(Int, Int, Double)] = []
        pairs.reserveCapacity(n - 1)
        let threads = parallelism.threads
        candidates.withUnsafeMutableBufferPointer { cb in
            best.withUnsafeMutableBufferPointer { bb in
                let cand = cb.baseAddress!, dist = bb.baseAddress!
                var from = 0
                var remaining = n - 1
                // Splits each step's scan when that pays (timed, see AdaptiveSplit).
                var split = AdaptiveSplit(threads: threads, minimumWork: parallelThreshold)
                while remaining > 0 {
                    var nearest = ArgMin.empty
                    split.run(work: remaining) { parts in
                        nearest = ArgMin.split(count: remaining, parts: parts) { range in
                            var best = ArgMin.empty
                            guard !range.isEmpty else { return best }
                            relax(from, range.count, cand + range.lowerBound, dist + range.lowerBound)
                            for p in range { best.consider(dist[p], at: p) }
                            return best
                        }
                    }
                    if nearest.isEmpty { nearest = ArgMin(value: dist[0], index: 0) }  // only reachable with NaN input
                    let at = nearest.index, m = nearest.value
                    let next = Int(cand[at])
                    pairs.append((from, next, m))
                    if let progress, pairs.count & 255 == 0 || pairs.count == n - 1 { progress(pairs.count, n - 1) }
                    if pairs.count & 255 == 0 && cancellation.stopRequested { break }
                    // Keep the candidates in increasing order, so exact ties go to the lowest index.
                    let tail = remaining - at - 1
                    if tail > 0 {
                        (cand + at).update(from: cand + at + 1, count: tail)
                        (dist + at).update(from: dist + at + 1, count: tail)
                    }
                    remaining -= 1
                    from = next
                }
            }
        }
        return pairs
    }
}
