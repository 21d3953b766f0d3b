import FairHACCore

/// What to take from a table and how to prepare it for clustering.
public struct DataOptions: Sendable {
    /// Feature columns; `nil` means every numeric column except the group column.
    public var features: [String]?
    /// The protected attribute's column, if any.
    public var group: String?
    /// Buckets for a numeric group column.
    public var groupBins: GroupBins?
    public var scaling: FeatureScaling = .zscore
    /// Cluster a random subsample of this many rows (taken after missing rows are dropped).
    public var sample: Int?
    public var seed: UInt64 = 0
    /// Drop rows with missing or invalid cells instead of failing.
    public var dropMissing = false

    public init(
        features: [String]? = nil, group: String? = nil, groupBins: GroupBins? = nil,
        scaling: FeatureScaling = .zscore, sample: Int? = nil, seed: UInt64 = 0, dropMissing: Bool = false
    ) {
        self.features = features
        self.group = group
        self.groupBins = groupBins
        self.scaling = scaling
        self.sample = sample
        self.seed = seed
        self.dropMissing = dropMissing
    }
}
