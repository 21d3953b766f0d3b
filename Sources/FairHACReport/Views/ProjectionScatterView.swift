import FairHACCore
import Foundation

/// Points in two dimensions (a ``FairHACCore/PrincipalProjection``), one panel per partition
/// side by side on the same axes (vanilla HAC beside the fair result): colour is the cluster
/// (``ReportPalette/cluster(_:)``, as in the other views), the marker's shape the protected group.
///
/// ```swift
/// let p = try PrincipalProjection(x)
/// let view = try ProjectionScatterView(projection: p, groups: p.rows.map { g.memberships[$0] }, groupNames: g.names,
///     panels: [.init(title: "vanilla", labels: p.rows.map { vanilla[$0] }), .init(title: "fhac", labels: p.rows.map { fair[$0] })])
/// ```
public struct ProjectionScatterView: ReportView {
    public struct Panel: Sendable, Equatable {
        public var title: String
        /// The cluster of each point.
        public var labels: [Int]

        public init(title: String, labels: [Int]) {
            self.title = title
            self.labels = labels
        }
    }

    /// Marker shapes, by group id (they repeat past six groups).
    public static let shapes = ["circle", "square", "triangle", "diamond", "triangle down", "pentagon"]

    public let title: String
    public let x: [Double]
    public let y: [Double]
    /// The group of each point (an index into `groupNames`); every point in group 0 without groups.
    public let groups: [Int]
    public let groupNames: [String]
    /// What the groups are, for the legend (e.g. "sex").
    public let groupTitle: String
    public let panels: [Panel]
    public let xTitle: String
    public let yTitle: String
    public let captionText: String?

    /// - Throws: when the points, groups and labels do not have the same length.
    public init(
        x: [Double], y: [Double], groups: [Int], groupNames: [String], groupTitle: String = "group", panels: [Panel],
        xTitle: String = "first principal component", yTitle: String = "second principal component",
        title: String = "Clusters in two dimensions", caption: String? = nil
    ) throws {
        guard x.count == y.count, groups.count == x.count, !panels.isEmpty, panels.allSatisfy({ $0.labels.count == x.count }),
            groups.allSatisfy({ $0 >= 0 && $0 < max(1, groupNames.count) })
        else {
            throw ClusteringError.invalidInput(
                "a scatter needs as many y values, groups and labels per panel as x values (\(x.count)), and groups named by groupNames")
        }
        self.x = x
        self.y = y
        self.groups = groups
        self.groupNames = groupNames
        self.groupTitle = groupTitle
        self.panels = panels
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.title = title
        captionText = caption
    }

    public var caption: String? { captionText }

    public func svg(standalone: Bool) -> String {
        let width = 900.0, left = 62.0, gap = 40.0, top = 34.0
        let panelWidth = (width - left - 16 - gap * Double(panels.count - 1)) / Double(panels.count)
        let plotHeight = min(400, max(260, panelWidth * 0.9))
        let k = (panels.flatMap(\.labels).max() ?? -1) + 1
        let clusterItems = (0..<min(k, 20)).map { (label: "cluster \($0)", color: ReportPalette.cluster($0)) }
        let groupLabels = groupNames.isEmpty ? [] : groupNames.enumerated().map { "\(groupTitle) \($1) (\(Self.shapes[$0 % Self.shapes.count]))" }
        let legendTop = top + plotHeight + 56
        let clusterRows = SVGWriter.legendRowCount(clusterItems.map(\.label), x: left, maxX: width - 20)
        let groupRows = groupLabels.isEmpty ? 0 : SVGWriter.legendRowCount(groupLabels, x: left, maxX: width - 20)
        var w = SVGWriter(width: width, height: legendTop + 20 * Double(clusterRows + groupRows) + 6)

        let finite = x.indices.filter { x[$0].isFinite && y[$0].isFinite }
        let xTicks = NiceTicks(low: finite.map { x[$0] }.min() ?? 0, high: finite.map { x[$0] }.max() ?? 1)
        let yTicks = NiceTicks(low: finite.map { y[$0] }.min() ?? 0, high: finite.map { y[$0] }.max() ?? 1)
        let sy = LinearScale(domain: (yTicks.low, yTicks.high), range: (top + plotHeight, top))
        let r = x.count > 2000 ? 2.2 : x.count > 500 ? 2.8 : 3.5
        for (p, panel) in panels.enumerated() {
            let x0 = left + Double(p) * (panelWidth + gap)
            let sx = LinearScale(domain: (xTicks.low, xTicks.high), range: (x0, x0 + panelWidth))
            w.text(truncated(panel.title, to: 60), x: x0 + panelWidth / 2, y: top - 14, size: 13, anchor: .middle, bold: true)
            w.yAxis(yTicks, scale: sy, xRange: (x0, x0 + panelWidth), title: p == 0 ? yTitle : nil)
            w.xAxis(xTicks.values, label: xTicks.label, scale: sx, y: top + plotHeight, title: xTitle)
            // One path per (cluster, group): thousands of markers in a few elements.
            var paths: [Int: [Int: String]] = [:]
            for i in finite {
                let shape = Self.marker(groups[i], cx: sx(x[i]), cy: sy(y[i]), r: r)
                paths[panel.labels[i], default: [:]][groups[i], default: ""] += shape
            }
            w.openGroup([("class", "projection-points")])
            for c in paths.keys.sorted() {
                for g in paths[c]!.keys.sorted() {
                    w.path(paths[c]![g]!, fill: ReportPalette.cluster(c), opacity: 0.8,
                           title: "cluster \(c)" + (groupNames.isEmpty ? "" : ", \(groupTitle) \(groupNames[g])"))
                }
            }
            w.closeGroup()
        }
        w.legend(clusterItems, x: left, y: legendTop, maxX: width - 20)
        if !groupLabels.isEmpty {
            w.openGroup([("class", "legend shapes")])
            let positions = SVGWriter.legendLayout(groupLabels, x: left, maxX: width - 20)
            for (g, position) in positions.enumerated() {
                let cy = legendTop + 20 * Double(clusterRows + position.row)
                w.path(Self.marker(g, cx: position.x + 7, cy: cy - 4, r: 5), fill: "#555")
                w.text(truncated(groupLabels[g], to: 40), x: position.x + 20, y: cy, size: 12)
            }
            w.closeGroup()
        }
        return w.document(title: title, cssClass: "fairhac-figure projection", standalone: standalone)
    }

    /// The marker of group `g` centred at (cx, cy), as path commands.
    static func marker(_ g: Int, cx: Double, cy: Double, r: Double) -> String {
        func n(_ v: Double) -> String { ReportNumber.compact(v, maxDecimals: 1) }
        switch g % shapes.count {
        case 0:  // circle: two arcs
            return "M\(n(cx - r)) \(n(cy))a\(n(r)) \(n(r)) 0 1 0 \(n(2 * r)) 0a\(n(r)) \(n(r)) 0 1 0 \(n(-2 * r)) 0Z"
        case 1:
            let s = r * 0.9
            return "M\(n(cx - s)) \(n(cy - s))h\(n(2 * s))v\(n(2 * s))h\(n(-2 * s))Z"
        case 2:
            return "M\(n(cx)) \(n(cy - r * 1.15))L\(n(cx + r * 1.1)) \(n(cy + r * 0.85))H\(n(cx - r * 1.1))Z"
        case 3:
            return "M\(n(cx)) \(n(cy - r * 1.25))L\(n(cx + r * 1.1)) \(n(cy))L\(n(cx)) \(n(cy + r * 1.25))L\(n(cx - r * 1.1)) \(n(cy))Z"
        case 4:
            return "M\(n(cx)) \(n(cy + r * 1.15))L\(n(cx + r * 1.1)) \(n(cy - r * 0.85))H\(n(cx - r * 1.1))Z"
        default:  // pentagon
            let points = (0..<5).map { i -> String in
                let a = -Double.pi / 2 + Double(i) * 2 * Double.pi / 5
                return "\(n(cx + r * 1.15 * cos(a))) \(n(cy + r * 1.15 * sin(a)))"
            }
            return "M" + points.joined(separator: "L") + "Z"
        }
    }
}
