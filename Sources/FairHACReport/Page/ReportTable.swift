import Plot

/// A plain HTML table of strings: a header row and body rows. Columns whose cells all read as
/// numbers are right-aligned.
///
/// ```swift
/// let table = ReportTable(header: ["k", "MFC"], rows: [["2", "0.143"], ["3", "0.201"]])
/// let html = table.html()
/// ```
public struct ReportTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    /// A line shown above the table, or `nil`.
    public var caption: String?

    public init(header: [String], rows: [[String]], caption: String? = nil) {
        self.header = header
        self.rows = rows
        self.caption = caption
    }

    /// Whether every non-empty cell of column `c` is a number.
    func isNumeric(column c: Int) -> Bool {
        let cells = rows.compactMap { c < $0.count ? $0[c] : nil }.filter { !$0.isEmpty }
        return !cells.isEmpty && cells.allSatisfy { Double($0) != nil || $0 == "–" }
    }

    /// The table as a Plot node, every cell escaped.
    var node: Node<HTML.BodyContext> {
        let numeric = (0..<max(header.count, rows.map(\.count).max() ?? 0)).map { isNumeric(column: $0) }
        func alignment(_ c: Int) -> Node<HTML.BodyContext> { numeric[c] ? .class("num") : .empty }
        return .div(
            .class("table-wrap"),
            .table(
                .unwrap(caption) { .caption(.safeText($0)) },
                .thead(.tr(.forEach(header.enumerated()) { c, cell in .th(alignment(c), .safeText(cell)) })),
                .tbody(.forEach(rows) { row in
                    .tr(.forEach(row.enumerated()) { c, cell in .td(alignment(c), .safeText(cell)) })
                })
            )
        )
    }

    /// The table as an HTML fragment.
    public func html() -> String { node.render(indentedBy: nil) }
}

extension Node {
    /// Text escaped with ``escapeXML(_:)``. Plot's own `.text` leaves entity-like sequences
    /// such as `&amp;` alone, so text from user files goes through here.
    static func safeText(_ text: String) -> Node { .raw(escapeXML(text)) }
}
