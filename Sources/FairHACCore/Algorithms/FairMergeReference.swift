/// The reference fair merge loop: Algorithm 1 written as the spec states it, on a dense matrix,
/// each rule's reference scan visiting every pair at every merge. O(m n^3); for tests.
///
/// It shares with the fast loop only the one-line pieces that define the arithmetic (the
/// Lance–Williams rules and ``PairScorer``), so both produce bit-identical values.
enum FairMergeReference {
    static func run(
        linkage: Linkage, matrix: DistanceMatrix, groups: ProtectedAttributes?, configuration c: FairMergeLoop.Configuration,
        leaves: WeightedLeaves? = nil
    ) -> [(Int, Int, Double)] {
        let n = matrix.count
        let m = leaves?.groupCount ?? groups?.groupCount ?? 0
        var D = (0..<n).map { i in (0..<n).map { j in matrix[i, j] } }
        var size = leaves?.sizes ?? [Double](repeating: 1, count: n)
        var alive = [Bool](repeating: true, count: n)
        var counts = [Int32](repeating: 0, count: n * m)
        if let leaves {
            counts = leaves.counts
        } else {
            for i in 0..<n { groups?.forEachColumn(of: i) { counts[i * m + $0] = 1 } }
        }
        let scorer = c.scorer
        var pairs: [(Int, Int, Double)] = []

        for step in 0..<max(0, n - 1) {
            let clusters = n - step
            let view = ReferenceView(D: D, alive: alive)
            var chosen: (Int, Int)?
            if clusters > c.k {
                let (eps, dlt) = c.schedule.tolerances(n: n, clusters: clusters, k: c.k)
                // cost(C) of every slot, from scratch.
                let cost = counts.withUnsafeBufferPointer { cb in
                    (0..<n).map { a in alive[a] ? scorer.cost(cb, a, size: size[a]) : 0 }
                }
                chosen = SelectionStep.withSlots(
                    eps: eps, dlt: dlt, b: c.schedule.b, scorer: scorer, counts: counts, sizes: size, costs: cost,
                    parallelism: .serial, minimumParallelWork: .max
                ) { c.rule.implementation.referenceSelect(view, $0) }
            }
            if chosen == nil {
                // Above k (or no qualifying pair): plain linkage, the closest pair, the first in slot order on ties.
                var best = Double.infinity
                view.forEachPair { a, b, d in
                    if d < best || chosen == nil {
                        best = d
                        chosen = (a, b)
                    }
                }
            }
            guard let (a, b) = chosen else { break }
            let dab = D[a][b]
            pairs.append((a, b, dab))
            for z in 0..<n where alive[z] && z != a && z != b {
                let v = linkage.merged(
                    dAK: D[a][z], dBK: D[b][z], dAB: dab, sizeA: Int(size[a]), sizeB: Int(size[b]), sizeK: Int(size[z]))
                D[b][z] = v
                D[z][b] = v
            }
            size[b] += size[a]
            size[a] = 0
            alive[a] = false
            for l in 0..<m { counts[b * m + l] += counts[a * m + l] }
        }
        return pairs
    }
}
