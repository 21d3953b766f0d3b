import FairHACCore

/// Bars grouped by category, one bar per series in each group, with optional error bars
/// (e.g. silhouette per dataset and linkage for vanilla, FHAC, AFHAC-V and AFHAC-R, ± sd).
///
/// ```swift
/// let view = try GroupedBarChartView(categories: ["adult/average", "bank/single"], series: ["vanilla", "FHAC"], values: [[0.41, 0.52], [0.38, 0.50]], valueAxisTitle: "silhouette")
/// let svg = view.svg()
/// ```
public struct GroupedBarChartView: ReportView {
    public let title: String
    public let categories: [String]
    public let series: [String]
    /// `values[series][category]`; `nil` draws no bar.
    public let values: [[Double?]]
    /// Half-lengths of the error bars, shaped like `values`, or `nil` for none.
    public let errors: [[Double?]]?
    public let valueAxisTitle: String

    /// - Throws: when `values` (and `errors`) are not `series.count` rows of `categories.count`.
    public init(
        categories: [String], series: [String], values: [[Double?]], errors: [[Double?]]? = nil,
        valueAxisTitle: String, title: String = "Comparison"
    ) throws {
        func fits(_ m: [[Double?]]) -> Bool { m.count == series.count && m.allSatisfy { $0.count == categories.count } }
        guard fits(values), errors.map(fits) ?? true else {
            throw ClusteringError.invalidInput("values need one row per series (\(series.count)) of one value per category (\(categories.count))")
        }
        self.title = title
        self.categories = categories
        self.series = series
        self.values = values
        self.errors = errors
        self.valueAxisTitle = valueAxisTitle
    }

    public var caption: String? {
        errors == nil ? nil : "Error bars: ± the given spread (e.g. one standard deviation)."
    }

    public func svg(standalone: Bool) -> String {
        let width = 900.0, left = 80.0, plotWidth = 790.0, plotHeight = 280.0
        let legendRows = SVGWriter.legendRowCount(series, x: left, maxX: width - 20)
        let top = 14 + 20 * Double(legendRows)
        let groupWidth = plotWidth / Double(max(1, categories.count))
        let labels = categories.map { truncated($0, to: 28) }
        let longest = labels.map { approximateTextWidth($0, size: 11) }.max() ?? 0
        let rotated = longest > groupWidth - 6
        var w = SVGWriter(width: width, height: top + plotHeight + (rotated ? longest * 0.6 + 30 : 28))

        var low = 0.0, high = 0.0
        for (s, row) in values.enumerated() {
            for (c, v) in row.enumerated() {
                guard let v, v.isFinite else { continue }
                let e = abs(errors?[s][c] ?? 0)
                low = min(low, v - (e.isFinite ? e : 0))
                high = max(high, v + (e.isFinite ? e : 0))
            }
        }
        let ticks = NiceTicks(low: low, high: high)
        let y = LinearScale(domain: (ticks.low, ticks.high), range: (top + plotHeight, top))
        w.legend(series.enumerated().map { (label: $1, color: ReportPalette.series($0)) }, x: left, y: 16,
                 maxX: width - 20)
        w.yAxis(ticks, scale: y, xRange: (left, left + plotWidth), title: valueAxisTitle)

        let barWidth = groupWidth * 0.8 / Double(max(1, series.count))
        for (c, label) in labels.enumerated() {
            let groupLeft = left + Double(c) * groupWidth + groupWidth * 0.1
            for (s, name) in series.enumerated() {
                guard let v = values[s][c], v.isFinite else { continue }
                let x = groupLeft + Double(s) * barWidth
                let (y0, y1) = (y(0), y(v))
                var tip = "\(categories[c]), \(name): \(ReportNumber.fixed(v, decimals: 4))"
                if let e = errors?[s][c], e.isFinite { tip += " ± \(ReportNumber.fixed(e, decimals: 4))" }
                w.rect(x: x + 1, y: min(y0, y1), width: barWidth - 2, height: abs(y0 - y1),
                       fill: ReportPalette.series(s), cssClass: "bar", title: tip)
                if let e = errors?[s][c], e.isFinite, e > 0 {
                    let cx = x + barWidth / 2, (ya, yb) = (y(v - e), y(v + e))
                    w.line(cx, ya, cx, yb, stroke: "#222", width: 1.2, cssClass: "error-bar")
                    w.line(cx - 3, ya, cx + 3, ya, stroke: "#222", width: 1.2)
                    w.line(cx - 3, yb, cx + 3, yb, stroke: "#222", width: 1.2)
                }
            }
            let cx = left + (Double(c) + 0.5) * groupWidth, ly = top + plotHeight + 16
            if rotated {
                w.text(label, x: cx + 4, y: ly, size: 11, anchor: .end, fill: "#333", rotate: -35)
            } else {
                w.text(label, x: cx, y: ly, size: 11, anchor: .middle, fill: "#333")
            }
        }
        w.line(left, y(0), left + plotWidth, y(0), stroke: "#666")
        return w.document(title: title, cssClass: "fairhac-figure grouped-bars", standalone: standalone)
    }
}
