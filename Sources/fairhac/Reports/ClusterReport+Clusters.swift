import FairHACCore
import FairHACIO
import FairHACReport

/// What each cluster is, in the report: its feature means, and the clusters seen in two dimensions.
extension ClusterReport {
    /// Seed of the projection's sample (at most ``PrincipalProjection/defaultSampleSize`` rows).
    static let projectionSeed: UInt64 = 0

    /// The clusters' feature means (summary.json's `feature_means`), features as rows.
    static func featureMeansTable(_ s: ClusteringSummary) -> ReportTable? {
        guard let first = s.clusters.first?.featureMeans, !first.isEmpty else { return nil }
        let names = ClusteringSummary.featureNames(s.input.features, count: first.count)
        let rows = names.map { name in [name] + s.clusters.map { FeatureMeansTable.number($0.featureMeans?[name]) } }
        return ReportTable(
            header: ["feature"] + s.clusters.map { "cluster \($0.label)" }, rows: rows,
            caption: "What each cluster is: the mean of each feature over its members, in the input's units (before scaling).")
    }

    /// "Clusters in two dimensions": the first two principal components of the features as
    /// clustered, on a seeded sample, the run's clusters beside vanilla HAC's.
    static func projectionSection(_ r: Input) throws -> ReportPage.Section? {
        guard let x = r.observations, x.count == r.labels.count else { return nil }
        let p = try PrincipalProjection(x, seed: projectionSeed)
        let s = r.summary
        var panels = [ProjectionScatterView.Panel(title: "\(s.method), k = \(s.k)", labels: p.rows.map { r.labels[$0] })]
        if let v = r.vanilla?.labels, v.count == x.count {
            panels.insert(.init(title: "vanilla HAC, k = \(s.k)", labels: p.rows.map { v[$0] }), at: 0)
        }
        let g = r.attributes.map { ($0.attributes[0], $0.names[0]) }
        let percent = p.explainedVariance.map { ReportNumber.fixed(100 * $0, decimals: 1) + "%" }
        let sampled = p.rows.count < x.count
            ? "a seeded sample of \(p.rows.count) of the \(x.count) rows (seed \(projectionSeed))" : "all \(x.count) rows"
        let view = try ProjectionScatterView(
            x: p.x, y: p.y, groups: p.rows.map { g?.0.memberships[$0] ?? 0 }, groupNames: g?.0.names ?? [],
            groupTitle: g?.1 ?? "group", panels: panels,
            xTitle: "first principal component (\(percent[0]) of the variance)",
            yTitle: "second principal component (\(percent[1]))",
            caption: "Colour: cluster (each panel's own numbering); "
                + (g == nil ? "no protected groups given. " : "marker shape: \(g!.1) group"
                    + (r.attributes!.attributeCount > 1 ? " (the first of the \(r.attributes!.attributeCount) protected attributes). " : ". "))
                + "Shown: \(sampled).")
        let scaling = s.input.scaling == "zscore" ? "z-scored features" : "features"
        return .init(
            "Clusters in two dimensions",
            text: "The rows projected on the first two principal components of the \(scaling) as clustered (together "
                + "\(ReportNumber.fixed(100 * (p.explainedVariance[0] + p.explainedVariance[1]), decimals: 1))% of their variance)"
                + (panels.count > 1 ? ", vanilla HAC's clusters beside the \(s.method) clusters: where fair merging moved points between clusters, "
                    + "and how mixed each cluster's groups are." : "."),
            content: [.figure(view)])
    }
}
