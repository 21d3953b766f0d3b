/// Fairness at every level of a tree (spec section 11): the share of the tree's clusters of size
/// >= s whose every (attribute, group) count lies within the bounds
/// `alpha_l |C| <= count_l(C) <= beta_l |C|`.
///
/// Bounds: `alpha_l = max(0, rho_l - tolerance)`, `beta_l = min(1, rho_l + tolerance)`, i.e.
/// section 1's alpha-proportional fairness `|p_l(C) - rho_l| <= tolerance` for every pair, with
/// the ideal shares rho (the data's own by default) and ``defaultTolerance`` 0.1. The clusters
/// are the tree's real nodes: every merge of a binary tree, every node of an n-ary one (never
/// the helper merges of its binarised form). Thresholds: s = 2, 10 and 1% of n (at least 2).
public struct LevelFairness: Sendable, Equatable {
    /// One size threshold's figures.
    public struct Row: Sendable, Equatable {
        public var minimumSize: Int
        /// Clusters of at least that size.
        public var clusters: Int
        /// Those within the bounds.
        public var fair: Int
        /// `fair / clusters`; `nil` when there are none.
        public var share: Double? { clusters == 0 ? nil : Double(fair) / Double(clusters) }

        public init(minimumSize: Int, clusters: Int, fair: Int) {
            self.minimumSize = minimumSize
            self.clusters = clusters
            self.fair = fair
        }
    }

    public static let defaultTolerance = 0.1
    public var tolerance: Double
    /// `alpha_l` and `beta_l` per (attribute, group) pair.
    public var lower: [Double]
    public var upper: [Double]
    public var rows: [Row]

    /// The size thresholds for `n` leaves: 2, 10 and 1% of n (rounded up, at least 2).
    public static func thresholds(leafCount n: Int) -> [Int] {
        [2, 10, max(2, (n + 99) / 100)]
    }

    /// - Throws: ``ClusteringError/invalidParameter(_:value:expected:)`` for a tolerance outside (0, 1].
    public static func bounds(ideal: [Double], tolerance: Double) throws -> (lower: [Double], upper: [Double]) {
        guard tolerance.isFinite, tolerance > 0, tolerance <= 1 else {
            throw ClusteringError.invalidParameter(.levelTolerance, value: "\(tolerance)", expected: "in (0, 1] (a share)")
        }
        return (ideal.map { max(0, $0 - tolerance) }, ideal.map { min(1, $0 + tolerance) })
    }

    /// Whether a cluster of `size` with these counts meets the bounds (1e-12 slack for rounding).
    @inline(__always)
    public static func isFair<C: Collection>(size: Int, counts: C, lower: [Double], upper: [Double]) -> Bool where C.Element == Int {
        let s = Double(size)
        for (l, c) in counts.enumerated() {
            let x = Double(c)
            if x < lower[l] * s - 1e-12 * s || x > upper[l] * s + 1e-12 * s { return false }
        }
        return true
    }

    /// From clusters given as sizes and `groupCount` counts each.
    init(sizes: [Int], counts: [Int], groupCount m: Int, leafCount n: Int, ideal: [Double], tolerance: Double) throws {
        precondition(ideal.count == m)
        let (lower, upper) = try Self.bounds(ideal: ideal, tolerance: tolerance)
        self.tolerance = tolerance
        self.lower = lower
        self.upper = upper
        rows = Self.tally(sizes: sizes[...], counts: counts[...], groupCount: m, leafCount: n, lower: lower, upper: upper)
    }

    /// The rows of parts of one tree counted separately (``partialRows(_:leafCount:ideal:tolerance:)``),
    /// summed: the summarised form on Spark counts each micro-cluster's merges where its rows are,
    /// and the top's on the driver.
    public init(summing parts: [[Row]], leafCount n: Int, ideal: [Double], tolerance: Double) throws {
        let (lower, upper) = try Self.bounds(ideal: ideal, tolerance: tolerance)
        self.tolerance = tolerance
        self.lower = lower
        self.upper = upper
        rows = Self.thresholds(leafCount: n).map { Row(minimumSize: $0, clusters: 0, fair: 0) }
        for part in parts {
            guard part.count == rows.count, zip(part, rows).allSatisfy({ $0.minimumSize == $1.minimumSize }) else {
                throw ClusteringError.invalidInput(
                    "fairness at every level: a part counted for size thresholds \(part.map(\.minimumSize)); expected \(rows.map(\.minimumSize))")
            }
            for r in rows.indices {
                rows[r].clusters += part[r].clusters
                rows[r].fair += part[r].fair
            }
        }
    }

    /// The merges of one part of a tree over `n` leaves, counted with that tree's thresholds: the
    /// nodes of `composition` above its `leaves` leaves (a micro-cluster's own tree, whose leaves are
    /// its rows; or the top over micro-clusters as weighted leaves).
    public static func partialRows(_ composition: TreeComposition, leaves: Int, leafCount n: Int, ideal: [Double], tolerance: Double) throws -> [Row] {
        guard ideal.count == composition.groupCount else {
            throw ClusteringError.invalidInput("\(ideal.count) ideal shares for \(composition.groupCount) (attribute, group) pairs")
        }
        let (lower, upper) = try bounds(ideal: ideal, tolerance: tolerance)
        let m = composition.groupCount
        let nodes = max(0, leaves - 1)
        return tally(
            sizes: composition.sizes[leaves..<(leaves + nodes)], counts: composition.counts[(leaves * m)..<((leaves + nodes) * m)],
            groupCount: m, leafCount: n, lower: lower, upper: upper)
    }

    /// Counts the clusters (`sizes`, `groupCount` counts each) of each size threshold of a tree over `n` leaves.
    static func tally(
        sizes: ArraySlice<Int>, counts: ArraySlice<Int>, groupCount m: Int, leafCount n: Int, lower: [Double], upper: [Double]
    ) -> [Row] {
        var rows = Self.thresholds(leafCount: n).map { Row(minimumSize: $0, clusters: 0, fair: 0) }
        let base = counts.startIndex
        for (j, size) in zip(0..., sizes) where size >= 2 {
            let fair = Self.isFair(size: size, counts: counts[(base + j * m)..<(base + (j + 1) * m)], lower: lower, upper: upper)
            for r in rows.indices where size >= rows[r].minimumSize {
                rows[r].clusters += 1
                if fair { rows[r].fair += 1 }
            }
        }
        return rows
    }

    /// The real nodes of an n-ary tree.
    /// - Complexity: O(nodes x m).
    public init(tree: NaryTree, ideal: [Double], tolerance: Double = defaultTolerance) throws {
        guard ideal.count == tree.groupCount else {
            throw ClusteringError.invalidInput("\(ideal.count) ideal shares for \(tree.groupCount) (attribute, group) pairs")
        }
        try self.init(
            sizes: tree.sizes, counts: tree.counts, groupCount: tree.groupCount, leafCount: tree.leafCount, ideal: ideal, tolerance: tolerance)
    }

    /// Every merge of a binary tree.
    /// - Complexity: O(n m).
    /// `composition`: the tree's counts per node when the caller has them (``ResultFairness``).
    public init(
        tree: Dendrogram, attributes: ProtectedAttributes, ideal: [Double], tolerance: Double = defaultTolerance,
        composition known: TreeComposition? = nil
    ) throws {
        guard ideal.count == attributes.groupCount, attributes.count == tree.leafCount else {
            throw ClusteringError.invalidInput(
                "\(ideal.count) ideal shares and \(attributes.count) group labels for \(attributes.groupCount) pairs and \(tree.leafCount) leaves")
        }
        let composition = known ?? TreeComposition(tree: tree, attributes: attributes)
        let n = tree.leafCount, m = attributes.groupCount
        try self.init(
            sizes: Array(composition.sizes[n...]), counts: Array(composition.counts[(n * m)...]), groupCount: m, leafCount: n,
            ideal: ideal, tolerance: tolerance)
    }
}
