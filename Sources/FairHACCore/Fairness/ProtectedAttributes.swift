/// Several protected attributes at once (spec section 9): A named group assignments over the same
/// observations, and how fairness combines them.
///
/// Everything downstream sees one "multi-hot" membership: the groups of every attribute are laid
/// end to end (attribute 0's groups, then attribute 1's, ...), each observation counts once in
/// each attribute, and the ideal shares are concatenated the same way. In separate mode the
/// single-attribute arithmetic on that list is exactly the combined definition of section 9:
/// `cost(C) = max_(a,l) |p_(a,l)(C) - rho_(a,l)|`, `S` counts the (attribute, group) pairs kept
/// within eps, balance is the minimum over all of them. Intersectional mode replaces the
/// attributes by one whose groups are the value combinations that occur.
///
/// With one attribute both modes are that attribute, unchanged.
public struct ProtectedAttributes: Sendable, Equatable {
    /// How several attributes combine.
    public enum Mode: String, Sendable, CaseIterable {
        /// Each attribute keeps its groups; the cost is the largest deviation over all of them.
        case separate
        /// One attribute whose groups are the combinations of values that occur.
        case intersectional
    }

    /// The name of each attribute fairness is measured on (intersectional with several: one, the
    /// source names joined by "×", see ``GroupNaming``).
    public let names: [String]
    /// The group assignment of each attribute, in `names` order.
    public let attributes: [GroupAssignment]
    public let mode: Mode
    /// Where each attribute's groups start in the concatenated list; `attributeCount + 1` entries.
    public let offsets: [Int]
    /// The attributes as given, before the mode combined them (the same as `names` and
    /// `attributes` in separate mode).
    public let sourceNames: [String]
    public let sources: [GroupAssignment]

    /// One attribute: today's single-attribute fairness.
    public init(_ groups: GroupAssignment, name: String = "group") {
        names = [name]
        attributes = [groups]
        mode = .separate
        offsets = [0, groups.groupCount]
        sourceNames = names
        sources = attributes
    }

    /// Several attributes combined by `mode`.
    /// - Parameters:
    ///   - rareFloor: intersectional mode: combinations with fewer than `rareFloor * n` points
    ///     are an error naming them, unless `mergeRare` pools them into one group "other".
    ///   - weights: how many points each observation stands for (`nil`: one each), when the
    ///     observations are distinct label combinations with their counts (the Spark port).
    /// - Throws: when the attributes are empty, differ in length or share a name, or (intersectional)
    ///   when a combination is rarer than the floor and `mergeRare` is off.
    public init(
        names: [String], attributes: [GroupAssignment], mode: Mode = .separate, rareFloor: Double = 0.01,
        mergeRare: Bool = false, weights: [Int]? = nil
    ) throws {
        guard !attributes.isEmpty, names.count == attributes.count else {
            throw ClusteringError.invalidInput(
                "protected attributes: \(names.count) names for \(attributes.count) group assignments; expected one name per attribute, at least one")
        }
        if let bad = attributes.firstIndex(where: { $0.count != attributes[0].count }) {
            throw ClusteringError.invalidInput(
                "protected attribute '\(names[bad])' has \(attributes[bad].count) labels; '\(names[0])' has \(attributes[0].count)")
        }
        if let dup = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
            throw ClusteringError.invalidInput("protected attribute '\(dup.element)' is named twice")
        }
        guard rareFloor >= 0, rareFloor < 1 else {
            throw ClusteringError.invalidInput("the rare-combination floor must be in [0, 1) (a share of n); got \(rareFloor)")
        }
        self.mode = mode
        sourceNames = names
        sources = attributes
        if mode == .intersectional && attributes.count > 1 {
            let combined = try Self.intersection(
                names: names, attributes: attributes, rareFloor: rareFloor, mergeRare: mergeRare, weights: weights)
            self.names = [GroupNaming.combination(names)]
            self.attributes = [combined]
        } else {
            self.names = names
            self.attributes = attributes
        }
        var offsets = [0]
        for a in self.attributes { offsets.append(offsets[offsets.count - 1] + a.groupCount) }
        self.offsets = offsets
    }

    /// The groups of several attributes' value combinations that occur, in the order of the
    /// attributes' group ids (attribute 0 first); names join the values with "×" (``GroupNaming``).
    static func intersection(
        names: [String], attributes: [GroupAssignment], rareFloor: Double, mergeRare: Bool, weights: [Int]? = nil
    ) throws -> GroupAssignment {
        let rows = attributes[0].count
        let n = weights?.reduce(0, +) ?? rows
        var key = [Int](repeating: 0, count: rows)
        var stride = 1
        for a in attributes.reversed() {
            for i in 0..<rows { key[i] += a.memberships[i] * stride }
            stride *= a.groupCount
        }
        var countOf: [Int: Int] = [:]
        for (i, k) in key.enumerated() { countOf[k, default: 0] += weights?[i] ?? 1 }
        let occurring = countOf.keys.sorted()
        func label(_ k: Int) -> String {
            var rest = k, parts: [String] = []
            for a in attributes.reversed() {
                parts.append(a.names[rest % a.groupCount])
                rest /= a.groupCount
            }
            return GroupNaming.combination(parts.reversed())
        }
        let floor = rareFloor * Double(n)
        let rare = occurring.filter { Double(countOf[$0] ?? 0) < floor }
        if !rare.isEmpty && !mergeRare {
            let listed = rare.map { "\(label($0)) (\(countOf[$0] ?? 0))" }.joined(separator: ", ")
            throw ClusteringError.invalidInput(
                "intersectional groups of \(names.joined(separator: ", ")): \(rare.count) combination\(rare.count == 1 ? " has" : "s have") fewer than "
                    + "\(rareFloor * 100)% of the \(n) points: \(listed); pool them into one group 'other' (merge rare) or lower the floor")
        }
        let kept = occurring.filter { !rare.contains($0) }
        var groupNames = kept.map(label)
        var id = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        if !rare.isEmpty {
            guard !groupNames.contains("other") else {
                throw ClusteringError.invalidInput("intersectional groups: a combination is already named 'other'; rename a value")
            }
            for r in rare { id[r] = groupNames.count }
            groupNames.append("other")
        }
        return try GroupAssignment(names: groupNames, memberships: key.map { id[$0] ?? 0 })
    }

    /// The attributes as given, in separate mode: the attributes each one's own figures are
    /// reported on (in intersectional mode, with each attribute's data shares as its ideal).
    /// Intersectional mode with several attributes: each attribute as given and its data shares,
    /// against which its own figures are read; `nil` otherwise (the attributes are already as given).
    public func sourcesWithDataShares() throws -> (attributes: ProtectedAttributes, ideal: [Double])? {
        guard mode == .intersectional && sources.count > 1 else { return nil }
        let separate = separateSources
        return (separate, try IdealShares.data.resolve(for: separate))
    }

    public var separateSources: ProtectedAttributes {
        mode == .separate
            ? self
            : ProtectedAttributes(
                names: sourceNames, attributes: sources, mode: .separate,
                offsets: sources.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.groupCount) }, sourceNames: sourceNames,
                sources: sources)
    }

    /// Number of observations.
    public var count: Int { attributes[0].count }
    /// Number of attributes fairness is measured on (1 in intersectional mode).
    public var attributeCount: Int { attributes.count }
    /// Total number of (attribute, group) pairs: the sum of the attributes' group counts.
    public var groupCount: Int { offsets[offsets.count - 1] }
    /// The (attribute, group) pairs' names, in concatenated order: the group names with one
    /// attribute, "attribute=group" with several (written by ``GroupNaming``, so never two alike).
    public var groupNames: [String] {
        attributeCount == 1
            ? attributes[0].names
            : zip(names, attributes).flatMap { name, a in a.names.map { GroupNaming.pair(attribute: name, group: $0) } }
    }

    /// Calls `body(column)` for each attribute's group of observation `i`, as an index into the
    /// concatenated list.
    @inline(__always)
    func forEachColumn(of i: Int, _ body: (Int) -> Void) {
        for a in 0..<attributes.count { body(offsets[a] + attributes[a].memberships[i]) }
    }

    /// Counts per (attribute, group) of each cluster of `labels` (values in `0..<k`), concatenated.
    public func counts(labels: [Int], clusterCount k: Int) -> [[Int]] {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: groupCount), count: k)
        for (i, l) in labels.enumerated() { forEachColumn(of: i) { counts[l][$0] += 1 } }
        return counts
    }

    /// The attributes restricted to the given observations, in that order.
    public func selecting(rows indices: [Int]) -> ProtectedAttributes {
        ProtectedAttributes(
            names: names, attributes: attributes.map { $0.selecting(rows: indices) }, mode: mode, offsets: offsets,
            sourceNames: sourceNames, sources: sources.map { $0.selecting(rows: indices) })
    }

    private init(
        names: [String], attributes: [GroupAssignment], mode: Mode, offsets: [Int], sourceNames: [String], sources: [GroupAssignment]
    ) {
        self.names = names
        self.attributes = attributes
        self.mode = mode
        self.offsets = offsets
        self.sourceNames = sourceNames
        self.sources = sources
    }

    /// Attribute `a`'s slice of a concatenated list (ideal shares, counts).
    public func slice<T>(_ values: [T], attribute a: Int) -> [T] { Array(values[offsets[a]..<offsets[a + 1]]) }
}
