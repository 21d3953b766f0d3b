import FairHACCore
import FairHACIO
import FairHACReport

/// `report.html` of `fairhac cluster --report`: the dendrogram, the composition of the k
/// clusters and the fairness profile (against vanilla HAC when the method is a fair one).
enum ClusterReport {
    struct Input {
        var summary: ClusteringSummary
        var tree: Dendrogram
        var labels: [Int]
        var attributes: ProtectedAttributes?
        var ideal: [Double]?
        /// The result's fairness (profile, fair cut), computed once by the pipeline.
        var fairness: ResultFairness?
        /// Vanilla HAC on the same data, for the comparison (nil for vanilla runs or when it could not be made).
        var vanilla: ClusteringOutcome.VanillaReference?
        var rowIndices: [Int]
        var notes: [String]
        var maxLeaves = 60
        /// The features as clustered (scaled), for the 2-D picture; `nil` for a distance matrix.
        var observations: Observations?
        /// The tolerance of fairness (`--level-tolerance`): "fair" only within it.
        var tolerance = LevelFairness.defaultTolerance
    }

    static func html(_ r: Input) throws -> String {
        let s = r.summary, k = s.k
        var metadata = [
            "input: \(s.input.source) (\(s.n) rows used of \(s.input.rowsInFile))",
            "method: \(s.method), \(s.linkage) linkage, metric \(s.metric), k = \(k)",
        ]
        if !s.options.isEmpty {
            metadata.append(OptionsText.sentences(method: s.method, options: s.options))
        }
        var headline: [String] = []
        if let mfc = s.mfc, let balance = s.balance {
            headline.append("MFC \(ReportNumber.fixed(mfc, decimals: 4)), balance \(ReportNumber.fixed(balance, decimals: 4))")
        }
        if let silhouette = s.quality?.silhouette { headline.append("silhouette \(ReportNumber.fixed(silhouette, decimals: 4))") }
        headline.append("smallest cluster \(s.minClusterSize)" + (s.degenerate ? " (degenerate: under \(s.degenerateBelow) points)" : ""))
        if !headline.isEmpty { metadata.append(headline.joined(separator: "; ")) }
        if let v = s.vanilla {
            // What the fairness cost: vanilla HAC's figures at the same k.
            metadata.append("vanilla HAC, same linkage and k: MFC \(ReportNumber.fixed(v.mfc, decimals: 4)), balance \(ReportNumber.fixed(v.balance, decimals: 4))"
                + (v.silhouette.map { ", silhouette \(ReportNumber.fixed($0, decimals: 4))" } ?? "") + ", smallest cluster \(v.minClusterSize)")
        }
        if let attributes = s.attributes {
            metadata.append("attributes (\(attributes.mode); MFC and balance above are the combined ones): " + attributes.each.map {
                "\($0.name) MFC \(ReportNumber.fixed($0.mfc, decimals: 4)), balance \(ReportNumber.fixed($0.balance, decimals: 4))"
            }.joined(separator: "; "))
        }
        metadata.append("\(s.tool) \(s.version)")

        // Without groups the tree is drawn with one group (no shading information).
        let groups = try r.attributes
            ?? ProtectedAttributes(GroupAssignment(names: ["all"], memberships: [Int](repeating: 0, count: r.tree.leafCount)))
        let ideal = r.attributes == nil ? [1.0] : (r.ideal ?? [])
        var sections: [ReportPage.Section] = []
        let fairCut = r.fairness?.fairCut
        let dendrogram = try DendrogramView(
            tree: r.tree, attributes: groups, ideal: ideal, clusterCount: k, maxLeaves: r.maxLeaves, leafNames: r.rowIndices.map(String.init),
            title: "Dendrogram (\(s.method))", fairCut: fairCut, fairTolerance: r.tolerance, composition: r.fairness?.composition)
        // The view's caption says what is drawn (order, collapsing, shading, the cut).
        sections.append(.init("Dendrogram", content: [.figure(dendrogram)]))

        var clusterRows: [[String]] = []
        for c in s.clusters {
            var row = ["\(c.label)", "\(c.size)"]
            if let g = r.attributes, let counts = c.groupCounts {
                row += g.groupNames.map { "\(counts[$0] ?? 0)" }
                row += [c.maxDeviation.map { ReportNumber.fixed($0, decimals: 4) } ?? "", c.balance.map { ReportNumber.fixed($0, decimals: 4) } ?? ""]
            }
            clusterRows.append(row)
        }
        let header = ["cluster", "size"] + (r.attributes.map { $0.groupNames + ["max deviation", "balance"] } ?? [])
        var composition: [ReportPage.Content] = []
        if let g = r.attributes, let ideal = r.ideal {
            // One composition per attribute, each against its own ideal shares.
            for a in 0..<g.attributeCount {
                composition.append(.figure(try ClusterCompositionView(
                    labels: r.labels, groups: g.attributes[a], ideal: g.slice(ideal, attribute: a),
                    title: g.attributeCount == 1 ? "Cluster composition" : "Cluster composition: \(g.names[a])")))
            }
        }
        composition.append(.table(ReportTable(header: header, rows: clusterRows, caption: "The \(k) clusters (labels as in labels.csv).")))
        if let means = featureMeansTable(s) { composition.append(.table(means)) }
        sections.append(.init("Clusters", content: composition))
        if let g = r.attributes, let ideal = r.ideal, let vanillaLabels = r.vanilla?.labels {
            // Vanilla HAC's clusters at the same k, for comparison: a section of its own.
            var vanilla: [ReportPage.Content] = []
            for a in 0..<g.attributeCount {
                var view = try ClusterCompositionView(
                    labels: vanillaLabels, groups: g.attributes[a], ideal: g.slice(ideal, attribute: a),
                    title: "Vanilla HAC's composition" + (g.attributeCount == 1 ? "" : ": \(g.names[a])"))
                view.captionText = "Vanilla HAC (\(s.linkage) linkage, same data, k = \(vanillaLabels.max().map { $0 + 1 } ?? k)): the share of each "
                    + (g.attributeCount == 1 ? "group" : "\(g.names[a]) group") + " in each of its clusters, the bottom bar the ideal shares; "
                    + "compare with the \(s.method) clusters above (cluster numbers are each partition's own)."
                vanilla.append(.figure(view))
            }
            sections.append(.init("Vanilla HAC's clusters", content: vanilla))
        }
        if let projection = try projectionSection(r) { sections.append(projection) }

        if let profile = r.fairness?.profile {
            let depth = ResultFairness.profileDepth(k: k)
            var series = [FairnessProfileView.Series(name: s.method, levels: profile.levels)]
            if let vanilla = r.vanilla?.profile {
                series.insert(.init(name: "vanilla", levels: vanilla.levels), at: 0)
            }
            sections.append(.init(
                "Fairness profile",
                text: "MFC (lower is fairer) and balance (higher is fairer) of the partition into k clusters, for k = 2 to \(depth)"
                    + (r.vanilla?.profile == nil ? "." : ", against vanilla HAC with the same linkage on the same data.")
                    + (fairCut.map { " The dotted line (\(s.method) tree): " + FairCutExtent.sentence(alpha: $0.alpha, reach: $0.clusterCount, k: k, tolerance: r.tolerance) + "." } ?? ""),
                content: [.figure(FairnessProfileView(
                    series: series, clusterCount: k,
                    marker: fairCut.map { (k: $0.clusterCount, label: FairCutExtent.shortLabel(alpha: $0.alpha, reach: $0.clusterCount, tolerance: r.tolerance)) }))]))
        }
        if !r.notes.isEmpty {
            sections.append(.init("Notes", content: r.notes.map { .paragraph($0) }))
        }
        return ReportPage(title: "FairHAC: \(s.method) clustering of \(s.input.source)", metadata: metadata, sections: sections).render()
    }
}
