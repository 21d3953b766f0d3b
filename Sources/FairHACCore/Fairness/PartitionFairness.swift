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

    /// Evaluates the partition given by `labels` (values in `0..<clusterCount`).
    /// - Complexity: O(n + k m).
    public init(labels: [Int], clusterCount k: Int, groups: GroupAssignment, ideal: [Double]) {
        precondition(labels.count == groups.count && ideal.count == groups.groupCount)
        let m = groups.groupCount
        var counts = [[Int]](repeating: [Int](repeating: 0, count: m), count: k)
        for (i, l) in labels.enumerated() { counts[l][groups.memberships[i]] += 1 }
        self.ideal = ideal
        clusters = counts.map { Self.cluster(counts: $0, ideal: ideal) }
    }

    static func cluster(counts: [Int], ideal: [Double]) -> ClusterFairness {
        let size = counts.reduce(0, +)
        let shares = counts.map { size > 0 ? Double($0) / Double(size) : 0 }
        var balance = Double.infinity
        for (p, r) in zip(shares, ideal) {
            balance = p == 0 ? 0 : min(balance, p / r, r / p)
        }
        return ClusterFairness(
            size: size, counts: counts, shares: shares,
            deviations: zip(shares, ideal).map { abs($0 - $1) },
            balance: balance.isFinite ? balance : 0)
    }
}
