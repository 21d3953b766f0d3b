/// The protected attributes without their rows: the attributes fairness is measured on, their
/// groups in order and how many observations each group has, how they combine, and the attributes
/// as given. What summaries name and count, whether the groups came as one label per row
/// (``ProtectedAttributes/layout(weights:)``) or as counts per micro-cluster (the Spark port).
public struct GroupLayout: Sendable, Equatable {
    /// One attribute: its name, its groups in id order and their sizes.
    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var groups: [String]
        public var counts: [Int]
    }

    /// The attributes fairness is measured on (intersectional with several: one, the combinations).
    public let attributes: [Attribute]
    public let mode: ProtectedAttributes.Mode
    /// The attributes as given (the same as ``attributes`` in separate mode).
    public let sources: [Attribute]
    /// Where each attribute's groups start in the concatenated list; `attributeCount + 1` entries.
    public let offsets: [Int]

    public init(attributes: [Attribute], mode: ProtectedAttributes.Mode, sources: [Attribute]) {
        self.attributes = attributes
        self.mode = mode
        self.sources = sources
        offsets = attributes.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.groups.count) }
    }

    public var attributeCount: Int { attributes.count }
    /// Number of (attribute, group) pairs.
    public var groupCount: Int { offsets[offsets.count - 1] }
    public var names: [String] { attributes.map(\.name) }
    /// The observations counted (each counts once per attribute).
    public var observationCount: Int { attributes.first?.counts.reduce(0, +) ?? 0 }
    /// Every (attribute, group) pair's size, concatenated.
    public var counts: [Int] { attributes.flatMap(\.counts) }

    /// The (attribute, group) pairs' names, as ``ProtectedAttributes/groupNames``.
    public var groupNames: [String] {
        attributeCount == 1
            ? attributes[0].groups
            : attributes.flatMap { a in a.groups.map { GroupNaming.pair(attribute: a.name, group: $0) } }
    }

    /// Attribute `a`'s slice of a concatenated list.
    public func slice<T>(_ values: [T], attribute a: Int) -> [T] { Array(values[offsets[a]..<offsets[a + 1]]) }

    /// The attributes as given, as a separate-mode layout of their own.
    public var separateSources: GroupLayout { GroupLayout(attributes: sources, mode: .separate, sources: sources) }

    /// Whether the attributes were combined (intersectional mode with several attributes).
    public var combinesSources: Bool { mode == .intersectional && sources.count > 1 }

    /// The data's own shares of every (attribute, group) pair, concatenated.
    public var dataShares: [Double] {
        attributes.flatMap { a in
            let n = Double(a.counts.reduce(0, +))
            return a.counts.map { n > 0 ? Double($0) / n : 0 }
        }
    }
}

extension ProtectedAttributes {
    /// The layout of these attributes; `weights` (one per observation) count each observation
    /// that many times (observations that stand for several rows, such as distinct label combinations).
    public func layout(weights: [Int]? = nil) -> GroupLayout {
        func describe(_ names: [String], _ groups: [GroupAssignment]) -> [GroupLayout.Attribute] {
            zip(names, groups).map { name, g in
                var counts = [Int](repeating: 0, count: g.groupCount)
                for (i, id) in g.memberships.enumerated() { counts[id] += weights?[i] ?? 1 }
                return GroupLayout.Attribute(name: name, groups: g.names, counts: counts)
            }
        }
        return GroupLayout(attributes: describe(names, attributes), mode: mode, sources: describe(sourceNames, sources))
    }
}
