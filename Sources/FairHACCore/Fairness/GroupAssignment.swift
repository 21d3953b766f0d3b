/// The protected group of every observation: `m >= 1` named groups, each observation in exactly one.
public struct GroupAssignment: Sendable, Equatable {
    /// Group names, indexed by group id.
    public let names: [String]
    /// Group id of each observation, in `0..<names.count`.
    public let memberships: [Int]

    /// Ids taken from an assignment that already passed the checks (`selecting(rows:)`).
    private init(validNames names: [String], memberships: [Int]) {
        self.names = names
        self.memberships = memberships
    }

    public init(names: [String], memberships: [Int]) throws {
        guard !names.isEmpty else { throw ClusteringError.invalidInput("no groups given") }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw ClusteringError.invalidInput("the group name '\(name)' is given twice; every group needs a name of its own")
        }
        if let bad = memberships.firstIndex(where: { $0 < 0 || $0 >= names.count }) {
            throw ClusteringError.invalidInput("observation \(bad) has group id \(memberships[bad]); expected 0..<\(names.count)")
        }
        self.names = names
        self.memberships = memberships
    }

    /// Creates an assignment from one label per observation; groups are named by their labels
    /// and numbered in sorted order of the labels, so the numbering does not depend on row order.
    public init(labels: [String]) throws {
        let names = Array(Set(labels)).sorted()
        let id = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        try self.init(names: names, memberships: labels.map { id[$0] ?? 0 })
    }

    /// Number of observations.
    public var count: Int { memberships.count }
    /// Number of groups `m`.
    public var groupCount: Int { names.count }

    /// Number of observations in each group.
    public var counts: [Int] {
        var c = [Int](repeating: 0, count: names.count)
        for g in memberships { c[g] += 1 }
        return c
    }

    /// The assignment restricted to the given observations, in that order (group names kept).
    public func selecting(rows indices: [Int]) -> GroupAssignment {
        GroupAssignment(validNames: names, memberships: indices.map { memberships[$0] })
    }
}
