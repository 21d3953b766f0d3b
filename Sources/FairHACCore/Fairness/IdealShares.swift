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
        try resolve(for: GroupLayout.Attribute(name: "group", groups: groups.names, counts: groups.counts))
    }

    /// The shares for one attribute's groups of these sizes.
    public func resolve(for attribute: GroupLayout.Attribute) throws -> [Double] {
        let m = attribute.groups.count
        switch self {
        case .data:
            let n = Double(attribute.counts.reduce(0, +))
            return attribute.counts.map { Double($0) / n }
        case .uniform:
            return [Double](repeating: 1 / Double(m), count: m)
        case .given(let shares):
            guard shares.count == m else {
                throw ClusteringError.invalidParameter(
                    .idealShares, value: shares.map { "\($0)" }.joined(separator: ","),
                    expected: "\(m) shares, one per group (\(attribute.groups.joined(separator: ", ")))")
            }
            if let bad = shares.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
                throw ClusteringError.invalidParameter(
                    .idealShares, value: "\(shares[bad]) for group '\(attribute.groups[bad])'", expected: "positive for every group")
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
            return try rule.resolve(for: attribute)
        }
    }

    /// The shares for several attributes, concatenated (spec section 9): `data` and `uniform`
    /// apply to each attribute; `given` shares cover every (attribute, group) pair in order, and
    /// each attribute's own shares must be positive and sum to 1.
    public func resolve(for attributes: ProtectedAttributes) throws -> [Double] {
        try resolve(for: attributes.layout())
    }

    /// The shares for the attributes of a layout (groups given with their sizes), concatenated.
    public func resolve(for layout: GroupLayout) throws -> [Double] {
        if case .byAttribute(let rules) = self {
            if let unknown = rules.keys.sorted().first(where: { !layout.names.contains($0) }) {
                throw ClusteringError.invalidParameter(
                    .idealShares, value: "a rule for '\(unknown)'",
                    expected: "rules for the attributes \(layout.names.joined(separator: ", "))"
                        + (layout.mode == .intersectional ? " (intersectional mode: one rule for the combinations)" : ""))
            }
            return try zip(layout.names.map { rules[$0] ?? .data }, layout.attributes).flatMap { try $0.resolve(for: $1) }
        }
        if layout.attributeCount == 1 { return try resolve(for: layout.attributes[0]) }
        switch self {
        case .data, .uniform, .byAttribute:
            return try layout.attributes.flatMap { try resolve(for: $0) }
        case .given(let shares):
            guard shares.count == layout.groupCount else {
                throw ClusteringError.invalidParameter(
                    .idealShares, value: shares.map { "\($0)" }.joined(separator: ","),
                    expected: "\(layout.groupCount) shares, one per attribute and group (\(layout.groupNames.joined(separator: ", ")))")
            }
            return try layout.attributes.indices.flatMap { a in
                try IdealShares.given(layout.slice(shares, attribute: a)).resolve(for: layout.attributes[a])
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
