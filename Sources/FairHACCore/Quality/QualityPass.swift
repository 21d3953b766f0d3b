/// The quality metrics of a clustering in one pass over the pairwise distances (issue 12): the
/// silhouette of its k-partition and the objectives of its tree and of the random trees of the
/// baseline.
///
/// Computed separately, the silhouette evaluates every distance once per point and each tree
/// every pair's distance again, 4 n^2 distances in all with 5 random trees. Here each point's
/// row of distances to all points is computed once (the features column-major, so that the
/// arithmetic runs across points in SIMD lanes; each distance sums its coordinates in the same
/// order as ``squaredEuclidean(_:_:_:)``, so the silhouette is bit-identical to
/// ``Silhouette/score(_:labels:parallelism:)``) and then feeds:
/// - the silhouette sums of that point;
/// - every tree, by a walk along the tree's leaf order: with the leaves in that order, the
///   lowest common ancestor of the leaves at positions p < q is the largest of the merges that
///   join neighbours between p and q, so one running maximum of those merges' sizes gives
///   `|lca(i, j)|` for every leaf after `i`'s position, and each pair is counted once.
///
/// The tree objectives equal ``TreeObjectives/init(tree:observations:)`` up to the order of the
/// additions (relative differences of order 1e-15); rows are summed in fixed blocks, so the
/// results do not depend on the number of threads.
public enum QualityPass {
    /// What the pass gives.
    public struct Result: Sendable, Equatable {
        /// Silhouette of the k-partition; `nil` when undefined (fewer than 2 or more than n - 1
        /// non-empty clusters).
        public var silhouette: Double?
        /// The objectives of the tree.
        public var tree: TreeObjectives
        /// The mean objectives of the random trees (seeds `0..<seeds`, as
        /// ``TreeObjectives/randomTreeBaseline(observations:seeds:parallelism:)``).
        public var baseline: TreeObjectives
    }

    /// Rows per block of partial sums.
    static let blockRows = 32

    /// - Parameters:
    ///   - labels: the k-partition's cluster of each observation (as for ``Silhouette``).
    ///   - seeds: random trees in the baseline.
    /// - Complexity: Theta(n^2 d) arithmetic for the distances and Theta((1 + seeds) n^2 / 2)
    ///   steps of the walks; O((seeds + threads) n) memory.
    public static func evaluate(
        tree: Dendrogram, labels: [Int], observations x: Observations, seeds: Int = 5, parallelism: Parallelism = .allCores
    ) -> Result {
        let n = x.count, d = x.dimension
        precondition(tree.leafCount == n && labels.count == n)
        let trees = [tree] + TreeObjectives.randomTrees(n: n, seeds: seeds)
        let walks = trees.map(LeafWalk.init)
        let clusterSizes = try? Silhouette.clusterSizes(labels, n: n)
        let k = clusterSizes?.count ?? 0
        // Column-major features: coordinate c of point j at columns[c * n + j].
        var columns = [Double](repeating: 0, count: n * d)
        for i in 0..<n {
            for c in 0..<d { columns[c * n + i] = x.values[i * d + c] }
        }
        // The points by cluster (increasing index within each), so that each silhouette sum is
        // one run of additions in the order of the separate computation.
        var byCluster = [Int32](repeating: 0, count: n)
        var clusterStart = [Int](repeating: 0, count: k + 1)
        if let clusterSizes {
            for c in 0..<k { clusterStart[c + 1] = clusterStart[c] + clusterSizes[c] }
            var fill = clusterStart
            for j in 0..<n {
                byCluster[fill[labels[j]]] = Int32(j)
                fill[labels[j]] += 1
            }
        }
        // Per block: for each tree (Dasgupta cost, revenue, value), then sum d_ij and sum w_ij
        // over ordered pairs (halved at the end).
        let stride = 3 * trees.count + 2
        let blocks = (n + blockRows - 1) / blockRows
        var partial = [Double](repeating: 0, count: blocks * stride)
        var pointScores = [Double](repeating: 0, count: n)
        let threads = min(parallelism.threads, max(1, blocks))
        let nD = Double(n)
        columns.withUnsafeBufferPointer { cols in
            x.values.withUnsafeBufferPointer { xs in
                byCluster.withUnsafeBufferPointer { members in
                    partial.withUnsafeMutableBufferPointer { partialOut in
                        pointScores.withUnsafeMutableBufferPointer { scoreOut in
                            Parallelism(threads: threads).run { t in
                                // Four rows at a time: their distances in the lanes of a SIMD4 per
                                // point, then each row on its own for the walks.
                                var quad = [SIMD4<Double>](repeating: .zero, count: n)
                                var rows = [SIMD2<Double>](repeating: .zero, count: 4 * n)
                                var clusterSums = [SIMD4<Double>](repeating: .zero, count: k)
                                var sums = [Double](repeating: 0, count: k)
                                var acc = [Double](repeating: 0, count: stride)
                                var block = t
                                while block < blocks {
                                    for s in 0..<stride { acc[s] = 0 }
                                    var first = block * blockRows
                                    let end = min(n, (block + 1) * blockRows)
                                    while first < end {
                                        let lanes = min(4, end - first)
                                        quad.withUnsafeMutableBufferPointer { q in
                                            rows.withUnsafeMutableBufferPointer { rw in
                                                do {
                                                    let (dRow, wRow) = distanceRows(
                                                        first, lanes: lanes, xs.baseAddress!, cols.baseAddress!, n: n, d: d,
                                                        quad: q.baseAddress!, rows: rw.baseAddress!)
                                                    for l in 0..<lanes {
                                                        acc[stride - 2] += dRow[l]
                                                        acc[stride - 1] += wRow[l]
                                                    }
                                                    if let clusterSizes {
                                                        for c in 0..<k {
                                                            var s4 = SIMD4<Double>.zero
                                                            for p in clusterStart[c]..<clusterStart[c + 1] { s4 += q[Int(members[p])] }
                                                            clusterSums[c] = s4
                                                        }
                                                        // A point's distance to itself is +0 and leaves its sum as it was.
                                                        for l in 0..<lanes {
                                                            for c in 0..<k { sums[c] = clusterSums[c][l] }
                                                            scoreOut[first + l] = Silhouette.pointScore(sums, own: labels[first + l], size: clusterSizes)
                                                        }
                                                    }
                                                    for l in 0..<lanes {
                                                        for (ti, walk) in walks.enumerated() {
                                                            let (cost, revenue, value) = walk.sums(
                                                                from: first + l, n: nD, row: rw.baseAddress! + l * n)
                                                            acc[3 * ti] += cost
                                                            acc[3 * ti + 1] += revenue
                                                            acc[3 * ti + 2] += value
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                        first += lanes
                                    }
                                    for s in 0..<stride { partialOut[block * stride + s] = acc[s] }
                                    block += threads
                                }
                            }
                        }
                    }
                }
            }
        }
        // Blocks summed in order: the same result on any number of threads.
        var total = [Double](repeating: 0, count: stride)
        for b in 0..<blocks {
            for s in 0..<stride { total[s] += partial[b * stride + s] }
        }
        let objectives = (0..<trees.count).map { ti in
            TreeObjectives(
                leafCount: n, dasguptaCost: total[3 * ti], revenue: total[3 * ti + 1], value: total[3 * ti + 2],
                distanceSum: total[stride - 2] / 2, similaritySum: total[stride - 1] / 2)
        }
        let silhouette = clusterSizes.map { _ in pointScores.reduce(0, +) / Double(n) }
        return Result(silhouette: silhouette, tree: objectives[0], baseline: TreeObjectives.mean(of: Array(objectives.dropFirst())))
    }

    /// The distances of rows `first ..< first + lanes` (at most 4) to every point: `quad[j]` holds
    /// them in its lanes, and `rows[l * n + j]` each row's (distance, similarity `1 / (1 + d)`). Each distance sums its coordinates in increasing order, as
    /// ``squaredEuclidean(_:_:_:)``, so it is bit-identical to it.
    /// - Returns: per lane, the sums of the distances and of the similarities to the other points.
    @inline(__always)
    private static func distanceRows(
        _ first: Int, lanes: Int, _ xs: UnsafePointer<Double>, _ columns: UnsafePointer<Double>, n: Int, d: Int,
        quad: UnsafeMutablePointer<SIMD4<Double>>, rows: UnsafeMutablePointer<SIMD2<Double>>
    ) -> (SIMD4<Double>, SIMD4<Double>) {
        for j in 0..<n { quad[j] = .zero }
        for c in 0..<d {
            var u = SIMD4<Double>.zero
            for l in 0..<lanes { u[l] = xs[(first + l) * d + c] }
            let col = columns + c * n
            for j in 0..<n {
                let t = u - SIMD4(repeating: col[j])
                quad[j] += t * t
            }
        }
        var dSum = SIMD4<Double>.zero, wSum = SIMD4<Double>.zero
        for j in 0..<n {
            let v = quad[j].squareRoot()
            quad[j] = v
            let s = 1 / (1 + v)
            dSum += v
            wSum += s
            for l in 0..<lanes { rows[l * n + j] = SIMD2(v[l], s[l]) }
        }
        // The similarity of a point to itself (1) is not a pair's.
        return (dSum, wSum - 1)
    }
}

/// A tree's leaves in its order, for the walks of ``QualityPass``: `order[q]` is the leaf at
/// position `q`, `position[i]` leaf `i`'s position, and `joinSize[q]` the size of the merge that
/// joins the leaves at positions `q` and `q + 1` (their lowest common ancestor).
struct LeafWalk: Sendable {
    let order: [Int32]
    let position: [Int32]
    let joinSize: [Double]

    init(_ tree: Dendrogram) {
        let n = tree.leafCount
        // Members of each node as a linked list over the leaves (head, tail, next); a merge links
        // the tail of its first child to the head of its second and records its size there.
        var head = Array(0..<max(1, 2 * n - 1)), tail = head
        var next = [Int](repeating: -1, count: n)
        var linkSize = [Double](repeating: 0, count: n)
        for (step, m) in tree.merges.enumerated() {
            next[tail[m.a]] = head[m.b]
            linkSize[tail[m.a]] = Double(m.size)
            head[n + step] = head[m.a]
            tail[n + step] = tail[m.b]
        }
        var order = [Int32](repeating: 0, count: n)
        var position = [Int32](repeating: 0, count: n)
        var joinSize = [Double](repeating: 0, count: n)
        var leaf = n > 0 ? head[n > 1 ? 2 * n - 2 : 0] : -1
        var q = 0
        while leaf >= 0 && q < n {
            order[q] = Int32(leaf)
            position[leaf] = Int32(q)
            joinSize[q] = linkSize[leaf]
            leaf = next[leaf]
            q += 1
        }
        self.order = order
        self.position = position
        self.joinSize = joinSize
    }

    /// Over the leaves `j` after leaf `i` in this order: `sum |lca| w_ij`, `sum (n - |lca|) w_ij`
    /// and `sum |lca| d_ij` (two interleaved partial sums each, for speed), where `row[j]` is
    /// `(d_ij, w_ij)`.
    @inline(__always)
    func sums(from i: Int, n: Double, row: UnsafePointer<SIMD2<Double>>) -> (Double, Double, Double) {
        order.withUnsafeBufferPointer { order in
            joinSize.withUnsafeBufferPointer { join in
                // Two interleaved sets of partial sums (cost, revenue, value).
                var even = SIMD4<Double>.zero, odd = SIMD4<Double>.zero
                var size = 0.0
                let count = order.count
                var q = Int(position[i]) + 1
                @inline(__always)
                func add(_ q: Int, _ sums: inout SIMD4<Double>) {
                    size = max(size, join[q - 1])
                    let p = row[Int(order[q])]
                    sums.x += size * p.y
                    sums.y += (n - size) * p.y
                    sums.z += size * p.x
                }
                while q + 1 < count {
                    add(q, &even)
                    add(q + 1, &odd)
                    q += 2
                }
                if q < count { add(q, &even) }
                return (even.x + odd.x, even.y + odd.y, even.z + odd.z)
            }
        }
    }
}
