extension ClusteringSummary {
    /// summary.json's `form` block.
    public struct Form: Encodable, Sendable {
        /// "exact" or "summarised".
        public var kind: String
        /// The number of micro-clusters m (summarised).
        public var microClusters: Int?
        public var largestMicroCluster: Int?
        /// The summariser and its settings, or "given" for a given assignment.
        public var summariser: [String: String]?
        /// How the top's dissimilarities between micro-clusters were computed.
        public var topDissimilarities: String?
        /// What the form means for the tree.
        public var note: String?

        public static let exact = Form(kind: "exact")

        public init(kind: String) { self.kind = kind }

        /// The block of a summarised run.
        public init(_ s: ClusteringOutcome.Summarised) {
            self.init(
                microClusters: s.result.summary.count, largest: s.result.summary.largestSize, summariser: s.summariserSettings,
                linkage: s.run.linkage, memberSampleSize: s.result.memberSampleSize, sampleSeed: s.run.sampleSeed)
        }

        /// The block of a summarised run of m micro-clusters (the largest of `largest` points);
        /// `memberSampleSize` `nil` when the top's dissimilarities were exact.
        public init(microClusters m: Int, largest: Int, summariser: [String: String], linkage: Linkage, memberSampleSize: Int?, sampleSeed: UInt64) {
            kind = "summarised"
            microClusters = m
            largestMicroCluster = largest
            self.summariser = summariser
            if linkage.requiresEuclidean {
                topDissimilarities = "micro-cluster centroids and sizes (exact)"
            } else if let q = memberSampleSize {
                topDissimilarities = "member samples: the \(q) members with the smallest key per micro-cluster (seed \(sampleSeed))"
            } else {
                topDissimilarities = "every member pair (exact)"
            }
            note = "the first n - m merges join points inside micro-clusters, the last m - 1 join micro-clusters: "
                + "cuts into k <= m clusters never split a micro-cluster"
        }
    }

    /// Quality measured on a seeded sample of rows (as scikit-learn's
    /// `silhouette_score(sample_size=..., random_state=...)`).
    public struct QualitySample: Encodable, Sendable {
        public var silhouette: Double?
        public var sampleSize: Int
        public var seed: UInt64
        public var note: String

        public init(silhouette: Double?, sampleSize: Int, seed: UInt64, note: String? = nil) {
            self.silhouette = silhouette
            self.sampleSize = sampleSize
            self.seed = seed
            self.note = note ?? "silhouette of the k-partition on \(sampleSize) rows drawn without replacement (seeded); "
                + "the tree objectives are skipped above n = 20000"
        }
    }
}
