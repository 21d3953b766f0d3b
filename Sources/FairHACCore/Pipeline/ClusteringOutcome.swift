/// What a run produced: the tree, the k-partition, its fairness computed once, and everything
/// the writers, the report, the C ABI and Python report about it. Front ends only read it.
public struct ClusteringOutcome: Sendable {
    /// A message for the user: a note (how the run went) or a warning (the result may not be
    /// what was wanted). Python raises the warnings as `warnings.warn`, the CLI prints them.
    public struct Notice: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case note
            /// A cluster smaller than the degenerate threshold.
            case degenerate
            /// `auto` kept vanilla HAC's tree.
            case autoFallback = "auto_fallback"
            /// The thread count was lowered to the cores.
            case threadsClamped = "threads_clamped"
            /// `form` auto chose the summarised form.
            case summarised
            /// The fair result is less fair than vanilla HAC's (MFC higher or balance lower).
            case lessFair = "less_fair"
            /// The fair result lost more silhouette than the quality limit allows.
            case qualityLoss = "quality_loss"
        }
        public var kind: Kind
        public var text: String

        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// Vanilla HAC's figures at the same k, linkage and data: what a fair result is read against.
    public struct VanillaReference: Sendable {
        public var mfc: Double
        public var balance: Double
        public var silhouette: Double?
        public var minClusterSize: Int
        /// Its tree, its k-partition and its fairness profile (for the report's comparison).
        public var tree: Dendrogram
        public var labels: [Int]
        public var profile: FairnessProfile?
    }

    /// Silhouette and the tree objectives with their random-tree baseline (n <= ``ClusteringRequest/qualityLimit``).
    public struct Quality: Sendable {
        public var silhouette: Double?
        public var objectives: TreeObjectives
        public var baseline: TreeObjectives
    }

    /// Above ``ClusteringRequest/qualityLimit``: the silhouette on a seeded sample of rows.
    public struct QualitySample: Sendable {
        public var silhouette: Double?
        public var sampleSize: Int
        public var seed: UInt64
    }

    /// `auto`'s search and the choice it made.
    public struct AutoChoice: Sendable {
        public var objective: GridSearch.Objective
        public var rules: [SelectionRule]
        public var outcome: GridSearch.Outcome
        public var recommendation: Recommendation
        /// Whether vanilla HAC's tree was kept (no setting qualified).
        public var keptVanilla: Bool
        /// How the search ran (strategy, points, seconds).
        public var search: TuningOutcome.Search
        /// When balance is 0 for every partition into k clusters: why.
        public var balanceNote: String?
        /// The summarised form's micro-clusters the search ran on (the run reuses them).
        public var summary: MicroClusters?
    }

    /// The summarised form's run (spec section 10).
    public struct Summarised: Sendable {
        public var result: SummarisedClustering.Result
        public var run: SummarisedClustering
        /// Whether the micro-clusters were given (labels) rather than the summariser's.
        public var given = false

        /// The summariser's settings as summary.json records them: `method` "given" for given micro-clusters.
        public var summariserSettings: [String: String] {
            given ? ["method": "given"] : Dictionary(uniqueKeysWithValues: run.summariser.settings.map { ($0.key, $0.value) })
        }
    }

    /// The fair post-processing's n-ary tree, its input and its record.
    public struct PostProcessing: Sendable {
        public var nary: NaryTree
        public var input: Dendrogram
        public var record: PostProcessingRecord
    }

    public var request: ClusteringRequest
    public var tree: Dendrogram
    /// Cluster of each observation, in `0..<clusterCount`, numbered by first appearance.
    public var labels: [Int]
    /// The k of the cut: the request's, or for `makefair` the finest cut into real nodes with at most k.
    public var clusterCount: Int
    public var clusterSizes: [Int]
    /// "vanilla", "fhac", "afhac-v", "afhac-r" or "makefair".
    public var methodName: String
    /// The method's options as summary.json records them.
    public var options: [String: OptionValue]
    /// Vanilla runs: the algorithm that ran ("nn-chain (vectors)", "summarised (top: ...)").
    public var algorithm: String?
    public var attributes: ProtectedAttributes?
    public var ideal: [Double]?
    /// How the ideal shares were chosen: the request's `ideal` for FHAC, else "data".
    public var idealRule: String
    public var fairness: ResultFairness?
    /// Each cluster's mean of each feature, in the input's units (features only).
    public var featureMeans: ClusterFeatureMeans?
    public var fairAtEveryLevel: LevelFairnessRecord?
    public var vanilla: VanillaReference?
    public var quality: Quality?
    public var qualitySample: QualitySample?
    public var auto: AutoChoice?
    public var summarised: Summarised?
    public var postProcessing: PostProcessing?
    /// The smallest cluster of a non-degenerate partition.
    public var degenerateBelow: Int
    /// Notes for the result (the console, the report): what the run did that the user should know.
    public var notes: [String]
    /// Notes and warnings raised while running, in order (also passed to ``PipelineObserver/notice``).
    public var notices: [Notice]
    /// Seconds of the clustering and of each summarised level.
    public var seconds: [String: Double]
    /// The width the distance matrix was kept in (double where none was kept).
    public var precision: Precision = .double
}
