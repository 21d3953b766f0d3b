/// Fairness of one cluster: its group counts, shares and deviations from the ideal shares.
public struct ClusterFairness: Sendable, Equatable {
    public var size: Int
    public var counts: [Int]
    public var shares: [Double]
    /// `|p_l - rho_l|` per group.
    public var deviations: [Double]
    /// `max_l |p_l - rho_l|`: the cluster's term of the Max Fairness Cost.
    public var maxDeviation: Double { deviations.max() ?? 0 }
    /// `min_l min(p_l / rho_l, rho_l / p_l)`, and 0 when a group is absent (Bera et al. 2019).
    public var balance: Double
}

/// Fairness of a partition into `k` clusters (spec section 1).
public struct PartitionFairness: Sendable, Equatable {
    /// Ideal shares used.
    public var ideal: [Double]
    /// One entry per cluster label.
    public var clusters: [ClusterFairness]

    /// Max Fairness Cost: `sum_j max_l |p_l(C_j) - rho_l|` (lower is fairer).
    public var mfc: Double { clusters.reduce(0) { $0 + $1.maxDeviation } }
    /// The `mfc-sum` variant: `sum_j sum_l |p_l(C_j) - rho_l|`.
    public var mfcSum: Double { clusters.reduce(0) { $0 + $1.deviations.reduce(0, +) } }
    /// Balance of the partition: the smallest cluster balance, in [0, 1] (higher is fairer).
    public var balance: Double { clusters.map(\.balance).min() ?? 0 }

    /// Whether every cluster is alpha-proportionally fair for every group: `|p_l - rho_l| <= alpha`.
    public func isProportionallyFair(alpha: Double) -> Bool {
        clusters.allSatisfy { $0.maxDeviation <= alpha }
    }

    /// Where each attribute's groups start in `ideal` and in every cluster's lists
    /// (`[0, m]` for one attribute); spec section 9.
    public var offsets: [Int]

    /// Evaluates the partition given by `labels` (values in `0..<clusterCount`).
    /// - Complexity: O(n + k m).
    public init(labels: [Int], clusterCount k: Int, groups: GroupAssignment, ideal: [Double]) {
        self.init(labels: labels, clusterCount: k, attributes: ProtectedAttributes(groups), ideal: ideal)
    }

    /// Evaluates the partition for several protected attributes: every cluster's counts,
    /// shares and deviations run over the (attribute, group) pairs in concatenated order, so
    /// ``mfc`` and ``balance`` are the combined figures of spec section 9.
    /// - Complexity: O(n A + k m).
    public init(labels: [Int], clusterCount k: Int, attributes: ProtectedAttributes, ideal: [Double]) {
        precondition(labels.count == attributes.count && ideal.count == attributes.groupCount)
        self.ideal = ideal
        self.offsets = attributes.offsets
        let offsets = attributes.offsets
        clusters = attributes.counts(labels: labels, clusterCount: k).map { Self.cluster(counts: $0, ideal: ideal, offsets: offsets) }
    }

    /// Evaluates a partition given by each cluster's counts per (attribute, group), concatenated
    /// with `offsets` delimiting the attributes (`[0, m]` for one).
    /// - Complexity: O(k m).
    public init(clusterCounts: [[Int]], ideal: [Double], offsets: [Int]) {
        self.ideal = ideal
        self.offsets = offsets
        clusters = clusterCounts.map { Self.cluster(counts: $0, ideal: ideal, offsets: offsets) }
    }

    /// Number of attributes.
    public var attributeCount: Int { offsets.count - 1 }

    /// Attribute `a`'s own Max Fairness Cost: `sum_j max_l |p_(a,l)(C_j) - rho_(a,l)|`.
    public func mfc(attribute a: Int) -> Double {
        let range = offsets[a]..<offsets[a + 1]
        return clusters.reduce(0) { $0 + ($1.deviations[range].max() ?? 0) }
    }

    /// Attribute `a`'s own balance: the smallest cluster balance over its groups.
    public func balance(attribute a: Int) -> Double {
        let range = offsets[a]..<offsets[a + 1]
        return clusters.map { Self.balance(shares: $0.shares[range], ideal: ideal[range]) }.min() ?? 0
    }

    static func cluster(counts: [Int], ideal: [Double], offsets: [Int] = []) -> ClusterFairness {
        // With several attributes each point counts once per attribute: the size is attribute 0's total.
        let size = offsets.count > 2 ? counts[offsets[0]..<offsets[1]].reduce(0, +) : counts.reduce(0, +)
        let shares = counts.map { size > 0 ? Double($0) / Double(size) : 0 }
        return ClusterFairness(
            size: size, counts: counts, shares: shares,
            deviations: zip(shares, ideal).map { abs($0 - $1) },
            balance: balance(shares: shares[...], ideal: ideal[...]))
    }

    /// `min_l min(p_l / rho_l, rho_l / p_l)`, and 0 when a group is absent.
    static func balance(shares: ArraySlice<Double>, ideal: ArraySlice<Double>) -> Double {
        var balance = Double.infinity
        for (p, r) in zip(shares, ideal) {
            balance = p == 0 ? 0 : min(balance, p / r, r / p)
        }
        return balance.isFinite ? balance : 0
    }
}
