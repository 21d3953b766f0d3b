/// MFC and balance of a tree's partitions for every k from 2 to a maximum, in one pass over the
/// merges (each partition is the first n - k merges, as everywhere in FairHAC).
public struct FairnessProfile: Sendable, Equatable {
    public struct Level: Sendable, Equatable {
        public var k: Int
        public var mfc: Double
        public var mfcSum: Double
        public var balance: Double
        /// Each protected attribute's own MFC and balance (one entry with one attribute).
        public var attributeMFC: [Double]
        public var attributeBalance: [Double]
    }

    /// One entry per k in `2...min(maxClusterCount, n)`, in increasing k.
    public var levels: [Level]

    /// - Complexity: O(n m + K^2 m) for K = `maxClusterCount`: MFC is a running sum updated at
    ///   each merge; balance, a minimum over clusters, is taken over the at most K clusters left.
    public init(tree: Dendrogram, groups: GroupAssignment, ideal: [Double], maxClusterCount: Int) throws {
        try self.init(tree: tree, attributes: ProtectedAttributes(groups), ideal: ideal, maxClusterCount: maxClusterCount)
    }

    /// The profile of the combined MFC and balance over several protected attributes (spec
    /// section 9); with one attribute, the profile above.
    /// `composition`: the tree's counts per node when the caller has them (``ResultFairness``).
    public init(
        tree: Dendrogram, attributes groups: ProtectedAttributes, ideal: [Double], maxClusterCount: Int,
        composition known: TreeComposition? = nil
    ) throws {
        let n = tree.leafCount, m = groups.groupCount
        guard groups.count == n, ideal.count == m else {
            throw ClusteringError.invalidInput("\(groups.count) group labels and \(ideal.count) ideal shares for a tree over \(n) observations and \(m) groups")
        }
        try self.init(
            tree: tree, composition: known ?? TreeComposition(tree: tree, attributes: groups), offsets: groups.offsets, ideal: ideal,
            maxClusterCount: maxClusterCount)
    }

    /// The profile from the tree's counts per node (`offsets` delimit the attributes): also for a
    /// tree whose leaves stand for several observations (the summarised form's top).
    public init(tree: Dendrogram, composition: TreeComposition, offsets: [Int], ideal: [Double], maxClusterCount: Int) throws {
        let n = tree.leafCount
        guard composition.groupCount == ideal.count, offsets.last == ideal.count, composition.sizes.count >= 2 * n - 1 else {
            throw ClusteringError.invalidInput("\(ideal.count) ideal shares for counts of \(composition.groupCount) groups")
        }
        let top = min(maxClusterCount, n)
        func stats(_ id: Int) -> ClusterFairness {
            PartitionFairness.cluster(counts: composition.counts(of: id), ideal: ideal, offsets: offsets)
        }
        let A = offsets.count - 1
        let ranges = (0..<A).map { offsets[$0]..<offsets[$0 + 1] }
        func own(_ s: ClusterFairness, _ a: Int) -> Double { s.deviations[ranges[a]].max() ?? 0 }
        var mfc = 0.0, mfcSum = 0.0
        var mfcOf = [Double](repeating: 0, count: A)
        for i in 0..<n {
            let s = stats(i)
            mfc += s.maxDeviation
            mfcSum += s.deviations.reduce(0, +)
            for a in 0..<A { mfcOf[a] += own(s, a) }
        }
        var alive: Set<Int>?
        var levels: [Level] = []
        func record(_ k: Int) {
            guard k >= 2, let alive else { return }
            let clusters = alive.map(stats)
            let balance = clusters.map(\.balance).min() ?? 0
            let balanceOf = A == 1
                ? [balance]
                : ranges.map { r in
                    clusters.map { PartitionFairness.balance(shares: $0.shares[r], ideal: ideal[r]) }.min() ?? 0
                }
            levels.append(Level(
                k: k, mfc: mfc, mfcSum: mfcSum, balance: balance, attributeMFC: A == 1 ? [mfc] : mfcOf, attributeBalance: balanceOf))
        }
        if n <= top {
            alive = Set(0..<n)
            record(n)
        }
        for (i, merge) in tree.merges.enumerated() {
            let id = n + i
            let sa = stats(merge.a), sb = stats(merge.b), su = stats(id)
            mfc += su.maxDeviation - sa.maxDeviation - sb.maxDeviation
            mfcSum += su.deviations.reduce(0, +) - sa.deviations.reduce(0, +) - sb.deviations.reduce(0, +)
            for a in 0..<A { mfcOf[a] += own(su, a) - own(sa, a) - own(sb, a) }
            let k = n - i - 1
            if alive != nil {
                alive!.remove(merge.a)
                alive!.remove(merge.b)
                alive!.insert(id)
            } else if k == top {
                var used = [Bool](repeating: false, count: id + 1)
                for earlier in tree.merges.prefix(i + 1) {
                    used[earlier.a] = true
                    used[earlier.b] = true
                }
                alive = Set((0...id).filter { !used[$0] })
            }
            record(k)
        }
        self.levels = levels.reversed()
    }
}
