import FairHACCore
/// A scatter of fairness against quality (silhouette, higher is better) for every setting of a
/// grid search, with the Pareto front highlighted and joined, and vanilla HAC marked.
///
/// ```swift
/// let view = ParetoScatterView(points: points, vanilla: .init(fairness: 1.8, quality: 0.41), fairnessPreference: .lower, fairnessAxisTitle: "MFC (lower is fairer)")
/// let svg = view.svg()
/// ```
public struct ParetoScatterView: ReportView {
    public struct Point: Sendable, Equatable {
        public var fairness: Double
        public var quality: Double
        /// Shown beside the point on the front and in its tooltip, e.g. `"b = 2, d = 0.5"`.
        public var label: String?

        public init(fairness: Double, quality: Double, label: String? = nil) {
            self.fairness = fairness
            self.quality = quality
            self.label = label
        }
    }

    public let title: String
    /// The grid points (non-finite ones are left out of the drawing).
    public let points: [Point]
    /// Vanilla HAC, drawn as a diamond, or `nil`.
    public let vanilla: Point?
    public let fairnessPreference: ValuePreference
    public let fairnessAxisTitle: String
    public let qualityAxisTitle: String
    public let vanillaLabel: String
    /// Indices into ``points`` of the Pareto front (points that no other point beats on one
    /// axis without losing on the other), by fairness from best to worst.
    public let front: [Int]

    /// - Parameter front: the front's indices into `points`, when the caller has its own (so the
    ///   drawing agrees with a front written elsewhere, e.g. `pareto.csv`); `nil` computes it
    ///   here, keeping points equal to a front point on the front.
    public init(
        points: [Point], vanilla: Point? = nil, fairnessPreference: ValuePreference, fairnessAxisTitle: String,
        qualityAxisTitle: String = "silhouette (higher is better)", vanillaLabel: String = "vanilla HAC",
        title: String = "Fairness against quality", front: [Int]? = nil
    ) {
        self.title = title
        self.points = points
        self.vanilla = vanilla
        self.fairnessPreference = fairnessPreference
        self.fairnessAxisTitle = fairnessAxisTitle
        self.qualityAxisTitle = qualityAxisTitle
        self.vanillaLabel = vanillaLabel
        let valid = points.indices.filter { points[$0].fairness.isFinite && points[$0].quality.isFinite }
        func dominates(_ i: Int, _ j: Int) -> Bool {
            let (p, q) = (points[i], points[j])
            let fairAtLeast = !fairnessPreference.isBetter(q.fairness, than: p.fairness)
            let strictly = fairnessPreference.isBetter(p.fairness, than: q.fairness) || p.quality > q.quality
            return fairAtLeast && p.quality >= q.quality && strictly
        }
        let candidates = front.map { given in valid.filter(Set(given).contains) } ?? valid.filter { j in !valid.contains { dominates($0, j) } }
        self.front = candidates.sorted { i, j in
            let (p, q) = (points[i], points[j])
            return p.fairness != q.fairness ? fairnessPreference.isBetter(p.fairness, than: q.fairness) : i < j
        }
    }

    public var caption: String? {
        "Each grey dot is one setting of the grid; blue dots joined by a line are the Pareto front (no other setting is both fairer and of higher quality)\(vanilla == nil ? "" : "; the diamond is \(vanillaLabel)")."
    }

    public func svg(standalone: Bool) -> String {
        let width = 760.0, left = 80.0, top = 20.0, plotWidth = 600.0, plotHeight = 340.0
        var w = SVGWriter(width: width, height: top + plotHeight + 80)
        let drawn = (points + (vanilla.map { [$0] } ?? [])).filter { $0.fairness.isFinite && $0.quality.isFinite }
        let xTicks = NiceTicks(low: drawn.map(\.fairness).min() ?? 0, high: drawn.map(\.fairness).max() ?? 1)
        let yTicks = NiceTicks(low: drawn.map(\.quality).min() ?? 0, high: drawn.map(\.quality).max() ?? 1)
        let x = LinearScale(domain: (xTicks.low, xTicks.high), range: (left, left + plotWidth))
        let y = LinearScale(domain: (yTicks.low, yTicks.high), range: (top + plotHeight, top))
        w.yAxis(yTicks, scale: y, xRange: (left, left + plotWidth), title: qualityAxisTitle)
        w.xAxis(xTicks.values, label: xTicks.label, scale: x, y: top + plotHeight, title: fairnessAxisTitle)

        func tooltip(_ p: Point) -> String {
            (p.label.map { $0 + ": " } ?? "") + "fairness \(ReportNumber.fixed(p.fairness, decimals: 4)), quality \(ReportNumber.fixed(p.quality, decimals: 4))"
        }
        w.openGroup([("class", "grid-points")])
        for p in points where p.fairness.isFinite && p.quality.isFinite {
            w.circle(cx: x(p.fairness), cy: y(p.quality), r: 3.5, fill: "#b5b5b5", title: tooltip(p))
        }
        w.closeGroup()
        // Labels: the vanilla one first, then the front's, each placed where it overlaps no other
        // label (or left out; the tooltip still has it). Equal points share one label.
        var placed = [(x0: Double, y0: Double, x1: Double, y1: Double)]()
        var vanillaPosition: (Double, Double)?
        if let v = vanilla, v.fairness.isFinite, v.quality.isFinite {
            let position = (x(v.fairness), y(v.quality))
            vanillaPosition = position
            placed.append((position.0 + 10, position.1 - 8, position.0 + 10 + approximateTextWidth(vanillaLabel, size: 11), position.1 + 3))
        }
        w.openGroup([("class", "pareto-front")])
        w.polyline(front.map { (x(points[$0].fairness), y(points[$0].quality)) }, stroke: "#1f77b4", width: 1.5)
        var labelled = 0
        for (rank, i) in front.enumerated() {
            let p = points[i], (px, py) = (x(p.fairness), y(p.quality))
            w.circle(cx: px, cy: py, r: 5, fill: "#1f77b4", stroke: "#fff", cssClass: "pareto-point", title: tooltip(p))
            let previous = rank > 0 ? points[front[rank - 1]] : nil
            guard var label = p.label, labelled < 12, previous?.fairness != p.fairness || previous?.quality != p.quality
            else { continue }
            let equal = front[rank...].prefix { points[$0].fairness == p.fairness && points[$0].quality == p.quality }.count
            label = truncated(label, to: 24) + (equal > 1 ? " (+\(equal - 1) equal)" : "")
            let textWidth = approximateTextWidth(label, size: 10)
            for (dx, dy, anchor) in [(7.0, -7.0, SVGWriter.Anchor.start), (7, 14, .start), (-7, -7, .end), (-7, 14, .end)] {
                let x0 = anchor == .start ? px + dx : px + dx - textWidth
                let box = (x0: x0, y0: py + dy - 9, x1: x0 + textWidth, y1: py + dy + 2)
                let free = !placed.contains { box.x0 < $0.x1 && $0.x0 < box.x1 && box.y0 < $0.y1 && $0.y0 < box.y1 }
                if free {
                    w.text(label, x: px + dx, y: py + dy, size: 10, anchor: anchor, fill: "#1f4e79")
                    placed.append(box)
                    labelled += 1
                    break
                }
            }
        }
        w.closeGroup()
        if let v = vanilla, let position = vanillaPosition {
            let (vx, vy) = position
            w.polygon([(vx, vy - 8), (vx + 7, vy), (vx, vy + 8), (vx - 7, vy)], fill: "#222", stroke: "#fff",
                      cssClass: "vanilla-point", title: vanillaLabel + ": " + tooltip(v))
            w.text(vanillaLabel, x: vx + 10, y: vy + 4, size: 11, bold: true)
        }
        var items = [(label: "grid setting", color: "#b5b5b5"), (label: "Pareto front", color: "#1f77b4")]
        if vanilla != nil { items.append((label: vanillaLabel, color: "#222")) }
        w.legend(items, x: left, y: top + plotHeight + 64, maxX: width - 20)
        return w.document(title: title, cssClass: "fairhac-figure pareto", standalone: standalone)
    }
}
