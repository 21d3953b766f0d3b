extension GridSearch {
    /// Everything a grid search measured: vanilla HAC and every setting on the same data.
    public struct Outcome: Sendable, Equatable {
        /// Number of observations.
        public var n: Int
        public var k: Int
        /// Vanilla HAC (same linkage) cut at k: the reference for quality loss and cost ratio.
        public var vanilla: PartitionEvaluation
        /// The settings, in evaluation order (rule, b, d).
        public var points: [Point]
        /// Vanilla HAC's tree itself (the matrix form, as the fair loop's tie-breaking), when kept:
        /// what `cluster --fair --auto` writes when nothing improves.
        public var vanillaTree: Dendrogram?
        /// The fast search's screen: every setting on a coarse summary of the data; `nil` when
        /// every point ran on the requested form.
        public var screen: Screen?

        /// The fast search's screen (docs/algorithm.md, "The fast search"): every setting of the
        /// grid clustered over a coarse summary of the rows, its k-partition scored on the rows
        /// (exact MFC, balance and sizes; silhouette on a seeded sample), against vanilla HAC over
        /// the same summary.
        public struct Screen: Sendable, Equatable {
            /// Micro-clusters of the coarse summary.
            public var microClusters: Int
            public var vanilla: PartitionEvaluation
            /// Every setting, in grid order.
            public var points: [Point]
        }

        public init(n: Int, k: Int, vanilla: PartitionEvaluation, points: [Point], vanillaTree: Dendrogram? = nil, screen: Screen? = nil) {
            self.n = n
            self.k = k
            self.vanillaTree = vanillaTree
            self.vanilla = vanilla
            self.points = points
            self.screen = screen
        }

        /// Silhouette lost against vanilla HAC: `silhouette(vanilla) - silhouette(point)`;
        /// `nil` when either is undefined.
        public func qualityLoss(_ p: Point) -> Double? {
            guard let v = vanilla.silhouette, let s = p.silhouette else { return nil }
            return v - s
        }

        /// Dasgupta cost of the point's tree over vanilla's (1: as good; above 1: worse);
        /// `nil` when not computed or vanilla's cost is 0.
        public func treeCostRatio(_ p: Point) -> Double? {
            guard let f = p.evaluation.dasguptaCost, let v = vanilla.dasguptaCost, v > 0 else { return nil }
            return f / v
        }

        /// The fairest point for `objective`, whatever it does to the clustering; ties go to the
        /// higher silhouette, then the smaller d, then the smaller b, then the rule's order.
        public func fairest(_ objective: Objective) -> Point? { GridSearch.best(points, objective: objective) }

        /// The points not dominated in (fairness by `objective`, silhouette) among the
        /// non-degenerate ones (every cluster of at least `minimumClusterSize` points).
        public func paretoFront(_ objective: Objective, minimumClusterSize: Int) -> [Point] {
            GridSearch.paretoFront(points.filter { !$0.evaluation.isDegenerate(minimumSize: minimumClusterSize) }, objective: objective)
        }

        /// The recommended setting for `objective` under `criteria` (spec section 8).
        public func recommendation(_ objective: Objective, criteria: RecommendationCriteria) -> Recommendation {
            Recommendation(outcome: self, objective: objective, criteria: criteria)
        }
    }

    /// The points not dominated in (fairness by `objective`, silhouette): no other point is at
    /// least as good in both and better in one. Undefined silhouettes count as -1. Of points with
    /// identical scores, only the first (in evaluation order) is kept.
    public static func paretoFront(_ points: [Point], objective: Objective) -> [Point] {
        func quality(_ p: Point) -> Double { p.silhouette ?? -1 }
        var seen: [(Double, Double)] = []
        return points.filter { p in
            let fp = objective.goodness(p), qp = quality(p)
            let dominated = points.contains { q in
                let fq = objective.goodness(q), qq = quality(q)
                return fq >= fp && qq >= qp && (fq > fp || qq > qp)
            }
            guard !dominated, !seen.contains(where: { $0 == (fp, qp) }) else { return false }
            seen.append((fp, qp))
            return true
        }
    }

    /// The best point for `objective` on fairness alone; ties go to the higher silhouette, then
    /// the smaller d, then the smaller b, then the rule's order.
    public static func best(_ points: [Point], objective: Objective) -> Point? {
        func key(_ p: Point) -> (Double, Double, Double, Double) {
            (-objective.goodness(p), -(p.silhouette ?? -1), p.d, p.b)
        }
        return points.min { key($0) < key($1) }
    }
}
