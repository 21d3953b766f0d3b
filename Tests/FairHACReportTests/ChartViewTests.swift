import FairHACCore
import Testing
@testable import FairHACReport

@Suite struct ChartViewTests {
    @Test func compositionSharesSumToOnePerBarAndMatchCounts() throws {
        let groups = try GroupAssignment(names: ["a<b & \"c\"", "d"], memberships: [0, 0, 1, 1, 1, 0, 1])
        let view = try ClusterCompositionView(labels: [0, 0, 0, 1, 1, 2, 2], groups: groups, ideal: [3.0 / 7, 4.0 / 7])
        #expect(view.bars.count == 3)
        for bar in view.bars { #expect(abs(bar.shares.reduce(0, +) - 1) < 1e-12) }
        #expect(view.bars.map(\.counts) == [[2, 1], [0, 2], [1, 1]])
        #expect(view.bars.map(\.size) == [3, 2, 2])
        #expect(abs(view.bars[1].maxDeviation - 3.0 / 7) < 1e-12)
        let svg = view.svg()
        #expect(svg.contains("group a&lt;b &amp; &quot;c&quot;"))
        #expect(!svg.contains("a<b"))
        #expect(occurrences(of: "class=\"composition-bar\"", in: svg) == 3)
        #expect(occurrences(of: "class=\"ideal-bar\"", in: svg) == 1)
        // Cluster labels use the cluster palette, as the dendrogram's bands do.
        #expect(svg.contains("fill=\"\(ReportPalette.cluster(2))\" class=\"cluster-label\""))
        #expect(svg.contains(">Cluster 2<"))
        #expect(isWellFormedXML(view.svg(standalone: true)))
    }

    @Test func compositionFromTreeUsesTheFirstNMinusKMerges() throws {
        let view = try ClusterCompositionView(
            tree: DendrogramViewTests.fivePoints(), groups: DendrogramViewTests.fiveGroups, ideal: [0.6, 0.4],
            clusterCount: 2)
        // First 3 merges: {0, 2, 3} (label 0, first observation 0) and {1, 4} (label 1).
        #expect(view.bars.map(\.counts) == [[3, 0], [0, 2]])
    }

    @Test func heatMapOutlinesTheBestCell() throws {
        let values: [[Double?]] = [[0.9, 0.5, nil], [0.4, 0.2, 0.7], [0.3, nil, 0.25]]
        let lower = try HeatMapView(rowValues: [0, 1, 2], columnValues: [0, 0.5, 1], values: values,
                                    preferring: .lower, valueName: "MFC")
        #expect(lower.best == HeatMapView.Cell(row: 1, column: 1))
        let higher = try HeatMapView(rowValues: [0, 1, 2], columnValues: [0, 0.5, 1], values: values,
                                     preferring: ValuePreference(.balance), valueName: "balance")
        #expect(higher.best == HeatMapView.Cell(row: 0, column: 0))
        let svg = lower.svg()
        #expect(occurrences(of: "class=\"best-cell\"", in: svg) == 1)
        #expect(occurrences(of: "class=\"missing-cell\"", in: svg) == 2)
        #expect(occurrences(of: "class=\"cell\"", in: svg) == 7)
        // The outline sits on column 1, row 1 (left 80 + 1.5 + 1 × cell width 72; top 20 + 1.5 + 26).
        #expect(svg.contains("x=\"153.5\" y=\"47.5\" width=\"69\" height=\"23\" fill=\"none\" stroke=\"#d62728\""))
        #expect(svg.contains(">0.200<"))
        #expect(lower.caption?.contains("0.200 at b = 1, d = 0.5") == true)
        #expect(isWellFormedXML(lower.svg(standalone: true)))
        #expect(throws: (any Error).self) {
            try HeatMapView(rowValues: [0], columnValues: [0, 1], values: [[1]], preferring: .lower, valueName: "x")
        }
    }

    @Test func paretoFrontIsTheNonDominatedPoints() {
        let points = [
            ParetoScatterView.Point(fairness: 1.0, quality: 0.50, label: "A"),  // front
            ParetoScatterView.Point(fairness: 0.5, quality: 0.40, label: "B"),  // front
            ParetoScatterView.Point(fairness: 0.6, quality: 0.30, label: "C"),  // dominated by B
            ParetoScatterView.Point(fairness: 0.2, quality: 0.10, label: "D"),  // front
            ParetoScatterView.Point(fairness: 1.2, quality: 0.45, label: "E"),  // dominated by A
        ]
        let lower = ParetoScatterView(points: points, vanilla: .init(fairness: 1.5, quality: 0.55),
                                      fairnessPreference: .lower, fairnessAxisTitle: "MFC")
        #expect(lower.front == [3, 1, 0])
        let higher = ParetoScatterView(points: points, fairnessPreference: .higher, fairnessAxisTitle: "balance")
        #expect(higher.front == [4, 0])
        let svg = lower.svg()
        #expect(occurrences(of: "class=\"pareto-point\"", in: svg) == 3)
        #expect(occurrences(of: "class=\"vanilla-point\"", in: svg) == 1)
        #expect(svg.contains(">vanilla HAC<"))
        #expect(isWellFormedXML(lower.svg(standalone: true)))
    }

    @Test func givenFrontAndBestCellAreDrawnAsGiven() throws {
        let points = [ParetoScatterView.Point(fairness: 1, quality: 0.5, label: "A"), .init(fairness: 2, quality: 0.4, label: "B"),
                      .init(fairness: 1, quality: 0.5, label: "A2")]
        let view = ParetoScatterView(points: points, fairnessPreference: .lower, fairnessAxisTitle: "MFC", front: [2, 1])
        #expect(view.front == [2, 1])
        #expect(occurrences(of: "class=\"pareto-point\"", in: view.svg()) == 2)
        // A tie in the grid: the caller's choice is outlined, not the first in row-major order.
        let heat = try HeatMapView(rowValues: [0, 1], columnValues: [0, 1], values: [[0.2, 0.2], [0.2, 0.3]],
                                   preferring: .lower, valueName: "MFC", best: .init(row: 1, column: 0))
        #expect(heat.best == .init(row: 1, column: 0))
        #expect(heat.caption!.contains("at b = 1, d = 0"))
        #expect(throws: (any Error).self) {
            try HeatMapView(rowValues: [0], columnValues: [0], values: [[1]], preferring: .lower, valueName: "x", best: .init(row: 1, column: 0))
        }
    }

    @Test func nothingFiniteToDrawStillGivesAnAxis() {
        let view = ParetoScatterView(points: [.init(fairness: .nan, quality: 0.1)], vanilla: .init(fairness: .infinity, quality: .nan),
                                     fairnessPreference: .lower, fairnessAxisTitle: "MFC")
        let svg = view.svg(standalone: true)
        #expect(isWellFormedXML(svg) && !svg.contains("NaN") && !svg.contains("inf"))
    }

    @Test func equalFrontPointsShareOneLabel() {
        let points = (0..<3).map { ParetoScatterView.Point(fairness: 1, quality: 0.5, label: "p\($0)") }
            + [.init(fairness: 2, quality: 0.9, label: "q")]
        let view = ParetoScatterView(points: points, fairnessPreference: .lower, fairnessAxisTitle: "MFC")
        #expect(view.front == [0, 1, 2, 3])
        let svg = view.svg()
        #expect(svg.contains(">p0 (+2 equal)<"))
        #expect(!svg.contains(">p1<") && !svg.contains(">p2<") && svg.contains("<title>p1: "))
        #expect(svg.contains(">q<"))
    }

    @Test func groupedBarsDrawOneBarPerValueAndErrorBars() throws {
        let view = try GroupedBarChartView(
            categories: ["adult / average", "bank & co"], series: ["vanilla", "FHAC", "AFHAC-V"],
            values: [[0.4, 0.5], [0.3, nil], [-0.1, 0.2]], errors: [[0.05, 0], [0.02, nil], [0.1, 0.01]],
            valueAxisTitle: "silhouette")
        let svg = view.svg()
        #expect(occurrences(of: "class=\"bar\"", in: svg) == 5)
        #expect(occurrences(of: "class=\"error-bar\"", in: svg) == 4)  // the zero error draws none
        #expect(svg.contains("bank &amp; co"))
        #expect(isWellFormedXML(view.svg(standalone: true)))
        #expect(throws: (any Error).self) {
            try GroupedBarChartView(categories: ["a"], series: ["s"], values: [[1, 2]], valueAxisTitle: "y")
        }
    }

    @Test func fairnessProfileDrawsOneLinePerSeriesAndPanel() throws {
        let tree = try randomTree(n: 100, seed: 5)
        let groups = try GroupAssignment(names: ["a", "b"], memberships: (0..<100).map { $0 % 3 == 0 ? 1 : 0 })
        let ideal = [0.66, 0.34]
        let profile = try FairnessProfile(tree: tree, groups: groups, ideal: ideal, maxClusterCount: 20)
        let view = FairnessProfileView(series: [
            .init(name: "vanilla", levels: profile.levels),
            .init(name: "fair & <better>", points: [.init(k: 3, mfc: 0.5, balance: 0.9), .init(k: 2, mfc: 0.2, balance: 0.8)]),
        ])
        #expect(view.series[0].points.map(\.k) == Array(2...20))
        #expect(view.series[1].points.map(\.k) == [2, 3])
        let svg = view.svg()
        #expect(occurrences(of: "<polyline", in: svg) == 4)
        #expect(svg.contains("fair &amp; &lt;better&gt;"))
        #expect(isWellFormedXML(view.svg(standalone: true)))
    }

    @Test func tinyAndEmptyInputsStillDrawWellFormedSVG() throws {
        let one = try Dendrogram(leafCount: 1, merges: [])
        let groups = try GroupAssignment(names: ["a"], memberships: [0])
        let svgs = [
            try DendrogramView(tree: one, groups: groups, ideal: [1], clusterCount: 1).svg(standalone: true),
            try DendrogramView(tree: DendrogramViewTests.fivePoints(), groups: DendrogramViewTests.fiveGroups,
                               ideal: [0.6, 0.4], clusterCount: 5).svg(standalone: true),
            try ClusterCompositionView(groupNames: ["a"], clusterCounts: [], ideal: [1]).svg(standalone: true),
            FairnessProfileView(series: []).svg(standalone: true),
            FairnessProfileView(series: [.init(name: "one", points: [.init(k: 2, mfc: 0, balance: 1)])]).svg(standalone: true),
            try HeatMapView(rowValues: [1], columnValues: [1], values: [[nil]], preferring: .lower, valueName: "MFC").svg(standalone: true),
            ParetoScatterView(points: [], fairnessPreference: .lower, fairnessAxisTitle: "MFC").svg(standalone: true),
            try GroupedBarChartView(categories: [], series: [], values: [], valueAxisTitle: "y").svg(standalone: true),
        ]
        for svg in svgs {
            #expect(isWellFormedXML(svg))
            #expect(!svg.contains("NaN") && !svg.contains("inf"))
        }
    }

    @Test func renderingIsDeterministic() throws {
        func render() throws -> String {
            let tree = try randomTree(n: 300, seed: 11, monotone: false)
            let groups = try GroupAssignment(names: ["a", "b"], memberships: (0..<300).map { $0 % 4 == 0 ? 1 : 0 })
            let dendrogram = try DendrogramView(tree: tree, groups: groups, ideal: [0.75, 0.25], clusterCount: 4)
            let composition = try ClusterCompositionView(tree: tree, groups: groups, ideal: [0.75, 0.25], clusterCount: 4)
            return ReportPage(title: "t", sections: [.init("d", content: [.figure(dendrogram), .figure(composition)])]).render()
        }
        let first = try render()
        #expect(first == (try render()))
        #expect(first.count > 10_000)
    }
}

@Suite struct ExtremeAxisTests {
    @Test("axis ticks over spans near a Double's limits: finite, ordered, no trap")
    func extremeSpans() {
        for (low, high) in [(-1e308, 1e308), (0, Double.greatestFiniteMagnitude), (-Double.greatestFiniteMagnitude, 0), (Double.leastNonzeroMagnitude, 4 * Double.leastNonzeroMagnitude), (5, 5)] {
            let ticks = NiceTicks(low: low, high: high)
            #expect(!ticks.values.isEmpty && ticks.values.allSatisfy { $0.isFinite }, "\(low)...\(high)")
            #expect(ticks.low <= low && ticks.high >= high, "\(low)...\(high): \(ticks.values)")
            #expect(!ticks.label(ticks.high).isEmpty)
        }
    }
}
