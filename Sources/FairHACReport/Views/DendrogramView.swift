import FairHACCore

/// A dendrogram drawn like `scipy.cluster.hierarchy.dendrogram(Z, truncate_mode="lastp", p=…)`:
/// same leaf order, only the top `p` clusters shown, collapsed subtrees labelled `(size)`.
///
/// Each link is coloured by its node's largest deviation from the ideal group shares,
/// `max_l |count_l / size - ideal_l|` (0: proportional, grey-blue; 1: dark red). The `k`
/// clusters of ``FairHACCore/Dendrogram/labels(clusterCount:)`` (the first `n - k` merges) are
/// shaded and marked under the leaves in ``ReportPalette/cluster(_:)``, the colours the
/// ``ClusterCompositionView`` uses, and a dashed line marks the cut.
///
/// ```swift
/// let view = try DendrogramView(tree: tree, groups: groups, ideal: ideal, clusterCount: 5)
/// let svg = view.svg()
/// ```
public struct DendrogramView: ReportView {
    /// One leaf of the drawing: an observation, or a collapsed subtree.
    public struct Leaf: Sendable, Equatable {
        /// Node id in scipy's convention: an observation `0..<n`, or `n + i` for merge `i`.
        public let node: Int
        /// Observations under the leaf (1 for an observation).
        public let size: Int
        /// Cluster label (of `labels(clusterCount: k)`) of the leaf's observations.
        public let cluster: Int
        /// Largest deviation of the leaf's group shares from the ideal shares.
        public let maxDeviation: Double
        /// The text under the leaf: the observation's name or index, or `(size)`.
        public let label: String
    }

    public let title: String
    /// Number of observations `n`.
    public let leafCount: Int
    /// Number of clusters `k` of the cut.
    public let clusterCount: Int
    /// The leaves drawn, left to right, in scipy's order.
    public let leaves: [Leaf]
    /// Height of the dashed cut line, or `nil` when `k = 1`.
    public let cutHeight: Double?
    /// Whether the cut line separates the first `n - k` merges (all below it) from the last
    /// `k - 1` (all above it); `false` when equal or inverted heights make that impossible.
    public let cutSeparatesMerges: Bool
    /// Whether the highest of the first `n - k` merges has the same height as the lowest of the
    /// last `k - 1` (ties, e.g. duplicate points): then no height separates them, yet nothing
    /// is inverted.
    public let cutTiesMerges: Bool
    /// How far up fairness reaches (``FairHACCore/FairCutExtent``): every partition into
    /// 1...K clusters is within the k-partition's own largest deviation; marked with a dotted line.
    public let fairCut: (clusterCount: Int, alpha: Double, height: Double)?
    /// The tolerance of fairness: the dotted line says "fair" only when alpha is within it.
    public let fairTolerance: Double

    /// The merges drawn, as (node id, left child, right child, height, max deviation).
    private let links: [(node: Int, a: Int, b: Int, height: Double, deviation: Double)]

    /// - Parameters:
    ///   - tree: the dendrogram (scipy linkage convention).
    ///   - groups: the protected group of every observation.
    ///   - ideal: the ideal share of every group (summing to 1).
    ///   - clusterCount: `k`; the clusters are the first `n - k` merges.
    ///   - maxLeaves: `p` of scipy's `lastp` mode: the number of leaves drawn (raised to `k` so
    ///     that each leaf lies in one cluster, lowered to `n`).
    ///   - leafNames: names for the observations (default: their indices).
    /// - Throws: when the inputs do not describe the same observations and groups.
    public init(
        tree: Dendrogram, groups: GroupAssignment, ideal: [Double], clusterCount k: Int, maxLeaves p: Int = 60,
        leafNames: [String]? = nil, title: String = "Dendrogram", fairCut: FairCutExtent? = nil,
        fairTolerance: Double = LevelFairness.defaultTolerance
    ) throws {
        try self.init(
            tree: tree, attributes: ProtectedAttributes(groups), ideal: ideal, clusterCount: k, maxLeaves: p, leafNames: leafNames,
            title: title, fairCut: fairCut, fairTolerance: fairTolerance)
    }

    /// The dendrogram shaded by the combined cost over several protected attributes (spec
    /// section 9): a node's shade is its largest deviation over every (attribute, group) pair.
    public init(
        tree: Dendrogram, attributes groups: ProtectedAttributes, ideal: [Double], clusterCount k: Int, maxLeaves p: Int = 60,
        leafNames: [String]? = nil, title: String = "Dendrogram", fairCut: FairCutExtent? = nil,
        fairTolerance: Double = LevelFairness.defaultTolerance, composition known: TreeComposition? = nil
    ) throws {
        self.fairTolerance = fairTolerance
        let n = tree.leafCount, m = groups.groupCount
        guard groups.count == n, ideal.count == m, leafNames == nil || leafNames!.count == n else {
            throw ClusteringError.invalidInput(
                "the dendrogram has \(n) leaves; got \(groups.count) group labels, \(ideal.count) ideal shares for \(m) groups")
        }
        let labels = try tree.labels(clusterCount: k)
        let shown = min(n, max(p, k, 1))

        // Group counts and a member observation of every node, leaves first.
        let composition = known ?? TreeComposition(tree: tree, attributes: groups)
        var member = Array(0..<n) + [Int](repeating: 0, count: n - 1)
        for (i, merge) in tree.merges.enumerated() { member[n + i] = member[merge.a] }
        func size(_ node: Int) -> Int { node < n ? 1 : tree.merges[node - n].size }
        func deviation(_ node: Int) -> Double { composition.cost(of: node, ideal: ideal) }

        // Nodes n + i with n + i >= 2n - shown are expanded (scipy: `i < 2*n - p` is a leaf).
        let firstExpanded = max(n, 2 * n - shown)
        var leaves = [Leaf]()
        var stack = [2 * n - 2 >= n ? 2 * n - 2 : 0]
        while let node = stack.popLast() {
            if node >= firstExpanded {
                let merge = tree.merges[node - n]
                stack.append(merge.b)
                stack.append(merge.a)  // left child first, as scipy does
            } else {
                let label = node < n ? (leafNames?[node] ?? String(node)) : "(\(size(node)))"
                leaves.append(Leaf(
                    node: node, size: size(node), cluster: labels[member[node]], maxDeviation: deviation(node),
                    label: label))
            }
        }
        self.title = title
        self.leafCount = n
        self.clusterCount = k
        self.leaves = leaves
        self.links = (firstExpanded..<(2 * n - 1)).map { node in
            let merge = tree.merges[node - n]
            return (node, merge.a, merge.b, merge.height, deviation(node))
        }

        // The cut: below it the first n - k merges, above it the last k - 1.
        let heights = tree.merges.map(\.height)
        if let fairCut, fairCut.clusterCount > k, fairCut.clusterCount < n {
            // Between the merges kept (first n - K) and the ones above; the lowest of those when heights invert.
            let K = fairCut.clusterCount
            let above = heights[(n - K)...].min() ?? 0
            let below = heights[..<(n - K)].max() ?? 0
            self.fairCut = (K, fairCut.alpha, below < above ? (below + above) / 2 : above)
        } else {
            self.fairCut = nil
        }
        let lowest = heights.min() ?? 0
        if k == 1 {
            (cutHeight, cutSeparatesMerges, cutTiesMerges) = (nil, true, false)
        } else {
            let above = heights[(n - k)...].min()!
            let below = heights[..<(n - k)].max() ?? min(0, lowest)
            if below < above {
                (cutHeight, cutSeparatesMerges, cutTiesMerges) = ((below + above) / 2, true, false)
            } else {
                (cutHeight, cutSeparatesMerges, cutTiesMerges) = (above, false, below == above)
            }
        }
    }

    public var caption: String? {
        let n = leafCount, k = clusterCount
        var s = "Leaves in scipy's dendrogram order"
        if leaves.count < n {
            s += "; only the top \(leaves.count) clusters are drawn, each collapsed subtree labelled with its size"
        }
        s += ". Link colour: the node's largest deviation from the ideal group shares."
        if let cutHeight {
            s += " The k = \(k) clusters (coloured bands) are the first n − k = \(n - k) merges"
            if cutSeparatesMerges {
                s += "; the dashed line at height \(ReportNumber.compact(cutHeight, maxDecimals: 4)) separates them from the rest."
            } else if cutTiesMerges {
                s += ", not a cut at one height: merges on both sides of the cut have the same height (ties), so the dashed line at \(ReportNumber.compact(cutHeight, maxDecimals: 4)) touches both."
            } else {
                s += ", not a cut at one height: heights are not monotone, so the dashed line is drawn at the lowest of the last k − 1 merges (\(ReportNumber.compact(cutHeight, maxDecimals: 4)))."
            }
        }
        if let fairCut {
            let alpha = ReportNumber.fixed(fairCut.alpha, decimals: 3)
            s += FairCutExtent.isFair(alpha: fairCut.alpha, tolerance: fairTolerance)
                ? " The dotted line marks how far up fairness reaches: every cut into at most \(fairCut.clusterCount) clusters keeps each "
                    + "cluster within \(alpha) of the ideal shares (the k-partition's own largest deviation); finer cuts leave it."
                : " The dotted line marks how far up the k-partition's largest deviation, \(alpha), holds: every cut into at most "
                    + "\(fairCut.clusterCount) clusters stays within it. That deviation is over the tolerance "
                    + "\(ReportNumber.compact(fairTolerance, maxDecimals: 4)), so these cuts are not fair."
        }
        return s
    }

    public func svg(standalone: Bool) -> String {
        let spacing = min(40, max(14, 880 / Double(max(1, leaves.count))))
        let left = 70.0, top = 64.0, plotHeight = 300.0
        // Room on the right for the "k = 4" and fair-cut labels.
        let width = max(640, left + spacing * Double(leaves.count) + (fairCut == nil ? 70 : 110))
        let baseline = top + plotHeight
        let labelWidth = leaves.map { approximateTextWidth(truncated($0.label, to: 16), size: 10) }.max() ?? 0
        var w = SVGWriter(width: width, height: baseline + 34 + labelWidth + 12)

        // x of every drawn node: leaves in order, merges at the middle of their children.
        var x = [Int: Double]()
        for (i, leaf) in leaves.enumerated() { x[leaf.node] = left + spacing * (Double(i) + 0.5) }
        for link in links { x[link.node] = (x[link.a]! + x[link.b]!) / 2 }
        var y = [Int: Double]()
        let heights = links.map(\.height) + [cutHeight ?? 0] + [fairCut?.height ?? 0]
        let ticks = NiceTicks(low: min(0, heights.min() ?? 0), high: heights.max() ?? 1)
        let scale = LinearScale(domain: (ticks.low, ticks.high), range: (baseline, top))
        for link in links { y[link.node] = scale(link.height) }
        for leaf in leaves { y[leaf.node] = scale(0) }

        deviationLegend(&w, x: left, y: 22)
        let plotRight = left + spacing * Double(leaves.count)
        w.yAxis(ticks, scale: scale, xRange: (left - 8, plotRight), title: "height")

        // Cluster bands: tinted below the cut, solid under the leaves with the label.
        let cutY = cutHeight.map { scale($0) } ?? top
        var start = 0
        while start < leaves.count {
            var end = start
            while end + 1 < leaves.count && leaves[end + 1].cluster == leaves[start].cluster { end += 1 }
            let cluster = leaves[start].cluster, color = ReportPalette.cluster(cluster)
            let x0 = left + spacing * Double(start), bandWidth = spacing * Double(end - start + 1)
            w.rect(x: x0, y: cutY, width: bandWidth, height: scale(0) - cutY, fill: color, opacity: 0.13)
            w.rect(x: x0 + 0.5, y: baseline + 4, width: bandWidth - 1, height: 14, fill: color,
                   cssClass: "cluster-band", title: "cluster \(cluster)")
            if bandWidth >= approximateTextWidth(String(cluster), size: 10) + 2 {
                w.text(String(cluster), x: x0 + bandWidth / 2, y: baseline + 15, size: 10, anchor: .middle,
                       fill: ReportPalette.textColor(on: color), bold: true)
            }
            start = end + 1
        }

        w.openGroup([("class", "links"), ("fill", "none")])
        for link in links {
            let (xa, xb, ya, yb, yh) = (x[link.a]!, x[link.b]!, y[link.a]!, y[link.b]!, y[link.node]!)
            w.polyline([(xa, ya), (xa, yh), (xb, yh), (xb, yb)],
                       stroke: ReportPalette.deviation(link.deviation), width: 1.6)
        }
        w.closeGroup()

        w.openGroup([("class", "leaves")])
        for leaf in leaves {
            let lx = x[leaf.node]!
            w.circle(cx: lx, cy: scale(0), r: leaf.size > 1 ? 3 : 2, fill: ReportPalette.deviation(leaf.maxDeviation),
                     cssClass: "leaf",
                     title: "\(leaf.label): \(leaf.size) observation\(leaf.size == 1 ? "" : "s"), cluster \(leaf.cluster), max deviation \(ReportNumber.fixed(leaf.maxDeviation, decimals: 3))")
            w.text(truncated(leaf.label, to: 16), x: lx + 3.5, y: baseline + 24, size: 10, anchor: .end, fill: "#333",
                   rotate: -90)
        }
        w.closeGroup()

        if let cutHeight {
            let cy = scale(cutHeight)
            w.line(left - 8, cy, plotRight, cy, stroke: "#222", width: 1.2, dash: "6 4", cssClass: "cut-line")
            w.text("k = \(clusterCount)", x: plotRight + 4, y: cy + 4, size: 11, fill: "#222")
        }
        if let fairCut {
            let fy = scale(fairCut.height)
            w.line(left - 8, fy, plotRight, fy, stroke: "#7a0177", width: 1.2, dash: "2 3", cssClass: "fair-cut-line")
            w.text(FairCutExtent.shortLabel(alpha: fairCut.alpha, reach: fairCut.clusterCount, tolerance: fairTolerance),
                   x: plotRight + 4, y: fy + 4, size: 11, fill: "#7a0177")
        }
        return w.document(title: title, cssClass: "fairhac-figure dendrogram", standalone: standalone)
    }

    private func deviationLegend(_ w: inout SVGWriter, x: Double, y: Double) {
        w.openGroup([("class", "legend")])
        let label = "Largest deviation from ideal shares:"
        w.text(label, x: x, y: y + 10, size: 12)
        let x0 = x + approximateTextWidth(label, size: 12) + 10
        for i in 0..<10 {
            w.rect(x: x0 + Double(i) * 16, y: y, width: 16, height: 12,
                   fill: ReportPalette.deviation((Double(i) + 0.5) / 10))
        }
        w.text("0", x: x0, y: y + 26, size: 10, anchor: .middle, fill: "#444")
        w.text("0.5", x: x0 + 80, y: y + 26, size: 10, anchor: .middle, fill: "#444")
        w.text("1", x: x0 + 160, y: y + 26, size: 10, anchor: .middle, fill: "#444")
        if cutHeight != nil {
            let lx = x0 + 190
            w.line(lx, y + 6, lx + 28, y + 6, stroke: "#222", width: 1.2, dash: "6 4")
            w.text("cut into k = \(clusterCount) clusters (first n − k merges)", x: lx + 34, y: y + 10, size: 12)
        }
        w.closeGroup()
    }
}
