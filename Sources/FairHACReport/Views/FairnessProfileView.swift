import FairHACCore

/// Two line charts side by side, MFC (lower is fairer) and balance (higher is fairer) against
/// the number of clusters k, with one line per series (e.g. "vanilla" and "fair"). Given the
/// chosen k (`clusterCount`), the MFC axis is scaled so that k's neighbourhood is legible, with
/// larger values marked off scale (see `mfcAxis`).
///
/// ```swift
/// let view = FairnessProfileView(
///     series: [.init(name: "vanilla", levels: a.levels), .init(name: "fair", levels: b.levels)], clusterCount: k)
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
    /// The chosen k (the run's k): marked by a grey line in both panels, and the MFC axis is
    /// scaled to its neighbourhood (see `mfcAxis`). `nil`: no k is marked and the MFC axis
    /// runs from 0 to the largest MFC, as before.
    public let clusterCount: Int?
    /// A vertical marker at k (e.g. "fair to k = 9": how far up the fair tree's fairness reaches).
    public let marker: (k: Int, label: String)?

    public init(
        series: [Series], title: String = "Fairness by number of clusters", clusterCount: Int? = nil,
        marker: (k: Int, label: String)? = nil
    ) {
        self.title = title
        self.series = series
        self.clusterCount = clusterCount
        self.marker = marker
    }

    /// How the MFC panel's y axis is scaled.
    ///
    /// A tree's MFC never falls as k grows (a merge never raises it), so a profile that runs to
    /// k = max(20, 2k) often ends several times higher than its value at the chosen k, and an
    /// axis from 0 to that end flattens the chosen k into the bottom few pixels. The rule:
    ///
    /// - The chosen k's neighbourhood is every k' with floor(k / 2) <= k' <= 2k (halving to
    ///   doubling the number of clusters), over all series.
    /// - If the largest finite MFC anywhere is more than twice the neighbourhood's largest, the
    ///   axis runs from 0 to the neighbourhood's largest rounded up to a nice tick; otherwise
    ///   (or with no chosen k, or a neighbourhood whose MFC is all 0) from 0 to the largest MFC.
    ///   Either way the neighbourhood's values get at least half the plot's height.
    /// - Values above the axis top are not drawn to scale: a line leaving the plot is cut at the
    ///   top edge, each such point is a triangle on the edge (its true value in a tooltip), the
    ///   panel says "off scale" with the largest value, and the caption says where the axis stops.
    ///
    /// The balance axis always runs from 0 to 1, balance's whole range: it has no outliers to
    /// squash the chosen k, and an absolute scale is what a balance means.
    struct MFCAxis {
        var ticks: NiceTicks
        /// The k' range the axis was scaled to, when it was narrowed; `nil` for the full range.
        var neighbourhood: ClosedRange<Int>?
        /// The largest finite MFC of all series, drawn at the top edge when above `ticks.high`.
        var largest: Double
        /// A k where `largest` occurs (the smallest such k).
        var largestK: Int

        var isClipped: Bool { largest > ticks.high }
    }

    var mfcAxis: MFCAxis {
        let points = series.flatMap(\.points).filter { $0.mfc.isFinite }
        let largest = points.max { $0.mfc < $1.mfc || ($0.mfc == $1.mfc && $0.k > $1.k) }
        let full = MFCAxis(ticks: NiceTicks(low: 0, high: largest?.mfc ?? 1), neighbourhood: nil,
                           largest: largest?.mfc ?? 0, largestK: largest?.k ?? 0)
        guard let k = clusterCount, let largest else { return full }
        let neighbourhood = (k / 2)...max(k / 2, 2 * k)
        let near = points.filter { neighbourhood.contains($0.k) }.map(\.mfc).max() ?? 0
        guard near > 1e-9, largest.mfc > 2 * near else { return full }
        return MFCAxis(ticks: NiceTicks(low: 0, high: near), neighbourhood: neighbourhood,
                       largest: largest.mfc, largestK: largest.k)
    }

    public var caption: String? {
        var s = "MFC (Max Fairness Cost, lower is fairer) and balance (higher is fairer) of the partition into k clusters, for each k."
        if let k = clusterCount { s += " The grey line marks the chosen k = \(k)." }
        let axis = mfcAxis
        if let near = axis.neighbourhood, axis.isClipped {
            s += " The MFC axis is scaled to k = \(near.lowerBound) to \(near.upperBound) around the chosen k: MFC above "
                + "\(axis.ticks.label(axis.ticks.high)) is not to scale, drawn as a triangle on the top edge (the largest is "
                + "\(ReportNumber.fixed(axis.largest, decimals: 3)), at k = \(axis.largestK))."
        }
        return s
    }

    // Layout, shared by the drawing and the scales below.
    static let width = 900.0, panelWidth = 340.0, top = 30.0, plotHeight = 240.0
    static let mfcLeft = 70.0, balanceLeft = 70.0 + panelWidth + 110

    /// The MFC panel's y scale (value to SVG y).
    var mfcScale: LinearScale {
        let ticks = mfcAxis.ticks
        return LinearScale(domain: (ticks.low, ticks.high), range: (Self.top + Self.plotHeight, Self.top))
    }

    public func svg(standalone: Bool) -> String {
        let width = Self.width, panelWidth = Self.panelWidth, top = Self.top, plotHeight = Self.plotHeight
        let legendLabels = series.map(\.name)
        let legendRows = SVGWriter.legendRowCount(legendLabels, x: 70, maxX: width - 20)
        var w = SVGWriter(width: width, height: top + plotHeight + 50 + Double(legendRows) * 20 + 10)
        let ks = series.flatMap { $0.points.map { Double($0.k) } }
        let kRange = (ks.min() ?? 2, ks.max() ?? 20)
        let axis = mfcAxis
        panel(&w, left: Self.mfcLeft, top: top, width: panelWidth, height: plotHeight, kRange: kRange,
              yTicks: axis.ticks, name: "MFC (lower is fairer)", value: \.mfc, valueName: "MFC")
        if axis.isClipped {
            w.text("\u{25B2} off scale (up to \(ReportNumber.fixed(axis.largest, decimals: 3)))", x: Self.mfcLeft + panelWidth,
                   y: top - 12, size: 11, anchor: .end, fill: "#444", cssClass: "off-scale-note")
        }
        panel(&w, left: Self.balanceLeft, top: top, width: panelWidth, height: plotHeight, kRange: kRange,
              yTicks: NiceTicks(low: 0, high: 1), name: "balance (higher is fairer)", value: \.balance, valueName: "balance")
        let items = legendLabels.enumerated().map { (label: $1, color: ReportPalette.series($0)) }
        w.legend(items, x: 70, y: top + plotHeight + 62, maxX: width - 20, swatch: .line)
        return w.document(title: title, cssClass: "fairhac-figure fairness-profile", standalone: standalone)
    }

    private func panel(
        _ w: inout SVGWriter, left: Double, top: Double, width: Double, height: Double, kRange: (Double, Double),
        yTicks: NiceTicks, name: String, value: KeyPath<Series.Point, Double>, valueName: String
    ) {
        let x = LinearScale(domain: kRange, range: (left + 8, left + width - 8))
        let y = LinearScale(domain: (yTicks.low, yTicks.high), range: (top + height, top))
        w.text(name, x: left, y: top - 12, size: 13, bold: true)
        w.yAxis(yTicks, scale: y, xRange: (left, left + width), title: nil)
        let span = Int(kRange.1 - kRange.0)
        let step = max(1, (span + 9) / 10)
        let kTicks = stride(from: Int(kRange.0), through: Int(kRange.1), by: step).map(Double.init)
        w.xAxis(kTicks, label: { String(Int($0)) }, scale: x, y: top + height, title: "k (number of clusters)")
        if let k = clusterCount, Double(k) >= kRange.0, Double(k) <= kRange.1 {
            let kx = x(Double(k))
            w.line(kx, top, kx, top + height, stroke: "#888", width: 1, cssClass: "chosen-k")
            w.text("k = \(k)", x: kx + 4, y: top + height - 6, size: 11, fill: "#555")
        }
        if let marker, Double(marker.k) >= kRange.0, Double(marker.k) <= kRange.1 {
            let mx = x(Double(marker.k))
            w.line(mx, top, mx, top + height, stroke: "#7a0177", width: 1.2, dash: "2 3", cssClass: "profile-marker")
            w.text(marker.label, x: mx + 4, y: top + 12, size: 11, fill: "#7a0177")
        }
        for (i, s) in series.enumerated() {
            let color = ReportPalette.series(i)
            let finite = s.points.filter { $0[keyPath: value].isFinite }
            let data = finite.map { (x(Double($0.k)), $0[keyPath: value]) }
            w.openGroup([("class", "series")])
            for run in Self.clip(data, low: yTicks.low, high: yTicks.high) {
                w.polyline(run.map { ($0.0, y($0.1)) }, stroke: color, width: 2, dash: [nil, "7 3", "2 3", "9 3 2 3"][i % 4])
            }
            for (p, (px, v)) in zip(finite, data) {
                if v > yTicks.high || v < yTicks.low {
                    // Off scale: a triangle on the edge, pointing the way the value lies.
                    let (edge, d) = v > yTicks.high ? (top, 1.0) : (top + height, -1.0)
                    w.polygon([(px, edge), (px - 4, edge + 7 * d), (px + 4, edge + 7 * d)], fill: color, cssClass: "off-scale",
                              title: "\(s.name), k = \(p.k): \(valueName) \(ReportNumber.fixed(v, decimals: 3)) (off scale)")
                } else {
                    w.circle(cx: px, cy: y(v), r: 2.5, fill: color)
                }
            }
            w.closeGroup()
        }
    }

    /// The polyline through `points` (x, value) cut to `low...high` in value: the runs of it that
    /// lie inside, each ending where the line crosses an edge. With every point inside, one run of
    /// all the points.
    static func clip(_ points: [(Double, Double)], low: Double, high: Double) -> [[(Double, Double)]] {
        guard points.contains(where: { $0.1 < low || $0.1 > high }) else { return points.isEmpty ? [] : [points] }
        var runs: [[(Double, Double)]] = [], run: [(Double, Double)] = []
        for (a, b) in zip(points, points.dropFirst()) {
            // The part t0...t1 of a + t (b - a) inside low...high.
            var t0 = 0.0, t1 = 1.0
            let dy = b.1 - a.1
            if dy == 0 {
                if a.1 < low || a.1 > high { t0 = 1; t1 = 0 }
            } else {
                let (tl, th) = ((low - a.1) / dy, (high - a.1) / dy)
                t0 = max(t0, min(tl, th))
                t1 = min(t1, max(tl, th))
            }
            guard t0 < t1 else {
                if !run.isEmpty { runs.append(run) }
                run = []
                continue
            }
            func at(_ t: Double) -> (Double, Double) {
                t == 0 ? a : t == 1 ? b : (a.0 + t * (b.0 - a.0), min(high, max(low, a.1 + t * dy)))
            }
            if t0 > 0 || run.isEmpty {
                if !run.isEmpty { runs.append(run) }
                run = [at(t0)]
            }
            run.append(at(t1))
            if t1 < 1 {
                runs.append(run)
                run = []
            }
        }
        if !run.isEmpty { runs.append(run) }
        return runs
    }
}
