import FairHACCore
/// Escapes `&`, `<`, `>`, `"` and `'` so that `text` is safe as XML/HTML character data or as a
/// double-quoted attribute value (group and dataset names come from user files).
public func escapeXML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default:
            // Not allowed in XML 1.0: control characters other than tab and newline, U+FFFE, U+FFFF.
            let forbidden = (c.value < 0x20 && c != "\t" && c != "\n") || c.value == 0xFFFE || c.value == 0xFFFF
            if forbidden { out += " " } else { out.unicodeScalars.append(c) }
        }
    }
    return out
}

/// A small append-only SVG builder: every attribute value and text is escaped, every number is
/// written with ``ReportNumber/compact(_:maxDecimals:)``, so output is deterministic.
struct SVGWriter {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A number as an attribute value.
    static func n(_ x: Double) -> String { ReportNumber.compact(x, maxDecimals: 2) }

    /// Appends `<name attrs/>`, or `<name attrs>text</name>` when `text` is given.
    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil, title: String? = nil) {
        body += "<" + name
        for (key, value) in attributes { body += " " + key + "=\"" + escapeXML(value) + "\"" }
        if text == nil && title == nil {
            body += "/>\n"
            return
        }
        body += ">"
        if let title { body += "<title>" + escapeXML(title) + "</title>" }
        if let text { body += escapeXML(text) }
        body += "</" + name + ">\n"
    }

    mutating func openGroup(_ attributes: [(String, String)] = []) {
        body += "<g"
        for (key, value) in attributes { body += " " + key + "=\"" + escapeXML(value) + "\"" }
        body += ">\n"
    }

    mutating func closeGroup() { body += "</g>\n" }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil, cssClass: String? = nil
    ) {
        var a = [("x1", Self.n(x1)), ("y1", Self.n(y1)), ("x2", Self.n(x2)), ("y2", Self.n(y2)),
                 ("stroke", stroke), ("stroke-width", Self.n(width))]
        if let dash { a.append(("stroke-dasharray", dash)) }
        if let cssClass { a.append(("class", cssClass)) }
        element("line", a)
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
        strokeWidth: Double = 1, opacity: Double? = nil, cssClass: String? = nil, title: String? = nil
    ) {
        var a = [("x", Self.n(x)), ("y", Self.n(y)), ("width", Self.n(max(0, width))),
                 ("height", Self.n(max(0, height))), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", Self.n(strokeWidth))] }
        if let opacity { a.append(("fill-opacity", Self.n(opacity))) }
        if let cssClass { a.append(("class", cssClass)) }
        element("rect", a, title: title)
    }

    mutating func circle(
        cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, cssClass: String? = nil,
        title: String? = nil
    ) {
        var a = [("cx", Self.n(cx)), ("cy", Self.n(cy)), ("r", Self.n(r)), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", "1")] }
        if let cssClass { a.append(("class", cssClass)) }
        element("circle", a, title: title)
    }

    /// An open polyline through `points`.
    mutating func polyline(
        _ points: [(Double, Double)], stroke: String, width: Double = 1.5, dash: String? = nil,
        cssClass: String? = nil
    ) {
        let p = points.map { Self.n($0.0) + "," + Self.n($0.1) }.joined(separator: " ")
        var a = [("points", p), ("fill", "none"), ("stroke", stroke), ("stroke-width", Self.n(width)),
                 ("stroke-linejoin", "round")]
        if let dash { a.append(("stroke-dasharray", dash)) }
        if let cssClass { a.append(("class", cssClass)) }
        element("polyline", a)
    }

    /// A closed polygon through `points`.
    mutating func polygon(
        _ points: [(Double, Double)], fill: String, stroke: String? = nil, cssClass: String? = nil,
        title: String? = nil
    ) {
        let p = points.map { Self.n($0.0) + "," + Self.n($0.1) }.joined(separator: " ")
        var a = [("points", p), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", "1")] }
        if let cssClass { a.append(("class", cssClass)) }
        element("polygon", a, title: title)
    }

    /// A path (`d` in SVG path syntax, e.g. many small markers as one element).
    mutating func path(_ d: String, fill: String, opacity: Double? = nil, cssClass: String? = nil, title: String? = nil) {
        var a = [("d", d), ("fill", fill)]
        if let opacity { a.append(("fill-opacity", Self.n(opacity))) }
        if let cssClass { a.append(("class", cssClass)) }
        element("path", a, title: title)
    }

    enum Anchor: String { case start, middle, end }

    /// Text whose baseline starts (or is centred, or ends) at (x, y); `rotate` is in degrees
    /// around (x, y).
    mutating func text(
        _ s: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start, fill: String = "#222",
        bold: Bool = false, rotate: Double? = nil, cssClass: String? = nil
    ) {
        var a = [("x", Self.n(x)), ("y", Self.n(y)), ("font-size", Self.n(size))]
        if anchor != .start { a.append(("text-anchor", anchor.rawValue)) }
        if fill != "#222" { a.append(("fill", fill)) }
        if bold { a.append(("font-weight", "bold")) }
        if let rotate { a.append(("transform", "rotate(" + Self.n(rotate) + " " + Self.n(x) + " " + Self.n(y) + ")")) }
        if let cssClass { a.append(("class", cssClass)) }
        element("text", a, text: s)
    }

    /// The finished `<svg>` element, scaling to its container's width through its `viewBox`.
    ///
    /// - Parameter standalone: add the SVG namespace (and an XML declaration), as a separate
    ///   `.svg` file needs; inline SVG in HTML does not.
    func document(title: String, cssClass: String, standalone: Bool) -> String {
        var s = standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        s += "<svg"
        if standalone { s += " xmlns=\"" + "http://www.w3.org/2000/svg" + "\"" }
        s += " class=\"" + escapeXML(cssClass) + "\" viewBox=\"0 0 " + Self.n(width) + " " + Self.n(height) + "\""
        s += " width=\"" + Self.n(width) + "\" height=\"" + Self.n(height) + "\""
        s += " role=\"img\" font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\">\n"
        s += "<title>" + escapeXML(title) + "</title>\n"
        s += body
        s += "</svg>\n"
        return s
    }
}

/// Approximate rendered width of `text` at `size`, for layout (no font metrics available).
func approximateTextWidth(_ text: String, size: Double) -> Double {
    Double(text.count) * size * 0.58
}

/// `text` cut to at most `limit` characters, with an ellipsis when cut.
func truncated(_ text: String, to limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
}
