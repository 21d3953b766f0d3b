/// The protected groups of a table that is not in memory: each distinct combination of its
/// attributes' labels, with its number of rows. The core names, orders and combines the groups
/// from them exactly as from one label per row (``ProtectedAttributes/init(labelColumns:names:mode:rareFloor:mergeRare:weights:)``),
/// so a distributed front end (the Spark port) counts combinations where the rows are and gets
/// the groups, their order and the ideal shares of the CLI.
public struct LabelCombinations: Sendable, Equatable {
    /// The attributes' names.
    public var names: [String]
    /// Each combination's labels, one per attribute.
    public var combinations: [[String]]
    /// Each combination's number of rows (at least 1).
    public var counts: [Int]

    /// The most distinct combinations taken: more is a column of values, not a protected attribute.
    public static let maxCount = 10_000

    public init(names: [String], combinations: [[String]], counts: [Int]) throws {
        guard !names.isEmpty else { throw ClusteringError.invalidInput("groups: no protected attribute named") }
        guard !combinations.isEmpty, combinations.count == counts.count else {
            throw ClusteringError.invalidInput("groups: \(combinations.count) label combinations with \(counts.count) counts; expected one count each, at least one")
        }
        if let bad = combinations.firstIndex(where: { $0.count != names.count }) {
            throw ClusteringError.invalidInput("groups: combination \(bad) has \(combinations[bad].count) labels for \(names.count) attributes")
        }
        if let bad = counts.firstIndex(where: { $0 < 1 }) {
            throw ClusteringError.invalidInput("groups: combination \(bad) has \(counts[bad]) rows; expected at least 1")
        }
        guard combinations.count <= Self.maxCount else {
            throw ClusteringError.invalidInput(
                "groups: \(combinations.count) distinct label combinations, more than \(Self.maxCount); a protected attribute has a few groups (is a feature named as a group?)")
        }
        guard Set(combinations).count == combinations.count else {
            throw ClusteringError.invalidInput("groups: a label combination is listed twice; list each once with its number of rows")
        }
        self.names = names
        self.combinations = combinations
        self.counts = counts
    }

    /// Number of rows.
    public var observationCount: Int { counts.reduce(0, +) }

    /// The protected attributes over the combinations (one "row" per combination) with the request's
    /// mode, and their layout counting every row.
    public func attributes(mode: ProtectedAttributes.Mode, rareFloor: Double, mergeRare: Bool) throws -> (ProtectedAttributes, GroupLayout) {
        let columns = names.indices.map { a in combinations.map { $0[a] } }
        let attributes = try ProtectedAttributes(
            labelColumns: columns, names: names, mode: mode, rareFloor: rareFloor, mergeRare: mergeRare, weights: counts)
        return (attributes, attributes.layout(weights: counts))
    }
}

extension ProtectedAttributes {
    /// The (attribute, group) columns of observation `i`, in concatenated order.
    public func columns(of i: Int) -> [Int] {
        var out: [Int] = []
        forEachColumn(of: i) { out.append($0) }
        return out
    }

    /// The columns of observation `i` among the attributes as given (their groups concatenated).
    public func sourceColumns(of i: Int) -> [Int] {
        var start = 0
        return sources.map { g in
            defer { start += g.groupCount }
            return start + g.memberships[i]
        }
    }
}
