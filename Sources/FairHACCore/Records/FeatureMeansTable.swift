/// The console's picture of what each cluster is: every feature's mean per cluster, in the
/// input's units (summary.json's `feature_means`), features as rows and clusters as columns.
public enum FeatureMeansTable {
    /// Printed for at most this many clusters (wider tables do not fit a terminal).
    public static let maxClusters = 12
    /// At most this many features are shown; summary.json has them all.
    public static let maxFeatures = 12

    /// The table's lines, or none (more than ``maxClusters`` clusters, or no features).
    public static func lines(_ s: ClusteringSummary) -> [String] {
        guard s.clusters.count <= maxClusters, let first = s.clusters.first?.featureMeans, !first.isEmpty else { return [] }
        let names = ClusteringSummary.featureNames(s.input.features, count: first.count)
        let shown = Array(names.prefix(maxFeatures))
        let nameWidth = min(24, max(7, shown.map(\.count).max() ?? 0))
        let cells = [["size"] + s.clusters.map { "\($0.size)" }]
            + shown.map { name in [clipped(name, to: nameWidth)] + s.clusters.map { number($0.featureMeans?[name]) } }
        let header = [""] + s.clusters.map { "\($0.label)" }
        let width = max(8, (cells + [header]).flatMap { $0.dropFirst() }.map(\.count).max() ?? 0)
        func row(_ r: [String]) -> String {
            "  " + r[0] + String(repeating: " ", count: max(0, nameWidth - r[0].count))
                + r.dropFirst().map { String(repeating: " ", count: max(0, width - $0.count)) + $0 }.joined(separator: " ")
        }
        let title = "feature means by cluster (input units"
            + (shown.count < names.count ? "; \(shown.count) of \(names.count) features, all in summary.json" : "; also in summary.json")
            + "):"
        return [title, row(["cluster"] + header.dropFirst())] + cells.map(row)
    }

    /// About four significant digits, without exponents for everyday magnitudes.
    public static func number(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "-" }
        let a = abs(v)
        if a != 0 && (a >= 1e7 || a < 1e-3) { return CFormat.number("%.3g", v) }
        let decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3
        let text = CFormat.number("%.\(decimals)f", v)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text  // no "-0.000"
    }

    private static func clipped(_ s: String, to width: Int) -> String {
        s.count <= width ? s : String(s.prefix(width - 1)) + "…"
    }
}
