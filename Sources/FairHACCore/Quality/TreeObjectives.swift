import Dispatch

/// Objectives of a whole tree, each a sum over pairs of points weighted by the size of the
/// subtree where the pair is first joined (`|lca(i, j)|`):
/// - Dasgupta cost (Dasgupta 2016), lower is better: `sum w_ij |lca(i,j)|`;
/// - Moseley–Wang revenue (2017), higher is better: `sum w_ij (n - |lca(i,j)|)`;
/// - Cohen-Addad value (2018), higher is better: `sum d_ij |lca(i,j)|`;
/// with Euclidean distances `d_ij` on the features and similarities `w_ij = 1 / (1 + d_ij)`.
public struct TreeObjectives: Sendable, Equatable {
    public var dasguptaCost: Double
    public var revenue: Double
    public var value: Double
    /// `sum d_ij` and `sum w_ij` over all pairs (for the upper bounds).
    public var distanceSum: Double
    public var similaritySum: Double

    /// Upper bound of the value: `n * sum d_ij`.
    public var valueUpperBound: Double { Double(leafCount) * distanceSum }
    /// Upper bound of the revenue: `(n - 2) * sum w_ij`.
    public var revenueUpperBound: Double { Double(leafCount - 2) * similaritySum }
    public let leafCount: Int

    /// Walks the merges once: each merge of clusters A and B contributes its size times the sums
    /// over the |A| |B| pairs it joins, so every pair is visited exactly once.
    /// - Complexity: Theta(n^2 d) time, O(n) memory.
    public init(tree: Dendrogram, observations x: Observations) {
        precondition(x.count == tree.leafCount)
        let d = x.dimension
        self = x.values.withUnsafeBufferPointer { xs in
            let base = xs.baseAddress!
            return Self(tree: tree) { i, j in squaredEuclidean(base + i * d, base + j * d, d).squareRoot() }
        }
    }

    /// The objectives of an n-ary tree given by its binarised form: `lcaSizes[i]` is the size of
    /// the real node merge `i` belongs to (``NaryTree/realSizesPerMerge()``), so a pair first
    /// joined by a helper merge is weighted by its real node's size (spec section 11).
    /// - Complexity: Theta(n^2 d) time, O(n) memory.
    public init(tree: Dendrogram, observations x: Observations, lcaSizes: [Int]) {
        precondition(x.count == tree.leafCount && lcaSizes.count == tree.merges.count)
        let d = x.dimension
        self = x.values.withUnsafeBufferPointer { xs in
            let base = xs.baseAddress!
            return Self(tree: tree, lcaSizes: lcaSizes) { i, j in squaredEuclidean(base + i * d, base + j * d, d).squareRoot() }
        }
    }

    /// The same objectives from precomputed Euclidean distances of the features (bit-identical
    /// to ``init(tree:observations:)``: the same distances summed in the same order).
    /// - Complexity: Theta(n^2) time, O(n) memory.
    public init(tree: Dendrogram, distances: DistanceMatrix) {
        precondition(distances.count == tree.leafCount)
        let n = tree.leafCount
        self = distances.condensed.withUnsafeBufferPointer { c in
            Self(tree: tree) { i, j in i < j ? c[DistanceMatrix.index(i, j, count: n)] : c[DistanceMatrix.index(j, i, count: n)] }
        }
    }

    /// Objectives from their sums (``QualityPass``).
    init(leafCount: Int, dasguptaCost: Double, revenue: Double, value: Double, distanceSum: Double, similaritySum: Double) {
        self.leafCount = leafCount
        self.dasguptaCost = dasguptaCost
        self.revenue = revenue
        self.value = value
        self.distanceSum = distanceSum
        self.similaritySum = similaritySum
    }

    private init(tree: Dendrogram, lcaSizes: [Int]? = nil, distance: (Int, Int) -> Double) {
        let n = tree.leafCount
        leafCount = n
        // Members of each node as a linked list over the leaves: head, tail and next pointers.
        var head = Array(0..<max(1, 2 * n - 1)), tail = head
        var next = [Int](repeating: -1, count: n)
        var cost = 0.0, revenue = 0.0, value = 0.0, dSum = 0.0, wSum = 0.0
        for (step, m) in tree.merges.enumerated() {
            var crossD = 0.0, crossW = 0.0
            var i = head[m.a]
            while i >= 0 {
                var j = head[m.b]
                while j >= 0 {
                    let dij = distance(i, j)
                    crossD += dij
                    crossW += 1 / (1 + dij)
                    j = next[j]
                }
                i = next[i]
            }
            let s = Double(lcaSizes?[step] ?? m.size)
            cost += s * crossW
            revenue += (Double(n) - s) * crossW
            value += s * crossD
            dSum += crossD
            wSum += crossW
            let id = n + step
            next[tail[m.a]] = head[m.b]
            head[id] = head[m.a]
            tail[id] = tail[m.b]
        }
        dasguptaCost = cost
        self.revenue = revenue
        self.value = value
        distanceSum = dSum
        similaritySum = wSum
    }

    /// Mean objectives of random trees (uniformly random pairs of clusters merged until one is
    /// left) over `seeds` seeds, as the baseline of the normalised scores.
    public static func randomTreeBaseline(
        observations x: Observations, seeds: Int = 10, parallelism: Parallelism = .serial
    ) -> TreeObjectives {
        mean(of: many(trees: randomTrees(n: x.count, seeds: seeds), observations: x, parallelism: parallelism))
    }

    /// A tree's objectives and the random-tree baseline (``randomTreeBaseline(observations:seeds:parallelism:)``)
    /// in one go: the `1 + seeds` trees are scored concurrently, one tree per thread at a time, with
    /// the same values as one after another.
    /// - Complexity: Theta((1 + seeds) n^2 d) work over `parallelism.threads` threads.
    public static func withRandomBaseline(
        tree: Dendrogram, observations x: Observations, seeds: Int = 10, parallelism: Parallelism = .serial
    ) -> (tree: TreeObjectives, baseline: TreeObjectives) {
        let all = many(trees: [tree] + randomTrees(n: x.count, seeds: seeds), observations: x, parallelism: parallelism)
        return (all[0], mean(of: Array(all.dropFirst())))
    }

    /// Uniformly random pairs of clusters merged until one is left, one tree per seed 0..<seeds
    /// (SplitMix64).
    static func randomTrees(n: Int, seeds: Int) -> [Dendrogram] {
        (0..<max(1, seeds)).compactMap { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            var clusters = (0..<n).map { ($0, 1) }  // (id, size)
            var merges: [Merge] = []
            while clusters.count > 1 {
                let p = rng.below(clusters.count)
                let a = clusters.remove(at: p)
                let q = rng.below(clusters.count)
                let b = clusters.remove(at: q)
                merges.append(Merge(a: min(a.0, b.0), b: max(a.0, b.0), height: Double(merges.count), size: a.1 + b.1))
                clusters.append((n + merges.count - 1, a.1 + b.1))
            }
            return try? Dendrogram(leafCount: n, merges: merges)  // always valid by construction
        }
    }

    /// The objectives of several trees over the same observations, computed concurrently.
    static func many(trees: [Dendrogram], observations x: Observations, parallelism: Parallelism) -> [TreeObjectives] {
        var out = [TreeObjectives?](repeating: nil, count: trees.count)
        let lock = DispatchSemaphore(value: 1)
        nonisolated(unsafe) var next = 0
        out.withUnsafeMutableBufferPointer { buffer in
            let box = UncheckedSendableBox(buffer)
            Parallelism(threads: min(parallelism.threads, trees.count)).run { _ in
                while true {
                    lock.wait()
                    let i = next
                    next += 1
                    lock.signal()
                    guard i < trees.count else { return }
                    box.value[i] = TreeObjectives(tree: trees[i], observations: x)
                }
            }
        }
        return out.compactMap { $0 }
    }

    /// The mean objectives of random trees, summed in seed order.
    static func mean(of trees: [TreeObjectives]) -> TreeObjectives {
        var mean = trees[0]
        for t in trees.dropFirst() {
            mean.dasguptaCost += t.dasguptaCost
            mean.revenue += t.revenue
            mean.value += t.value
        }
        let r = Double(trees.count)
        mean.dasguptaCost /= r
        mean.revenue /= r
        mean.value /= r
        return mean
    }

    /// `(value - random) / (upper bound - random)`: 0 for a random tree, 1 at the bound; `nil`
    /// when every tree scores the same (the bound equals the random tree's score: n = 2, or all
    /// points identical), where the ratio is undefined.
    public func normalizedValue(baseline: TreeObjectives) -> Double? {
        Self.normalized(value, baseline.value, valueUpperBound)
    }

    /// `(revenue - random) / (upper bound - random)`; `nil` when undefined, as for the value.
    public func normalizedRevenue(baseline: TreeObjectives) -> Double? {
        Self.normalized(revenue, baseline.revenue, revenueUpperBound)
    }

    private static func normalized(_ x: Double, _ random: Double, _ bound: Double) -> Double? {
        let span = bound - random
        guard span.isFinite, span > 0 else { return nil }
        return (x - random) / span
    }
}
