import FairHACCore

/// Stacked horizontal bars of the group shares of every cluster, above an "ideal" bar with the
/// ideal shares. Clusters are labelled in their ``ReportPalette/cluster(_:)`` colour (the
/// ``DendrogramView`` colours), groups coloured with ``ReportPalette/group(_:)``.
///
/// ```swift
/// let view = try ClusterCompositionView(tree: tree, groups: groups, ideal: ideal, clusterCount: 5)
/// let svg = view.svg()
/// ```
public struct ClusterCompositionView: ReportView {
    /// One bar: a cluster's group counts and shares.
    public struct Bar: Sendable, Equatable {
        /// Cluster label.
        public let cluster: Int
        public let size: Int
        /// Observations of each group.
        public let counts: [Int]
        /// Share of each group (summing to 1 for a non-empty cluster).
        public let shares: [Double]
        /// `max_l |share_l - ideal_l|`.
        public let maxDeviation: Double
    }

    public let title: String
    /// The caption under the figure; `nil` for the default, which describes the shares.
    public var captionText: String?
    public let groupNames: [String]
    public let ideal: [Double]
    /// One bar per cluster, by cluster label.
    public let bars: [Bar]

    /// - Parameters:
    ///   - groupNames: name of each group.
    ///   - clusterCounts: `clusterCounts[c][l]`, the observations of group `l` in cluster `c`.
    ///   - ideal: the ideal share of each group.
    public init(groupNames: [String], clusterCounts: [[Int]], ideal: [Double], title: String = "Cluster composition") throws {
        guard ideal.count == groupNames.count, clusterCounts.allSatisfy({ $0.count == groupNames.count }) else {
            throw ClusteringError.invalidInput("every cluster needs a count and an ideal share for each of the \(groupNames.count) groups")
        }
        self.title = title
        self.groupNames = groupNames
        self.ideal = ideal
        bars = clusterCounts.enumerated().map { cluster, counts in
            let size = counts.reduce(0, +)
            let shares = counts.map { size > 0 ? Double($0) / Double(size) : 0 }
            let deviation = zip(shares, ideal).map { abs($0 - $1) }.max() ?? 0
            return Bar(cluster: cluster, size: size, counts: counts, shares: shares, maxDeviation: deviation)
        }
    }

    /// The composition of clusters given as one label (`0..<k`) per observation.
    public init(labels: [Int], groups: GroupAssignment, ideal: [Double], title: String = "Cluster composition") throws {
        guard labels.count == groups.count, labels.allSatisfy({ $0 >= 0 }) else {
            throw ClusteringError.invalidInput("\(labels.count) cluster labels for \(groups.count) observations")
        }
        let k = (labels.max() ?? -1) + 1
        var counts = [[Int]](repeating: [Int](repeating: 0, count: groups.groupCount), count: k)
        for (i, label) in labels.enumerated() { counts[label][groups.memberships[i]] += 1 }
        try self.init(groupNames: groups.names, clusterCounts: counts, ideal: ideal, title: title)
    }

    /// The composition of the `k` clusters made by the first `n - k` merges of `tree`.
    public init(
        tree: Dendrogram, groups: GroupAssignment, ideal: [Double], clusterCount k: Int,
        title: String = "Cluster composition"
    ) throws {
        try self.init(labels: tree.labels(clusterCount: k), groups: groups, ideal: ideal, title: title)
    }

    public var caption: String? {
        captionText ?? "Share of each group in each cluster; the bottom bar shows the ideal shares. Right: cluster size and largest deviation from the ideal shares."
    }

    public func svg(standalone: Bool) -> String {
        let left = 100.0, barWidth = 560.0, barHeight = 20.0, gap = 8.0, top = 16.0
        let width = left + barWidth + 170
        let rows = bars.count + 1
        let legendTop = top + Double(rows) * (barHeight + gap) + 14 + 34
        let legendLabels = groupNames.map { "group " + $0 }
        let legendRows = SVGWriter.legendRowCount(legendLabels, x: left, maxX: width - 20)
        var w = SVGWriter(width: width, height: legendTop + Double(legendRows) * 20 + 4)

        w.text("size · max dev.", x: left + barWidth + 10, y: top - 4, size: 11, fill: "#555")
        for (row, bar) in bars.enumerated() {
            let y = top + 4 + Double(row) * (barHeight + gap)
            let color = ReportPalette.cluster(bar.cluster)
            w.rect(x: left - 96, y: y + 1, width: 86, height: barHeight - 2, fill: color, cssClass: "cluster-label")
            w.text("Cluster \(bar.cluster)", x: left - 53, y: y + 14.5, size: 12, anchor: .middle,
                   fill: ReportPalette.textColor(on: color), bold: true)
            drawShares(&w, bar.shares, counts: bar.counts, y: y, left: left, width: barWidth, height: barHeight,
                       cssClass: "composition-bar")
            w.text("n = \(bar.size) · \(ReportNumber.fixed(bar.maxDeviation, decimals: 2))",
                   x: left + barWidth + 10, y: y + 15, size: 12, fill: "#333")
        }
        let idealY = top + 4 + Double(bars.count) * (barHeight + gap) + 10
        w.line(left - 96, idealY - 8, left + barWidth, idealY - 8, stroke: "#bbb")
        w.text("Ideal", x: left - 53, y: idealY + 14.5, size: 12, anchor: .middle, bold: true)
        drawShares(&w, ideal, counts: nil, y: idealY, left: left, width: barWidth, height: barHeight,
                   cssClass: "ideal-bar")
        for t in [0.0, 0.25, 0.5, 0.75, 1] {
            let x = left + t * barWidth
            w.line(x, idealY + barHeight, x, idealY + barHeight + 4, stroke: "#666")
            w.text(ReportNumber.compact(t), x: x, y: idealY + barHeight + 15, size: 10, anchor: .middle, fill: "#444")
        }
        let items = legendLabels.enumerated().map { (label: $1, color: ReportPalette.group($0)) }
        w.legend(items, x: left, y: legendTop, maxX: width - 20)
        return w.document(title: title, cssClass: "fairhac-figure composition", standalone: standalone)
    }

    private func drawShares(
        _ w: inout SVGWriter, _ shares: [Double], counts: [Int]?, y: Double, left: Double, width: Double,
        height: Double, cssClass: String
    ) {
        w.openGroup([("class", cssClass)])
        var x = left
        for (l, share) in shares.enumerated() where share > 0 {
            let segment = share * width
            let color = ReportPalette.group(l)
            let countText = counts.map { " (\($0[l]))" } ?? ""
            w.rect(x: x, y: y, width: segment, height: height, fill: color, stroke: "#fff", strokeWidth: 0.5,
                   title: "\(groupNames[l]): \(ReportNumber.fixed(share * 100, decimals: 1))%\(countText)")
            let label = ReportNumber.fixed(share * 100, decimals: 0) + "%"
            if segment >= approximateTextWidth(label, size: 10) + 6 {
                w.text(label, x: x + segment / 2, y: y + height / 2 + 3.5, size: 10, anchor: .middle,
                       fill: ReportPalette.textColor(on: color))
            }
            x += segment
        }
        w.closeGroup()
    }
}
