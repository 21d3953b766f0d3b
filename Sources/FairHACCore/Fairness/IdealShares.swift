/// The ideal share `rho_l` of every group in a cluster (spec section 1).
public enum IdealShares: Sendable, Equatable {
    /// The data's own shares `|P_l| / n` (disparate impact). The default.
    case data
    /// `1 / m` for every group.
    case uniform
    /// Given shares, one per group in group-id order: positive and summing to 1 within 1e-9.
    case given([Double])
    /// One rule per protected attribute, by the attribute's name (spec section 9).
    case byAttribute([String: IdealShares])

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
        case .byAttribute(let rules):
            guard rules.count == 1, let rule = rules.values.first else {
                throw ClusteringError.invalidParameter(
                    .idealShares, value: rules.keys.sorted().joined(separator: ", "), expected: "one rule for the one attribute")
            }
            return try rule.resolve(for: groups)
        }
    }

    /// The shares for several attributes, concatenated (spec section 9): `data` and `uniform`
    /// apply to each attribute; `given` shares cover every (attribute, group) pair in order, and
    /// each attribute's own shares must be positive and sum to 1.
    public func resolve(for attributes: ProtectedAttributes) throws -> [Double] {
        if case .byAttribute(let rules) = self {
            if let unknown = rules.keys.sorted().first(where: { !attributes.names.contains($0) }) {
                throw ClusteringError.invalidParameter(
                    .idealShares, value: "a rule for '\(unknown)'",
                    expected: "rules for the attributes \(attributes.names.joined(separator: ", "))"
                        + (attributes.mode == .intersectional ? " (intersectional mode: one rule for the combinations)" : ""))
            }
            return try IdealShares.resolve(attributes.names.map { rules[$0] ?? .data }, for: attributes)
        }
        if attributes.attributeCount == 1 { return try resolve(for: attributes.attributes[0]) }
        switch self {
        case .data, .uniform, .byAttribute:
            return try attributes.attributes.flatMap { try resolve(for: $0) }
        case .given(let shares):
            guard shares.count == attributes.groupCount else {
                throw ClusteringError.invalidParameter(
                    .idealShares, value: shares.map { "\($0)" }.joined(separator: ","),
                    expected: "\(attributes.groupCount) shares, one per attribute and group (\(attributes.groupNames.joined(separator: ", ")))")
            }
            return try attributes.attributes.indices.flatMap { a in
                try IdealShares.given(attributes.slice(shares, attribute: a)).resolve(for: attributes.attributes[a])
            }
        }
    }

    /// One rule per attribute, concatenated; `rules` has one entry per attribute.
    public static func resolve(_ rules: [IdealShares], for attributes: ProtectedAttributes) throws -> [Double] {
        guard rules.count == attributes.attributeCount else {
            throw ClusteringError.invalidInput(
                "\(rules.count) ideal-share rules for \(attributes.attributeCount) protected attributes (\(attributes.names.joined(separator: ", ")))")
        }
        return try zip(rules, attributes.attributes).flatMap { try $0.resolve(for: $1) }
    }
}
