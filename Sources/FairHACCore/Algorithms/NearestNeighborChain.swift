/// The nearest-neighbour chain algorithm (Murtagh 1983), for the reducible linkages: complete,
/// average, weighted, ward (and single, though the spanning tree is faster for it).
///
/// It follows a chain of nearest neighbours until two clusters are each other's nearest
/// neighbour, merges them, and goes on from the rest of the chain. Reducibility guarantees the
/// result equals merging the globally closest pair each time. The merges come out in chain
/// order; they are sorted by height afterwards, as scipy does.
///
/// One driver, ``chain(_:count:progress:cancellation:)``, runs in either space (``ChainSpace``):
/// the condensed matrix (``run(_:matrix:parallelism:parallelThreshold:initialSizes:progress:cancellation:)``)
/// or ward's centroids (``wardVectors(_:parallelism:parallelThreshold:initialSizes:progress:cancellation:)``).
/// Tie rules, in one place: a scan returns the lowest slot on exact ties (``ArgMin``); the
/// previous chain element wins ties, so the chain closes; the merged cluster takes the larger
/// slot.
enum NearestNeighborChain {
    /// Below this many active clusters, one thread does the matrix form's work (dispatch costs
    /// more).
    static let parallelThreshold = 6000

    /// Runs the chain in `space` over slots `0..<n` until one cluster is left (or a stop is
    /// requested, looked at every 256 merges).
    /// - Returns: merges as member pairs `(lo, hi)`, `lo < hi`, with *working* heights, in chain
    ///   order.
    /// - Complexity: O(n) calls of ``ChainSpace/nearest(_:among:)`` per merge in the worst
    ///   case, O(n) in all amortised (every chain element is pushed once per merge it leads to).
    static func chain<Space: ChainSpace>(
        _ space: inout Space, count n: Int, progress: MergeProgress? = nil, cancellation: Cancellation? = nil
    ) -> [(Int, Int, Double)] {
        guard n > 1 else { return [] }
        var pairs: [(Int, Int, Double)] = []
        pairs.reserveCapacity(n - 1)
        var active = ActiveSlots(count: n)
        var chain = [Int]()
        chain.reserveCapacity(n)
        while pairs.count < n - 1 {
            if pairs.count & 255 == 255 && cancellation.stopRequested { break }
            if chain.isEmpty { chain.append(active[0]) }
            var x = 0, y = 0, best = 0.0
            while true {
                x = chain[chain.count - 1]
                let found = active.withView { space.nearest(x, among: $0) }
                (y, best) = (found.index, found.value)
                // The previous chain element wins ties: the chain must close.
                if chain.count >= 2 {
                    let prev = chain[chain.count - 2]
                    let dPrev = space.distance(x, prev)
                    if dPrev <= best || y < 0 {
                        y = prev
                        best = dPrev
                        break
                    }
                }
                if y < 0 { y = active[x == active[0] ? 1 : 0] }  // only with NaN input
                chain.append(y)
            }
            chain.removeLast(2)
            let lo = min(x, y), hi = max(x, y)
            pairs.append((lo, hi, best))
            if let progress, pairs.count & 255 == 0 || pairs.count == n - 1 { progress(pairs.count, n - 1) }
            active.withView { space.merge(lo, hi, at: best, active: $0) }
            active.remove(lo)
        }
        return pairs
    }

    /// The chain on a condensed matrix, updated in place by `update`'s Lance–Williams formula.
    ///
    /// While many clusters are active, each nearest-neighbour scan and each update is split
    /// across threads (the scans are bound by memory latency down the matrix's columns, which
    /// two cores overlap).
    /// - Parameter initialSizes: the number of observations each row stands for (all 1 unless
    ///   the rows are already clusters, as AFHAC's fairlets are).
    /// - Returns: merges as member pairs with *working* heights.
    /// - Complexity: O(n^2) time; no memory beyond the matrix and O(n).
    static func run<U: LinkageUpdate, S: MatrixScalar>(
        _ update: U.Type, matrix: inout CondensedMatrix<S>, parallelism: Parallelism = .serial,
        parallelThreshold: Int = parallelThreshold, initialSizes: [Double]? = nil, progress: MergeProgress? = nil,
        cancellation: Cancellation? = nil
    ) -> [(Int, Int, Double)] {
        let n = matrix.count
        guard n > 1 else { return [] }
        let layout = CondensedLayout(count: n)
        return matrix.values.withUnsafeMutableBufferPointer { d in
            layout.withRows { rows in
                var space = MatrixChainSpace<U, S>(
                    matrix: d, rows: rows, sizes: initialSizes ?? [Double](repeating: 1, count: n),
                    threads: max(1, min(parallelism.threads, 8)), parallelThreshold: parallelThreshold)
                return chain(&space, count: n, progress: progress, cancellation: cancellation)
            }
        }
    }

    /// ``run(_:matrix:parallelism:parallelThreshold:initialSizes:progress:cancellation:)`` on a
    /// double-precision matrix, updated in place.
    static func run<U: LinkageUpdate>(
        _ update: U.Type, matrix: inout DistanceMatrix, parallelism: Parallelism = .serial,
        parallelThreshold: Int = parallelThreshold, initialSizes: [Double]? = nil, progress: MergeProgress? = nil,
        cancellation: Cancellation? = nil
    ) -> [(Int, Int, Double)] {
        var working = CondensedMatrix<Double>(count: matrix.count, values: matrix.takeCondensed())
        defer { matrix.condensed = working.values }
        return run(
            update, matrix: &working, parallelism: parallelism, parallelThreshold: parallelThreshold, initialSizes: initialSizes,
            progress: progress, cancellation: cancellation)
    }
}
