import FairHACCore

/// Two line charts side by side, MFC (lower is fairer) and balance (higher is fairer) against
/// the number of clusters k, with one line per series (e.g. "vanilla" and "fair").
///
/// ```swift
/// let view = FairnessProfileView(series: [.init(name: "vanilla", levels: a.levels), .init(name: "fair", levels: b.levels)])
/// let svg = view.svg()
/// ```
public struct FairnessProfileView: ReportView {
    /// One line: the fairness of a tree's partitions for a range of k.
    public struct Series: Sendable, Equatable {
        public struct Point: Sendable, Equatable {
            public var k: Int
            public var mfc: Double
            public var balance: Double

            public init(k: Int, mfc: Double, balance: Double) {
                self.k = k
                self.mfc = mfc
                self.balance = balance
            }
        }

        public var name: String
        /// Points in increasing k.
        public var points: [Point]

        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points.sorted { $0.k < $1.k }
        }

        /// The levels of a ``FairHACCore/FairnessProfile``.
        public init(name: String, levels: [FairnessProfile.Level]) {
            self.init(name: name, points: levels.map { Point(k: $0.k, mfc: $0.mfc, balance: $0.balance) })
        }
    }

    public let title: String
    public let series: [Series]
    /// A vertical marker at k (e.g. "fair to k = 9": how far up the fair tree's fairness reaches).
    public let marker: (k: Int, label: String)?

    public init(series: [Series], title: String = "Fairness by number of clusters", marker: (k: Int, label: String)? = nil) {
        self.title = title
        self.series = series
        self.marker = marker
    }

    public var caption: String? {
        "MFC (Max Fairness Cost, lower is fairer) and balance (higher is fairer) of the partition into k clusters, for each k."
    }

    public func svg(standalone: Bool) -> String {
        let width = 900.0, panelWidth = 340.0, top = 30.0, plotHeight = 240.0
        let legendLabels = series.map(\.name)
        let legendRows = SVGWriter.legendRowCount(legendLabels, x: 70, maxX: width - 20)
        var w = SVGWriter(width: width, height: top + plotHeight + 50 + Double(legendRows) * 20 + 10)
        let ks = series.flatMap { $0.points.map { Double($0.k) } }
        let kRange = (ks.min() ?? 2, ks.max() ?? 20)
        let mfcs = series.flatMap { $0.points.map(\.mfc) }.filter(\.isFinite)
        panel(&w, left: 70, top: top, width: panelWidth, height: plotHeight, kRange: kRange,
              yTicks: NiceTicks(low: 0, high: mfcs.max() ?? 1), name: "MFC (lower is fairer)", value: \.mfc)
        panel(&w, left: 70 + panelWidth + 110, top: top, width: panelWidth, height: plotHeight, kRange: kRange,
              yTicks: NiceTicks(low: 0, high: 1), name: "balance (higher is fairer)", value: \.balance)
        let items = legendLabels.enumerated().map { (label: $1, color: ReportPalette.series($0)) }
        w.legend(items, x: 70, y: top + plotHeight + 62, maxX: width - 20, swatch: .line)
        return w.document(title: title, cssClass: "fairhac-figure fairness-profile", standalone: standalone)
    }

    private func panel(
        _ w: inout SVGWriter, left: Double, top: Double, width: Double, height: Double, kRange: (Double, Double),
        yTicks: NiceTicks, name: String, value: KeyPath<Series.Point, Double>
    ) {
        let x = LinearScale(domain: kRange, range: (left + 8, left + width - 8))
        let y = LinearScale(domain: (yTicks.low, yTicks.high), range: (top + height, top))
        w.text(name, x: left, y: top - 12, size: 13, bold: true)
        w.yAxis(yTicks, scale: y, xRange: (left, left + width), title: nil)
        let span = Int(kRange.1 - kRange.0)
        let step = max(1, (span + 9) / 10)
        let kTicks = stride(from: Int(kRange.0), through: Int(kRange.1), by: step).map(Double.init)
        w.xAxis(kTicks, label: { String(Int($0)) }, scale: x, y: top + height, title: "k (number of clusters)")
        if let marker, Double(marker.k) >= kRange.0, Double(marker.k) <= kRange.1 {
            let mx = x(Double(marker.k))
            w.line(mx, top, mx, top + height, stroke: "#7a0177", width: 1.2, dash: "2 3", cssClass: "profile-marker")
            w.text(marker.label, x: mx + 4, y: top + 12, size: 11, fill: "#7a0177")
        }
        for (i, s) in series.enumerated() {
            let color = ReportPalette.series(i)
            let points = s.points.filter { $0[keyPath: value].isFinite }.map { (x(Double($0.k)), y($0[keyPath: value])) }
            w.openGroup([("class", "series")])
            w.polyline(points, stroke: color, width: 2, dash: [nil, "7 3", "2 3", "9 3 2 3"][i % 4])
            for p in points { w.circle(cx: p.0, cy: p.1, r: 2.5, fill: color) }
            w.closeGroup()
        }
    }
}
