/// A figure of the report: something that draws itself as one SVG element.
public protocol ReportView: Sendable {
    /// The figure as an `<svg>` element that scales to its container's width (`viewBox`).
    ///
    /// - Parameter standalone: add the SVG namespace and an XML declaration, for writing the
    ///   figure to its own `.svg` file; inline SVG in an HTML page needs neither.
    func svg(standalone: Bool) -> String

    /// A sentence or two to print under the figure, or `nil`.
    var caption: String? { get }
}

extension ReportView {
    /// The figure as inline SVG for an HTML page.
    public func svg() -> String { svg(standalone: false) }

    public var caption: String? { nil }
}
