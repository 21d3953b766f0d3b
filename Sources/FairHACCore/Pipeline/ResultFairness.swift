/// The fairness of a result, computed once by the pipeline and only read afterwards (summary.json,
/// the console, the report, the C ABI, Python): the k-partition's per-cluster counts, shares and
/// deviations per (attribute, group), the combined and per-attribute MFC and balance, the
/// profile over k, how far up the tree the partition's fairness reaches, and fairness at every
/// level of the tree.
///
/// In the summarised form the profile and the fair cut are read from the top (the micro-clusters
/// as weighted leaves), so they cover the cuts into at most m clusters: the finer cuts of the
/// assembled tree undo micro-cluster merges in micro-cluster order, an artefact of the assembly.
/// The same figures follow from the summaries alone (``init(top:leafSizes:leafCounts:sourceLeafCounts:labels:clusterCount:layout:ideal:)``),
/// which is how the Spark port, which never holds the rows, gets the in-process numbers.
public struct ResultFairness: Sendable {
    /// The attributes fairness is measured on, their groups and sizes.
    public let layout: GroupLayout
    /// Their ideal shares (concatenated).
    public let ideal: [Double]
    /// The k-partition.
    public let partition: PartitionFairness
    /// Intersectional mode with several attributes: each attribute as given, against its data shares.
    public let sources: (layout: GroupLayout, ideal: [Double], partition: PartitionFairness)?
    /// MFC and balance for k' = 2 ... ``profileDepth(k:)`` (at most n, or m when summarised) from the same tree.
    public internal(set) var profile: FairnessProfile?
    /// The largest K such that every cut into at most K clusters stays within the k-partition's own largest deviation.
    public let fairCut: FairCutExtent?
    /// Group counts of every node of the tree: made once here, read by the profile, the fair cut,
    /// fairness at every level, tree.json and the report's dendrogram.
    public let composition: TreeComposition

    /// The largest k of the fairness profile: max(20, 2k).
    public static func profileDepth(k: Int) -> Int { k > Int.max / 2 ? Int.max : max(20, 2 * k) }

    /// Measures the k-partition `labels` of `tree` (its first n - k merges, or a coarser cut of an
    /// n-ary tree). `summary`: the summarised form's top and micro-clusters, from which the
    /// profile and the fair cut are read.
    public init(
        tree: Dendrogram, labels: [Int], clusterCount k: Int, attributes: ProtectedAttributes, ideal: [Double],
        summary: (top: Dendrogram, microClusters: MicroClusters)? = nil
    ) {
        layout = attributes.layout()
        self.ideal = ideal
        partition = PartitionFairness(labels: labels, clusterCount: k, attributes: attributes, ideal: ideal)
        sources = attributes.combinesSources
            ? Self.sources(layout.separateSources) { ideal in
                PartitionFairness(labels: labels, clusterCount: k, attributes: attributes.separateSources, ideal: ideal)
            } : nil
        composition = TreeComposition(tree: tree, attributes: attributes)
        let alpha = partition.clusters.map(\.maxDeviation).max() ?? 0
        if let summary {
            let micro = summary.microClusters
            let top = TreeComposition(
                tree: summary.top, leafSizes: (0..<micro.count).map(micro.size), leafCounts: micro.groupCounts.map { Int($0) },
                groupCount: micro.groupCount)
            (profile, fairCut) = Self.extent(summary.top, top, offsets: layout.offsets, ideal: ideal, k: k, alpha: alpha)
        } else {
            (profile, fairCut) = Self.extent(tree, composition, offsets: layout.offsets, ideal: ideal, k: k, alpha: alpha)
        }
    }

    /// The same figures from the summarised form's top alone: `top` over m micro-clusters with
    /// their sizes and counts per (attribute, group) (`leafCounts`, m x groupCount; `sourceLeafCounts`
    /// per attribute as given, for intersectional mode), `labels` the cluster of each micro-cluster.
    public init(
        top: Dendrogram, leafSizes: [Int], leafCounts: [Int], sourceLeafCounts: [Int]?, labels: [Int], clusterCount k: Int,
        layout: GroupLayout, ideal: [Double]
    ) {
        self.layout = layout
        self.ideal = ideal
        func partition(_ counts: [Int], _ g: Int, _ ideal: [Double], _ offsets: [Int]) -> PartitionFairness {
            var clusters = [[Int]](repeating: [Int](repeating: 0, count: g), count: k)
            for (c, label) in labels.enumerated() { for l in 0..<g { clusters[label][l] += counts[c * g + l] } }
            return PartitionFairness(clusterCounts: clusters, ideal: ideal, offsets: offsets)
        }
        let g = layout.groupCount
        let p = partition(leafCounts, g, ideal, layout.offsets)
        self.partition = p
        if layout.combinesSources, let sourceLeafCounts {
            let separate = layout.separateSources
            sources = Self.sources(separate) { partition(sourceLeafCounts, separate.groupCount, $0, separate.offsets) }
        } else {
            sources = nil
        }
        composition = TreeComposition(tree: top, leafSizes: leafSizes, leafCounts: leafCounts, groupCount: g)
        let alpha = p.clusters.map(\.maxDeviation).max() ?? 0
        (profile, fairCut) = Self.extent(top, composition, offsets: layout.offsets, ideal: ideal, k: k, alpha: alpha)
    }

    private static func sources(
        _ separate: GroupLayout, _ partition: ([Double]) -> PartitionFairness
    ) -> (layout: GroupLayout, ideal: [Double], partition: PartitionFairness) {
        let ideal = separate.dataShares
        return (separate, ideal, partition(ideal))
    }

    private static func extent(
        _ tree: Dendrogram, _ composition: TreeComposition, offsets: [Int], ideal: [Double], k: Int, alpha: Double
    ) -> (FairnessProfile?, FairCutExtent?) {
        let profile = try? FairnessProfile(
            tree: tree, composition: composition, offsets: offsets, ideal: ideal, maxClusterCount: profileDepth(k: k))
        let cut = tree.leafCount >= 1 && k <= tree.leafCount ? FairCutExtent(tree: tree, composition: composition, ideal: ideal, alpha: alpha) : nil
        return (profile, cut)
    }

    /// Cluster sizes of the partition.
    public var clusterSizes: [Int] { partition.clusters.map(\.size) }
}

extension ProtectedAttributes {
    /// Whether several attributes were combined (intersectional mode).
    public var combinesSources: Bool { mode == .intersectional && sources.count > 1 }
}
