import FairHACCore

/// A grid of an objective over two parameters (for `tune`: b in rows, d in columns), each cell
/// coloured and labelled with its value, the best cell outlined; missing cells are grey.
///
/// ```swift
/// let view = try HeatMapView(rowValues: gridB, columnValues: gridD, values: mfc, preferring: .lower, valueName: "MFC")
/// let svg = view.svg()
/// ```
public struct HeatMapView: ReportView {
    /// A cell of the grid.
    public struct Cell: Sendable, Equatable {
        public var row: Int
        public var column: Int

        public init(row: Int, column: Int) {
            self.row = row
            self.column = column
        }
    }

    public let title: String
    public let rowTitle: String
    public let columnTitle: String
    public let valueName: String
    public let rowValues: [Double]
    public let columnValues: [Double]
    /// `values[row][column]`; `nil` where the setting was not evaluated.
    public let values: [[Double?]]
    public let preference: ValuePreference
    /// Decimals of the printed values.
    public let decimals: Int
    /// The outlined cell: the one given, or else the best finite cell (the first in row-major
    /// order on ties); `nil` if none.
    public let best: Cell?

    /// - Parameter best: the cell to outline, when the caller chose it with its own tie rules
    ///   (`tune` breaks ties on silhouette, then d, then b); `nil` picks the best value here.
    /// - Throws: when `values` is not `rowValues.count` rows of `columnValues.count` cells, or
    ///   `best` is outside the grid.
    public init(
        rowValues: [Double], columnValues: [Double], values: [[Double?]], preferring preference: ValuePreference,
        valueName: String, rowTitle: String = "b", columnTitle: String = "d", decimals: Int = 3,
        title: String = "Grid search", best given: Cell? = nil
    ) throws {
        guard values.count == rowValues.count, values.allSatisfy({ $0.count == columnValues.count }) else {
            throw ClusteringError.invalidInput("a \(rowValues.count) × \(columnValues.count) grid needs that many values")
        }
        self.title = title
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.valueName = valueName
        self.rowValues = rowValues
        self.columnValues = columnValues
        self.values = values
        self.preference = preference
        self.decimals = decimals
        if let given {
            guard values.indices.contains(given.row), values[given.row].indices.contains(given.column) else {
                throw ClusteringError.invalidInput("the best cell (\(given.row), \(given.column)) is outside the grid")
            }
            best = given
            return
        }
        var best: (Cell, Double)?
        for (r, row) in values.enumerated() {
            for (c, value) in row.enumerated() {
                guard let value, value.isFinite else { continue }
                if best.map({ preference.isBetter(value, than: $0.1) }) ?? true { best = (Cell(row: r, column: c), value) }
            }
        }
        self.best = best?.0
    }

    public var caption: String? {
        var s = "\(valueName) for every (\(rowTitle), \(columnTitle)); \(preference == .lower ? "lower" : "higher") is better, darker is better."
        if let best, let v = values[best.row][best.column] {
            s += " Outlined: the best, \(ReportNumber.fixed(v, decimals: decimals)) at \(rowTitle) = \(label(rowValues[best.row])), \(columnTitle) = \(label(columnValues[best.column]))."
        }
        return s
    }

    public func svg(standalone: Bool) -> String {
        let left = 80.0, top = 20.0, cellHeight = 26.0
        let cellWidth = max(46, min(72, 640 / Double(max(1, columnValues.count))))
        let gridWidth = cellWidth * Double(columnValues.count), gridHeight = cellHeight * Double(rowValues.count)
        let width = max(560, left + gridWidth + 150)
        let steps = 10, stepHeight = min(16, max(8, gridHeight / 10))
        var w = SVGWriter(width: width, height: top + max(gridHeight + 44, Double(steps) * stepHeight + 14) + 16)
        let finite = values.flatMap { $0.compactMap { $0 } }.filter(\.isFinite)
        let (low, high) = (finite.min() ?? 0, finite.max() ?? 1)
        func shade(_ v: Double) -> Double {
            guard high > low else { return 1 }
            return preference == .lower ? (high - v) / (high - low) : (v - low) / (high - low)
        }

        for (r, row) in values.enumerated() {
            let y = top + Double(r) * cellHeight
            w.text(label(rowValues[r]), x: left - 8, y: y + cellHeight / 2 + 4, size: 11, anchor: .end, fill: "#444")
            for (c, value) in row.enumerated() {
                let x = left + Double(c) * cellWidth
                let where_ = "\(rowTitle) = \(label(rowValues[r])), \(columnTitle) = \(label(columnValues[c]))"
                guard let value, value.isFinite else {
                    w.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: "#eeeeee", stroke: "#fff",
                           cssClass: "missing-cell", title: where_ + ": no value")
                    w.text("–", x: x + cellWidth / 2, y: y + cellHeight / 2 + 4, size: 11, anchor: .middle, fill: "#999")
                    continue
                }
                let color = ReportPalette.sequential(shade(value))
                w.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: color, stroke: "#fff",
                       cssClass: "cell", title: where_ + ": \(valueName) \(ReportNumber.fixed(value, decimals: decimals))")
                w.text(ReportNumber.fixed(value, decimals: decimals), x: x + cellWidth / 2, y: y + cellHeight / 2 + 4,
                       size: 10.5, anchor: .middle, fill: ReportPalette.textColor(on: color))
            }
        }
        if let best {
            w.rect(x: left + Double(best.column) * cellWidth + 1.5, y: top + Double(best.row) * cellHeight + 1.5,
                   width: cellWidth - 3, height: cellHeight - 3, fill: "none", stroke: "#d62728", strokeWidth: 3,
                   cssClass: "best-cell")
        }
        for (c, v) in columnValues.enumerated() {
            w.text(label(v), x: left + (Double(c) + 0.5) * cellWidth, y: top + gridHeight + 16, size: 11,
                   anchor: .middle, fill: "#444")
        }
        w.text(columnTitle, x: left + gridWidth / 2, y: top + gridHeight + 36, size: 12, anchor: .middle, bold: true)
        w.text(rowTitle, x: 20, y: top + gridHeight / 2, size: 12, anchor: .middle, bold: true, rotate: -90)

        // Colour scale: worst at the bottom, best at the top.
        let sx = left + gridWidth + 30
        w.openGroup([("class", "legend")])
        w.text(valueName, x: sx, y: top - 6, size: 11, bold: true)
        for i in 0..<steps {
            let t = (Double(steps - 1 - i) + 0.5) / Double(steps)
            w.rect(x: sx, y: top + 4 + Double(i) * stepHeight, width: 16, height: stepHeight,
                   fill: ReportPalette.sequential(t))
        }
        let (bestValue, worstValue) = preference == .lower ? (low, high) : (high, low)
        w.text(ReportNumber.fixed(bestValue, decimals: decimals) + " best", x: sx + 22, y: top + 14, size: 10, fill: "#444")
        w.text(ReportNumber.fixed(worstValue, decimals: decimals), x: sx + 22,
               y: top + 4 + Double(steps) * stepHeight, size: 10, fill: "#444")
        w.closeGroup()
        return w.document(title: title, cssClass: "fairhac-figure heat-map", standalone: standalone)
    }

    private func label(_ v: Double) -> String { ReportNumber.compact(v, maxDecimals: 6) }
}
