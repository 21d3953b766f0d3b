import FairHACCore
import Foundation

/// A linear map from data values to SVG coordinates.
struct LinearScale {
    var domain: (Double, Double)
    var range: (Double, Double)

    func callAsFunction(_ v: Double) -> Double {
        let span = domain.1 - domain.0
        guard span != 0 else { return (range.0 + range.1) / 2 }
        return range.0 + (v - domain.0) / span * (range.1 - range.0)
    }
}

/// "Nice" tick values (steps of 1, 2 or 5 times a power of ten) covering `low...high`.
struct NiceTicks {
    let values: [Double]
    /// Decimals that show every tick exactly.
    let decimals: Int

    init(low: Double, high: Double, count: Int = 5) {
        // Non-finite bounds (nothing finite to draw) fall back to 0...1 rather than trapping below.
        var (low, high) = low.isFinite && high.isFinite ? (min(low, high), max(low, high)) : (0, 1)
        if !(high - low > 1e-12) {
            low -= 0.5
            high += 0.5
        }
        let rough = (high - low) / Double(max(1, count))
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        // A span too wide for a Double (say -1e308...1e308): the two ends, nothing computed from them.
        guard step.isFinite, step > 0, ((high / step).rounded(.up) * step).isFinite,
            ((low / step).rounded(.down) * step).isFinite
        else {
            values = [low, high]
            decimals = 0
            return
        }
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        var v = [Double]()
        var i = first
        while i <= last + 1e-9 && v.count < 50 {
            v.append(i * step)
            i += 1
        }
        values = v
        decimals = max(0, Int(-floor(log10(step) + 1e-9)))
    }

    var low: Double { values.first ?? 0 }
    var high: Double { values.last ?? 1 }

    func label(_ v: Double) -> String { ReportNumber.fixed(v, decimals: decimals) }
}

extension SVGWriter {
    /// A left y axis: tick marks, labels and light horizontal grid lines across `xRange`.
    mutating func yAxis(
        _ ticks: NiceTicks, scale: LinearScale, xRange: (Double, Double), title: String? = nil
    ) {
        openGroup([("class", "axis y-axis")])
        for v in ticks.values {
            let y = scale(v)
            line(xRange.0, y, xRange.1, y, stroke: "#e4e4e4")
            line(xRange.0 - 4, y, xRange.0, y, stroke: "#666")
            text(ticks.label(v), x: xRange.0 - 6, y: y + 4, size: 11, anchor: .end, fill: "#444")
        }
        line(xRange.0, scale.range.0, xRange.0, scale.range.1, stroke: "#666")
        if let title {
            let mid = (scale.range.0 + scale.range.1) / 2
            text(title, x: xRange.0 - 44, y: mid, size: 12, anchor: .middle, fill: "#333", rotate: -90)
        }
        closeGroup()
    }

    /// A bottom x axis at `y` with labelled ticks at `values` (already in data units).
    mutating func xAxis(
        _ values: [Double], label: (Double) -> String, scale: LinearScale, y: Double, title: String? = nil
    ) {
        openGroup([("class", "axis x-axis")])
        line(scale.range.0, y, scale.range.1, y, stroke: "#666")
        for v in values {
            let x = scale(v)
            line(x, y, x, y + 4, stroke: "#666")
            text(label(v), x: x, y: y + 17, size: 11, anchor: .middle, fill: "#444")
        }
        if let title {
            text(title, x: (scale.range.0 + scale.range.1) / 2, y: y + 36, size: 12, anchor: .middle, fill: "#333")
        }
        closeGroup()
    }

    /// Positions (x, row) of legend items laid out in rows from `x`, wrapping before `maxX`.
    static func legendLayout(_ labels: [String], x: Double, maxX: Double) -> [(x: Double, row: Int)] {
        var (cx, row) = (x, 0)
        var positions = [(x: Double, row: Int)]()
        for label in labels {
            let w = 22 + approximateTextWidth(truncated(label, to: 40), size: 12) + 16
            if cx + w > maxX && cx > x {
                cx = x
                row += 1
            }
            positions.append((cx, row))
            cx += w
        }
        return positions
    }

    /// Rows that ``legend(_:x:y:maxX:swatch:)`` needs for `labels`.
    static func legendRowCount(_ labels: [String], x: Double, maxX: Double) -> Int {
        (legendLayout(labels, x: x, maxX: maxX).last?.row ?? 0) + 1
    }

    /// A legend of coloured swatches in rows 20 high, the first baseline at `y`, wrapping
    /// before `maxX`.
    mutating func legend(
        _ items: [(label: String, color: String)], x: Double, y: Double, maxX: Double, swatch: LegendSwatch = .square
    ) {
        openGroup([("class", "legend")])
        let positions = Self.legendLayout(items.map(\.label), x: x, maxX: maxX)
        for (item, position) in zip(items, positions) {
            let (cx, cy) = (position.x, y + 20 * Double(position.row))
            switch swatch {
            case .square:
                rect(x: cx, y: cy - 10, width: 14, height: 12, fill: item.color, title: item.label)
            case .line:
                line(cx, cy - 4, cx + 16, cy - 4, stroke: item.color, width: 2.5)
                circle(cx: cx + 8, cy: cy - 4, r: 3, fill: item.color)
            }
            text(truncated(item.label, to: 40), x: cx + 20, y: cy, size: 12)
        }
        closeGroup()
    }

    enum LegendSwatch { case square, line }
}
