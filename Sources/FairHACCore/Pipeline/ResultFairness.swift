/// The fairness of a result, computed once by the pipeline and only read afterwards (summary.json,
/// the console, the report, the C ABI, Python): the k-partition's per-cluster counts, shares and
/// deviations per (attribute, group), the combined and per-attribute MFC and balance, the
/// profile over k, how far up the tree the partition's fairness reaches, and fairness at every
/// level of the tree.
public struct ResultFairness: Sendable {
    /// The attributes fairness is measured on and their ideal shares (concatenated).
    public let attributes: ProtectedAttributes
    public let ideal: [Double]
    /// The k-partition.
    public let partition: PartitionFairness
    /// Intersectional mode with several attributes: each attribute as given, against its data shares.
    public let sources: (attributes: ProtectedAttributes, ideal: [Double], partition: PartitionFairness)?
    /// MFC and balance for k' = 2 ... ``profileDepth(k:)`` (at most n) from the same tree.
    public internal(set) var profile: FairnessProfile?
    /// The largest K such that every cut into at most K clusters stays within the k-partition's own largest deviation.
    public let fairCut: FairCutExtent?
    /// Group counts of every node of the tree: made once here, read by the profile, the fair cut,
    /// fairness at every level, tree.json and the report's dendrogram.
    public let composition: TreeComposition

    /// The largest k of the fairness profile: max(20, 2k).
    public static func profileDepth(k: Int) -> Int { k > Int.max / 2 ? Int.max : max(20, 2 * k) }

    /// Measures the k-partition `labels` of `tree` (its first n - k merges, or a coarser cut of an n-ary tree).
    public init(tree: Dendrogram, labels: [Int], clusterCount k: Int, attributes: ProtectedAttributes, ideal: [Double]) {
        self.attributes = attributes
        self.ideal = ideal
        partition = PartitionFairness(labels: labels, clusterCount: k, attributes: attributes, ideal: ideal)
        sources = (try? attributes.sourcesWithDataShares()).map {
            ($0.attributes, $0.ideal, PartitionFairness(labels: labels, clusterCount: k, attributes: $0.attributes, ideal: $0.ideal))
        }
        composition = TreeComposition(tree: tree, attributes: attributes)
        profile = try? FairnessProfile(
            tree: tree, attributes: attributes, ideal: ideal, maxClusterCount: Self.profileDepth(k: k), composition: composition)
        fairCut = try? FairCutExtent(tree: tree, attributes: attributes, ideal: ideal, k: k, composition: composition)
    }

    /// Cluster sizes of the partition.
    public var clusterSizes: [Int] { partition.clusters.map(\.size) }
}
