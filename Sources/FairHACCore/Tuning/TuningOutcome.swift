/// What a search for the recommended setting produced (``TuningPipeline``, and `auto` inside
/// ``ClusteringPipeline``): the points measured, the recommendation per objective, how the search
/// ran, and the notices for the user. Front ends (`fairhac tune`, `cluster --auto`, the C ABI's
/// `fairhac_tune`, Python's `fairhac.tune`) only read it.
public struct TuningOutcome: Sendable {
    /// How the search ran, for summary.json's `auto` block and best.json.
    public struct Search: Sendable, Equatable {
        /// The strategy asked for.
        public var strategy: SearchStrategy
        /// What ran, in words: "fast: a screen of 300 settings over 1000 micro-clusters, 18 confirmed on the 7000 rows".
        public var description: String
        /// Settings of the grid.
        public var gridPoints: Int
        /// Points clustered on the requested form (every one the recommendation chose among).
        public var pointsEvaluated: Int
        /// Points screened over the coarse summary (0 for the grid).
        public var pointsScreened: Int
        /// Micro-clusters of the screen, when there was one.
        public var screenMicroClusters: Int?
        /// "exact", or "summarised" with ``microClusters``.
        public var form: String
        public var microClusters: Int?
        /// Wall seconds of the search (not written to summary.json, which stays reproducible).
        public var seconds: Double
    }

    public var linkage: Linkage
    public var rules: [SelectionRule]
    public var gridB: [Double]
    public var gridD: [Double]
    /// The objective asked for (`auto_objective`).
    public var objective: GridSearch.Objective
    public var criteria: RecommendationCriteria
    public var outcome: GridSearch.Outcome
    public var search: Search
    /// The summarised form's micro-clusters, when the search ran on them.
    public var summary: MicroClusters?
    public var attributes: ProtectedAttributes
    /// When balance is 0 for every partition into k clusters (a group with fewer rows than k):
    /// the sentence saying so.
    public var balanceNote: String?
    /// Notes and warnings raised while searching, in order.
    public var notices: [ClusteringOutcome.Notice]

    /// The recommendation for `objective` (spec section 8), among the points measured on the requested form.
    public func recommendation(_ objective: GridSearch.Objective) -> Recommendation {
        outcome.recommendation(objective, criteria: criteria)
    }

    /// The recommendation for the objective asked for.
    public var recommended: Recommendation { recommendation(objective) }
}

extension ProtectedAttributes {
    /// The sentence saying that balance is 0 for every partition into `k` clusters, when a group
    /// has fewer rows than clusters (some cluster must lack it); `nil` otherwise.
    public func balanceZeroNote(k: Int) -> String? {
        var short: [String] = []
        for (a, attribute) in attributes.enumerated() {
            for (g, count) in attribute.counts.enumerated() where count < k {
                let name = attributeCount > 1 ? "\(names[a])=\(attribute.names[g])" : attribute.names[g]
                short.append("'\(name)' (\(count) row\(count == 1 ? "" : "s"))")
            }
        }
        guard !short.isEmpty else { return nil }
        let list = short.count <= 4 ? short.joined(separator: ", ") : short.prefix(4).joined(separator: ", ") + " and \(short.count - 4) more"
        return "balance is 0 for every partition into k = \(k) clusters: \(short.count == 1 ? "group" : "groups") \(list) "
            + "\(short.count == 1 ? "has" : "have") fewer rows than clusters, so some cluster lacks \(short.count == 1 ? "it" : "them"); "
            + "MFC still measures fairness"
    }
}
