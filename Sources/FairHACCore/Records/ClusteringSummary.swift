/// The content of `summary.json`: what was clustered, how, and the k-cluster partition.
///
/// Everything in it is a function of the input and the options, so the file is byte-for-byte
/// reproducible; run times go to `timings.json` instead.
public struct ClusteringSummary: Encodable, Sendable {
    public struct Input: Encodable, Sendable {
        public var source: String
        public var kind: String
        public var rowsInFile: Int
        public var rowsUsed: Int
        public var rowsDropped: Int
        public var features: [String]
        public var nonNumericColumnsSkipped: [String]
        public var constantFeatures: [String]
        public var scaling: String
        public var sample: Int?
        public var seed: UInt64?

        public init(
            source: String, kind: String, rowsInFile: Int, rowsUsed: Int, rowsDropped: Int, features: [String],
            nonNumericColumnsSkipped: [String], constantFeatures: [String], scaling: String, sample: Int?, seed: UInt64?
        ) {
            self.source = source
            self.kind = kind
            self.rowsInFile = rowsInFile
            self.rowsUsed = rowsUsed
            self.rowsDropped = rowsDropped
            self.features = features
            self.nonNumericColumnsSkipped = nonNumericColumnsSkipped
            self.constantFeatures = constantFeatures
            self.scaling = scaling
            self.sample = sample
            self.seed = seed
        }
    }

    public struct Cluster: Encodable, Sendable {
        public var label: Int
        public var size: Int
        public var groupCounts: [String: Int]?
        public var shares: [String: Double]?
        /// `|p - rho|` per (attribute, group).
        public var deviations: [String: Double]?
        public var maxDeviation: Double?
        public var balance: Double?
        /// Feature name -> the mean over the cluster, in the input's units (before scaling).
        public var featureMeans: [String: Double]?
    }

    public struct Groups: Encodable, Sendable {
        public var column: String
        public var names: [String]
        public var counts: [Int]
        public var ideal: [Double]
        public var idealRule: String
    }

    public var tool = "fairhac"
    public var version = FairHACVersion.string
    public var input: Input
    public var n: Int
    public var k: Int
    public var method: String
    public var linkage: String
    public var metric: String
    /// Options of the method beyond linkage and metric (fair rule, schedule, ...).
    public var options: [String: OptionValue]
    /// For vanilla HAC, the algorithm that ran, e.g. "nn-chain (vectors)" or "generic (matrix)".
    public var algorithm: String?
    /// The width the distance matrix was kept in: "double", or "single" (``Precision``).
    public var precision = Precision.double.rawValue
    public var monotoneHeights: Bool
    public var clusterSizes: [Int]
    /// The smallest cluster of the k-partition.
    public var minClusterSize: Int
    /// Whether some cluster has fewer than `degenerateBelow` points (spec section 8).
    public var degenerate: Bool
    /// The smallest cluster size of a non-degenerate partition used for `degenerate`.
    public var degenerateBelow: Int
    public var groups: Groups?
    /// With several protected attributes (spec section 9): how they combine and each one's own
    /// figures; `mfc` and `balance` are then the combined ones.
    public var attributes: Attributes?

    public struct Attributes: Encodable, Sendable {
        public var mode: String
        /// Intersectional mode: the name of the combined attribute the fairness is measured on.
        public var combined: [String]?
        /// Each attribute as given (intersectional mode: against its data shares).
        public var each: [Attribute]
    }

    public struct Attribute: Encodable, Sendable {
        public var name: String
        public var names: [String]
        public var counts: [Int]
        public var ideal: [Double]
        public var mfc: Double
        public var balance: Double
    }
    public var mfc: Double?
    public var mfcSum: Double?
    public var balance: Double?
    public var clusters: [Cluster]
    /// Clustering quality, when computed (see ``Quality``).
    public var quality: Quality?

    public struct Quality: Encodable, Sendable {
        /// Mean silhouette of the k-partition (Euclidean on the features used, as scikit-learn).
        public var silhouette: Double?
        public var dasguptaCost: Double
        public var revenue: Double
        public var value: Double
        /// `(x - random tree) / (upper bound - random tree)`; random trees averaged over 5 seeds;
        /// absent when every tree scores the same (n = 2, identical points).
        public var normalizedRevenue: Double?
        public var normalizedValue: Double?

        public init(silhouette: Double?, objectives t: TreeObjectives, baseline: TreeObjectives) {
            self.silhouette = silhouette
            dasguptaCost = t.dasguptaCost
            revenue = t.revenue
            value = t.value
            normalizedRevenue = t.normalizedRevenue(baseline: baseline)
            normalizedValue = t.normalizedValue(baseline: baseline)
        }
    }

    /// MFC and balance for every k from 2 to max(20, 2k) (at most n), from the same tree.
    public var fairnessProfile: [ProfileLevel]?

    /// How far up the tree the k-partition's fairness reaches (``FairCutExtent``).
    public var fairCut: FairCut?

    public struct FairCut: Encodable, Sendable {
        /// The allowed largest deviation from the ideal shares: the k-partition's own.
        public var alpha: Double
        /// The largest K such that every partition into 1...K clusters stays within alpha.
        public var k: Int
        /// Whether alpha is within `tolerance` (the level tolerance of fairness): only then is
        /// the k-partition called fair (``FairCutExtent/isFair(alpha:tolerance:)``).
        public var fair: Bool
        public var tolerance: Double

        public init(alpha: Double, k: Int, tolerance: Double) {
            self.alpha = alpha
            self.k = k
            self.tolerance = tolerance
            fair = FairCutExtent.isFair(alpha: alpha, tolerance: tolerance)
        }
    }

    /// With `cluster --fair --auto`: the grid search and the choice it made.
    public var auto: Auto?

    /// A fair method's reference: vanilla HAC's figures at the same k, linkage and data (over the
    /// same micro-clusters when summarised).
    public var vanilla: Auto.Reference?

    /// Which form ran: exact, or summarised with its micro-clusters (spec section 10).
    public var form: Form?

    /// Above n = 20,000: the silhouette on a seeded sample of rows (``QualitySample``).
    public var qualitySample: QualitySample?
    /// With groups: the share of the tree's clusters within the bounds, by size (spec section 11).
    public var fairAtEveryLevel: LevelFairnessRecord?
    /// With `--method makefair`: the post-processing's settings, cost ratio and the input's fairness.
    public var postProcessing: PostProcessingRecord?

    /// Warnings about the result itself (a fair result less fair than vanilla HAC's, or losing
    /// more silhouette than the quality limit): `kind` and the text stderr shows.
    public var warnings: [Warning]?

    public struct Warning: Encodable, Sendable {
        public var kind: String
        public var text: String
    }

    public struct Auto: Encodable, Sendable {
        public var objective: String
        /// The rules searched.
        public var rules: [String]
        public var recommended: RecommendationRecord
        public var details: RecommendationDetails
        /// Vanilla HAC's figures on the same data (the reference of the choice).
        public var vanilla: Reference
        /// How the search ran: strategy, points evaluated and screened (its seconds are in timings.json).
        public var search: TuningSummary.Search?
        /// When balance is 0 for every partition into k clusters: why.
        public var balanceNote: String?

        public struct Reference: Encodable, Sendable {
            public var mfc: Double
            public var balance: Double
            public var silhouette: Double?
            public var minClusterSize: Int

            public init(mfc: Double, balance: Double, silhouette: Double?, minClusterSize: Int) {
                self.mfc = mfc
                self.balance = balance
                self.silhouette = silhouette
                self.minClusterSize = minClusterSize
            }
        }

        public init(objective: GridSearch.Objective, rules: [SelectionRule], recommendation: Recommendation, outcome: GridSearch.Outcome) {
            self.objective = objective.rawValue
            self.rules = rules.map(\.name)
            recommended = RecommendationRecord(recommendation, outcome: outcome)
            details = RecommendationDetails(recommendation, outcome: outcome)
            let v = outcome.vanilla
            vanilla = Reference(mfc: v.mfc, balance: v.balance, silhouette: v.silhouette, minClusterSize: v.minClusterSize)
        }
    }

    public struct ProfileLevel: Encodable, Sendable {
        public var k: Int
        public var mfc: Double
        public var mfcSum: Double
        public var balance: Double
        /// With several attributes in separate mode: each one's MFC and balance, in `attributes` order.
        public var attributeMfc: [Double]?
        public var attributeBalance: [Double]?
    }

    public init(
        input: Input, k: Int, method: String, linkage: Linkage, metric: String, options: [String: OptionValue],
        tree: Dendrogram, labels: [Int], groups: GroupAssignment?, groupColumn: String?, ideal: [Double]?, idealRule: String,
        degenerateBelow: Int? = nil
    ) {
        self.init(
            input: input, k: k, method: method, linkage: linkage, metric: metric, options: options, tree: tree, labels: labels,
            attributes: groups.map { ProtectedAttributes($0) }, groupColumn: groupColumn, ideal: ideal, idealRule: idealRule,
            degenerateBelow: degenerateBelow)
    }

    /// The summary with several protected attributes: `groups` lists every (attribute, group)
    /// pair (named "attribute=group" with several), `mfc` and `balance` are the combined figures
    /// and `attributes` each attribute's own. With one attribute, the single-attribute summary.
    public init(
        input: Input, k: Int, method: String, linkage: Linkage, metric: String, options: [String: OptionValue],
        tree: Dendrogram, labels: [Int], attributes groups: ProtectedAttributes?, groupColumn: String?, ideal: [Double]?,
        idealRule: String, degenerateBelow: Int? = nil
    ) {
        self.input = input
        n = tree.leafCount
        self.k = k
        self.method = method
        self.linkage = linkage.rawValue
        self.metric = metric
        self.options = options
        monotoneHeights = tree.isMonotone
        let sizes = FairHACCore.clusterSizes(labels: labels, clusterCount: k)
        clusterSizes = sizes
        minClusterSize = sizes.min() ?? 0
        self.degenerateBelow = degenerateBelow ?? PartitionEvaluation.defaultMinimumClusterSize(n: tree.leafCount)
        degenerate = minClusterSize < self.degenerateBelow
        clusters = sizes.enumerated().map { Cluster(label: $0, size: $1) }
        if let groups, let ideal {
            fill(ResultFairness(tree: tree, labels: labels, clusterCount: k, attributes: groups, ideal: ideal), groupColumn: groupColumn, idealRule: idealRule)
        }
    }

    /// The summary of a pipeline run: every figure read from the outcome, none recomputed.
    public init(_ o: ClusteringOutcome, input: Input, groupColumn: String?) {
        self.init(
            input: input, n: o.tree.leafCount, request: o.request, metric: input.kind == "distances" ? "precomputed" : o.request.metric.rawValue,
            method: o.methodName, options: o.options, algorithm: o.algorithm, monotoneHeights: o.tree.isMonotone,
            clusterSizes: o.clusterSizes, degenerateBelow: o.degenerateBelow, fairness: o.fairness, groupColumn: groupColumn,
            idealRule: o.idealRule, levels: o.fairAtEveryLevel, vanilla: o.vanilla, tolerance: o.request.levelTolerance)
        precision = o.precision.rawValue
        setFeatureMeans(o.featureMeans)
        auto = o.auto.map { choice in
            var a = Auto(objective: choice.objective, rules: choice.rules, recommendation: choice.recommendation, outcome: choice.outcome)
            a.search = TuningSummary.Search(choice.search)
            a.balanceNote = choice.balanceNote
            return a
        }
        let flagged = o.notices.filter { $0.kind == .lessFair || $0.kind == .qualityLoss }
        warnings = flagged.isEmpty ? nil : flagged.map { Warning(kind: $0.kind.rawValue, text: $0.text) }
        form = o.summarised.map(Form.init) ?? .exact
        quality = o.quality.map { Quality(silhouette: $0.silhouette, objectives: $0.objectives, baseline: $0.baseline) }
        qualitySample = o.qualitySample.map { QualitySample(silhouette: $0.silhouette, sampleSize: $0.sampleSize, seed: $0.seed) }
        postProcessing = o.postProcessing?.record
    }

    /// Each cluster's `feature_means`, named by the input's features.
    mutating func setFeatureMeans(_ featureMeans: ClusterFeatureMeans?) {
        guard let means = featureMeans?.means else { return }
        let names = Self.featureNames(input.features, count: means.first?.count ?? 0)
        for c in clusters.indices where c < means.count {
            clusters[c].featureMeans = Dictionary(zip(names, means[c]), uniquingKeysWith: { first, _ in first })
        }
    }

    /// The features' names: the input's, or `x0`, `x1`, ... (scikit-learn's names) when it has none.
    public static func featureNames(_ names: [String], count: Int) -> [String] {
        names.count == count ? names : (0..<count).map { "x\($0)" }
    }

    /// The blocks every run's summary has, from its figures.
    init(
        input: Input, n: Int, request: ClusteringRequest, metric: String, method: String, options: [String: OptionValue],
        algorithm: String?, monotoneHeights: Bool, clusterSizes: [Int], degenerateBelow: Int, fairness: ResultFairness?,
        groupColumn: String?, idealRule: String, levels: LevelFairnessRecord?, vanilla: ClusteringOutcome.VanillaReference?,
        tolerance: Double = LevelFairness.defaultTolerance
    ) {
        self.input = input
        self.n = n
        k = clusterSizes.count
        self.method = method
        linkage = request.linkage.rawValue
        self.metric = metric
        self.options = options
        self.algorithm = algorithm
        self.monotoneHeights = monotoneHeights
        self.clusterSizes = clusterSizes
        minClusterSize = clusterSizes.min() ?? 0
        self.degenerateBelow = degenerateBelow
        degenerate = minClusterSize < degenerateBelow
        clusters = clusterSizes.enumerated().map { Cluster(label: $0, size: $1) }
        if let fairness { fill(fairness, groupColumn: groupColumn, idealRule: idealRule, tolerance: tolerance) }
        fairAtEveryLevel = levels
        self.vanilla = vanilla.map { Auto.Reference(mfc: $0.mfc, balance: $0.balance, silhouette: $0.silhouette, minClusterSize: $0.minClusterSize) }
    }

    /// The fairness blocks, read from the result's fairness.
    mutating func fill(_ f: ResultFairness, groupColumn: String?, idealRule: String, tolerance: Double = LevelFairness.defaultTolerance) {
        let groups = f.layout, ideal = f.ideal, fairness = f.partition
        let names = groups.groupNames
        self.groups = Groups(column: groupColumn ?? "", names: names, counts: groups.counts, ideal: ideal, idealRule: idealRule)
        func each(_ layout: GroupLayout, _ ideal: [Double], _ partition: PartitionFairness) -> [Attribute] {
            layout.attributes.indices.map { a in
                let attribute = layout.attributes[a]
                return Attribute(
                    name: attribute.name, names: attribute.groups, counts: attribute.counts, ideal: layout.slice(ideal, attribute: a),
                    mfc: partition.mfc(attribute: a), balance: partition.balance(attribute: a))
            }
        }
        if let s = f.sources {
            // Each attribute as given, against its data shares.
            attributes = Attributes(mode: groups.mode.rawValue, combined: groups.names, each: each(s.layout, s.ideal, s.partition))
        } else if groups.sources.count > 1 {
            attributes = Attributes(mode: groups.mode.rawValue, combined: nil, each: each(groups, ideal, fairness))
        }
        mfc = fairness.mfc
        mfcSum = fairness.mfcSum
        balance = fairness.balance
        clusters = fairness.clusters.enumerated().map { j, c in
            Cluster(
                label: j, size: c.size,
                groupCounts: Dictionary(uniqueKeysWithValues: zip(names, c.counts)),
                shares: Dictionary(uniqueKeysWithValues: zip(names, c.shares)),
                deviations: Dictionary(uniqueKeysWithValues: zip(names, c.deviations)),
                maxDeviation: c.maxDeviation, balance: c.balance)
        }
        let several = groups.attributeCount > 1
        fairnessProfile = f.profile?.levels.map {
            ProfileLevel(
                k: $0.k, mfc: $0.mfc, mfcSum: $0.mfcSum, balance: $0.balance, attributeMfc: several ? $0.attributeMFC : nil,
                attributeBalance: several ? $0.attributeBalance : nil)
        }
        fairCut = f.fairCut.map { FairCut(alpha: $0.alpha, k: $0.clusterCount, tolerance: tolerance) }
    }
}
