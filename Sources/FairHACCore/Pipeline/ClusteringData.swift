/// What a run clusters: features or a distance matrix, the protected attributes, and for
/// `makefair` an optional tree to post-process instead of vanilla HAC's.
public struct ClusteringData {
    public enum Content {
        case features(Observations)
        /// A distance matrix, handed over once (``MatrixHandOff/take()``) so it is never copied.
        case distances(MatrixHandOff)
        /// Nothing but the number of observations: a given tree (``ClusteringData/inputTree``)
        /// post-processed alone (`makefair` on any tree, Python's `make_fair`).
        case observationCount(Int)
    }

    public var content: Content
    public var attributes: ProtectedAttributes?
    /// A tree given for `makefair`, and how summary.json names it (the file).
    public var inputTree: (tree: Dendrogram, name: String)?
    /// Each row's micro-cluster (any labels >= 0, renumbered densely in increasing order): the
    /// summarised form on this summary instead of the summariser's.
    public var microClusterLabels: [Int]?
    /// How the features map back to the input's units (the scaling the front end applied), for
    /// the clusters' feature means; `nil`: the features are in the input's units.
    public var featureUnits: FeatureUnits?

    public init(content: Content, attributes: ProtectedAttributes?, inputTree: (tree: Dendrogram, name: String)? = nil) {
        self.content = content
        self.attributes = attributes
        self.inputTree = inputTree
    }

    /// The number of observations.
    public var count: Int {
        switch content {
        case .features(let x): return x.count
        case .distances(let handOff): return handOff.count
        case .observationCount(let n): return n
        }
    }

    /// The features, when the input has them.
    public var features: Observations? { if case .features(let x) = content { return x } else { return nil } }

    /// The error for a run without features or distances that is not a given tree's post-processing.
    static func noData(_ spelling: ParameterSpelling) -> ClusteringError {
        .invalidRequest(
            "no features or distances were given: only a given tree can be post-processed alone (\(spelling.method(.makefair)) with a tree)")
    }

    /// The single group assignment AFHAC sees: one attribute, or intersectional groups.
    public var groups: GroupAssignment? { attributes.flatMap { $0.attributeCount == 1 ? $0.attributes[0] : nil } }
}

/// Holds a distance matrix until the algorithm takes it, so that exactly one reference to its
/// storage exists when it is updated in place (a second one would make Swift copy gigabytes).
public final class MatrixHandOff {
    private var matrix: DistanceMatrix?
    /// The number of observations.
    public let count: Int

    public init(_ matrix: DistanceMatrix) {
        count = matrix.count
        self.matrix = matrix
    }

    /// The matrix, once; a second call is refused.
    public func take() throws -> DistanceMatrix {
        guard let m = matrix.take() else { throw ClusteringError.invalidInput("the distance matrix was already used by this run") }
        return m
    }
}

extension ProtectedAttributes {
    /// Attributes from their labels as text (one column per attribute), numbered in sorted
    /// order of the labels as ``GroupAssignment/init(labels:)`` does, and combined by `mode`:
    /// what the C ABI and Python hand over, so that they build groups as the CLI does.
    /// `weights`: how many rows each observation stands for, when the observations are the
    /// distinct label combinations of a table and their counts (the Spark port).
    public init(labelColumns: [[String]], names: [String], mode: Mode, rareFloor: Double, mergeRare: Bool, weights: [Int]? = nil) throws {
        let assignments = try labelColumns.map { try GroupAssignment(labels: $0) }
        if assignments.count == 1 {
            self.init(assignments[0], name: names.first ?? "group")
        } else {
            try self.init(names: names, attributes: assignments, mode: mode, rareFloor: rareFloor, mergeRare: mergeRare, weights: weights)
        }
    }
}
