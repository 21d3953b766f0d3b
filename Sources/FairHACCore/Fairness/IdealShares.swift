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
                throw ClusteringError.invalidParameter(
                    .idealShares, value: shares.map { "\($0)" }.joined(separator: ","),
                    expected: "\(m) shares, one per group (\(groups.names.joined(separator: ", ")))")
            }
            if let bad = shares.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
                throw ClusteringError.invalidParameter(
                    .idealShares, value: "\(shares[bad]) for group '\(groups.names[bad])'", expected: "positive for every group")
            }
            let sum = shares.reduce(0, +)
            guard abs(sum - 1) <= 1e-9 else {
                throw ClusteringError.invalidParameter(
                    .idealShares, value: "shares summing to \(sum)", expected: "shares summing to 1 (within 1e-9)")
            }
            return shares
        }
    }
}
