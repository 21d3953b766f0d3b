import FairHACCore

/// What to take from a table and how to prepare it for clustering.
public struct DataOptions: Sendable {
    /// Feature columns; `nil` means every numeric column except the group column.
    public var features: [String]?
    /// A protected attribute's column, with buckets when it is numeric.
    public struct GroupColumn: Sendable, Equatable {
        public var name: String
        public var bins: GroupBins?
        public init(name: String, bins: GroupBins? = nil) {
            self.name = name
            self.bins = bins
        }
    }

    /// The protected attributes' columns, in order (spec section 9); empty for none.
    public var groupColumns: [GroupColumn] = []

    /// The first protected attribute's column, if any (setting it replaces the first).
    public var group: String? {
        get { groupColumns.first?.name }
        set {
            if let newValue {
                if groupColumns.isEmpty { groupColumns = [GroupColumn(name: newValue)] } else { groupColumns[0].name = newValue }
            } else {
                groupColumns = []
            }
        }
    }
    /// Buckets for the first group column.
    public var groupBins: GroupBins? {
        get { groupColumns.first?.bins }
        set { if !groupColumns.isEmpty { groupColumns[0].bins = newValue } }
    }
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
        groupColumns = group.map { [GroupColumn(name: $0, bins: groupBins)] } ?? []
        self.scaling = scaling
        self.sample = sample
        self.seed = seed
        self.dropMissing = dropMissing
    }

    /// Options with several protected attributes.
    public init(
        features: [String]?, groupColumns: [GroupColumn], scaling: FeatureScaling = .zscore, sample: Int? = nil,
        seed: UInt64 = 0, dropMissing: Bool = false
    ) {
        self.init(features: features, scaling: scaling, sample: sample, seed: seed, dropMissing: dropMissing)
        self.groupColumns = groupColumns
    }
}
