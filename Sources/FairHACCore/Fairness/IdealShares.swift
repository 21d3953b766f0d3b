/// The ideal share `rho_l` of every group in a cluster (spec section 1).
public enum IdealShares: Sendable, Equatable {
    /// The data's own shares `|P_l| / n` (disparate impact). The default.
    case data
    /// `1 / m` for every group.
    case uniform
    /// Given shares, one per group in group-id order: positive and summing to 1 within 1e-9.
    case given([Double])

    /// The shares for `groups`.
    /// - Throws: when given shares have the wrong count, are not positive, or do not sum to 1.
    public func resolve(for groups: GroupAssignment) throws -> [Double] {
        let m = groups.groupCount
        switch self {
        case .data:
            let n = Double(groups.count)
            return groups.counts.map { Double($0) / n }
        case .uniform:
            return [Double](repeating: 1 / Double(m), count: m)
        case .given(let shares):
            guard shares.count == m else {
                throw ClusteringError.invalidInput(
                    "--ideal has \(shares.count) shares but there are \(m) groups (\(groups.names.joined(separator: ", ")))")
            }
            if let bad = shares.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
                throw ClusteringError.invalidInput("ideal share \(shares[bad]) for group '\(groups.names[bad])' must be positive")
            }
            let sum = shares.reduce(0, +)
            guard abs(sum - 1) <= 1e-9 else {
                throw ClusteringError.invalidInput("ideal shares must sum to 1 (within 1e-9); they sum to \(sum)")
            }
            return shares
        }
    }
}
