import FairHACCore
import Testing

@testable import FairHACReport

/// Issue 31: the clusters in two dimensions, and charts whose series never share a colour.
@Suite struct ProjectionViewTests {
    @Test("one panel per partition on the same axes; colour the cluster, the marker's shape the group")
    func scatter() throws {
        let x = [0.0, 1, 2, 3, 4, 5], y = [0.0, 1, 0, 1, 0, 1]
        let groups = [0, 1, 2, 0, 1, 2]
        let view = try ProjectionScatterView(
            x: x, y: y, groups: groups, groupNames: ["f", "m", "x<y"], groupTitle: "sex",
            panels: [.init(title: "vanilla HAC, k = 2", labels: [0, 0, 0, 1, 1, 1]), .init(title: "fhac, k = 2", labels: [0, 1, 0, 1, 0, 1])],
            caption: "Colour: cluster")
        let svg = view.svg()
        #expect(svg.contains("vanilla HAC, k = 2") && svg.contains("fhac, k = 2"))
        #expect(occurrences(of: "class=\"projection-points\"", in: svg) == 2)
        // Both panels draw every point: per panel one path per (cluster, group) present.
        #expect(occurrences(of: "<path", in: svg) == 6 + 6 + 3)  // 6 (cluster, group) pairs per panel, 3 legend shapes
        #expect(svg.contains("fill=\"\(ReportPalette.cluster(1))\""))
        #expect(svg.contains("sex x&lt;y (triangle)") && !svg.contains("x<y"))
        #expect(isWellFormedXML(view.svg(standalone: true)))
        #expect(view.caption == "Colour: cluster")
        #expect(throws: ClusteringError.self) {
            try ProjectionScatterView(x: x, y: y, groups: groups, groupNames: ["f", "m", "x"], panels: [.init(title: "a", labels: [0])])
        }
        #expect(throws: ClusteringError.self) {
            try ProjectionScatterView(x: x, y: y, groups: [0, 1, 5, 0, 1, 2], groupNames: ["f", "m", "x"], panels: [.init(title: "a", labels: [0, 0, 0, 0, 0, 0])])
        }
        // Without groups: one shape, no shape legend.
        let plain = try ProjectionScatterView(x: x, y: y, groups: [0, 0, 0, 0, 0, 0], groupNames: [], panels: [.init(title: "vanilla", labels: [0, 0, 1, 1, 2, 2])])
        #expect(!plain.svg().contains("(circle)") && occurrences(of: "<path", in: plain.svg()) == 3)
    }

    @Test("every marker shape is a closed path; shapes differ by group")
    func markers() {
        let shapes = (0..<ProjectionScatterView.shapes.count).map { ProjectionScatterView.marker($0, cx: 10, cy: 10, r: 3) }
        #expect(Set(shapes).count == shapes.count)
        #expect(shapes.allSatisfy { $0.hasPrefix("M") && $0.hasSuffix("Z") })
        #expect(ProjectionScatterView.marker(ProjectionScatterView.shapes.count, cx: 10, cy: 10, r: 3) == shapes[0])
    }

    @Test("reproduce's ten methods get ten distinct colours (Figure 2)")
    func seriesColours() throws {
        let methods = ["vanilla", "fhac-gain", "fhac-window", "fhac-gain-penalised", "fhac-recommended", "makefair",
                       "afhac-v", "afhac-v-s10", "afhac-r", "afhac-r-s10"]
        #expect(Set(methods.indices.map(ReportPalette.series)).count == methods.count)
        #expect(Set(ReportPalette.series).count == ReportPalette.series.count)
        let view = try GroupedBarChartView(
            categories: ["bank average"], series: methods, values: methods.indices.map { [0.1 + 0.01 * Double($0)] },
            valueAxisTitle: "silhouette")
        let svg = view.svg()
        for i in methods.indices { #expect(svg.contains(ReportPalette.series(i)), "series \(i)") }
    }

    @Test("a composition chart can carry its own caption (vanilla HAC's, not the fair one's)")
    func compositionCaption() throws {
        let groups = try GroupAssignment(names: ["a", "b"], memberships: [0, 1, 0, 1])
        var view = try ClusterCompositionView(labels: [0, 0, 1, 1], groups: groups, ideal: [0.5, 0.5], title: "Vanilla HAC's composition")
        let fair = view.caption
        view.captionText = "Vanilla HAC: its own clusters"
        #expect(view.caption == "Vanilla HAC: its own clusters" && view.caption != fair)
    }
}
