/// The short summary printed after a run: by `fairhac cluster`, and through the C ABI by the
/// Spark port's command line, so that both say the same about a result.
public enum HumanSummary {
    /// - Parameter place: where the results went, as the last line names it (`nil`: not written).
    public static func text(_ s: ClusteringSummary, notes: [String], place: String?, clusterSeconds: Double) -> String {
        var lines: [String] = []
        let input = s.input.kind == "distances"
            ? "distance matrix, \(s.n) x \(s.n)" : "\(s.n) observations, \(s.input.features.count) features"
        lines.append("\(s.input.source): \(input), \(s.linkage) linkage, \(s.metric)")
        for note in notes { lines.append("note: \(note)") }
        lines.append("k = \(s.k) clusters, sizes \(s.clusterSizes.map(String.init).joined(separator: ", "))"
            + (s.degenerate ? " (degenerate: a cluster under \(s.degenerateBelow) points)" : ""))
        lines += FeatureMeansTable.lines(s)
        if let mfc = s.mfc, let balance = s.balance, let groups = s.groups {
            lines.append("groups (\(groups.column)): " + zip(groups.names, groups.counts).map { "\($0) \($1)" }.joined(separator: ", "))
            if let attributes = s.attributes {
                lines.append("combined (\(attributes.mode)): MFC \(CFormat.number("%.4f", mfc)), balance \(CFormat.number("%.4f", balance))")
                for a in attributes.each {
                    lines.append("  \(a.name): MFC \(CFormat.number("%.4f", a.mfc)), balance \(CFormat.number("%.4f", a.balance))")
                }
            } else {
                lines.append("MFC \(CFormat.number("%.4f", mfc)), balance \(CFormat.number("%.4f", balance))")
            }
            if let cut = s.fairCut {
                lines.append(FairCutExtent.sentence(alpha: cut.alpha, reach: cut.k, k: s.k, tolerance: cut.tolerance))
            }
        }
        if let q = s.quality {
            let fixed: (Double?) -> String = { $0.map { CFormat.number("%.4f", $0) } ?? "undefined" }
            lines.append("silhouette \(fixed(q.silhouette)), normalised revenue \(fixed(q.normalizedRevenue)), normalised value \(fixed(q.normalizedValue))")
        }
        if let v = s.vanilla, let mfc = s.mfc, let balance = s.balance {
            // The fair result beside vanilla HAC's at the same k: what the fairness cost.
            let fixed: (Double?) -> String = { $0.map { CFormat.number("%.3f", $0) } ?? "undefined" }
            let silhouette = s.quality?.silhouette ?? s.qualitySample?.silhouette
            lines.append("against vanilla HAC (\(s.linkage) linkage, same k): MFC \(fixed(v.mfc)) -> \(fixed(mfc)), "
                + "balance \(fixed(v.balance)) -> \(fixed(balance)), silhouette \(fixed(v.silhouette)) -> \(fixed(silhouette)), "
                + "smallest cluster \(v.minClusterSize) -> \(s.clusterSizes.min() ?? 0)")
        }
        if !s.monotoneHeights {
            lines.append(s.method.hasPrefix("afhac")
                ? "note: heights drop where the merges between fairlets start (the fairlets' inner merges come first); "
                    + "Z is in merge order: cut it by merge order (-k, labels.csv), not by height"
                : "note: heights are not monotone (inversions); Z is in merge order")
        }
        lines.append("clustered in \(CFormat.number("%.3f", clusterSeconds)) s" + (place.map { "; results in \($0)" } ?? ""))
        return lines.joined(separator: "\n")
    }
}
