import Foundation
import Testing
@testable import FairHACReport

/// Issue 22: the MFC axis must not flatten the chosen k under far larger values elsewhere.
@Suite struct FairnessProfileAxisTests {
    typealias Point = FairnessProfileView.Series.Point

    /// Small k with a huge MFC (one cluster holding a whole group), modest values from k = 4 on.
    static func spikyMFC(_ k: Int, big: (Double, Double), base: Double) -> Double {
        k == 2 ? big.0 : k == 3 ? big.1 : base + 0.02 * Double(k)
    }

    static let spiky: [FairnessProfileView.Series] = [
        .init(name: "vanilla", points: (2...20).map { (k: Int) -> Point in
            Point(k: k, mfc: spikyMFC(k, big: (12, 8), base: 0.5), balance: 0.1 + 0.02 * Double(k))
        }),
        .init(name: "fair", points: (2...20).map { (k: Int) -> Point in
            Point(k: k, mfc: spikyMFC(k, big: (10, 6), base: 0.2), balance: 0.4 + 0.01 * Double(k))
        }),
    ]

    /// The y coordinates of every polyline vertex in `svg`.
    static func polylineYs(_ svg: String) -> [Double] {
        svg.components(separatedBy: "<polyline points=\"").dropFirst().flatMap { chunk in
            chunk.prefix { $0 != "\"" }.split(separator: " ").compactMap { Double($0.split(separator: ",")[1]) }
        }
    }

    @Test func chosenKIsSpreadAndLargerValuesAreMarkedOffScale() throws {
        let view = FairnessProfileView(series: Self.spiky, clusterCount: 10)
        let axis = view.mfcAxis
        #expect(axis.neighbourhood == 5...20)
        #expect(axis.ticks.low == 0 && axis.ticks.high == 1)  // not 12
        #expect(axis.isClipped && axis.largest == 12 && axis.largestK == 2)
        // At k = 10, vanilla 0.7 against fair 0.4: 72 of the plot's 240 pixels apart (6 on a 0-12 axis).
        let y = view.mfcScale
        #expect(abs(y(0.7) - y(0.4)) > 60)
        let unscaled = FairnessProfileView(series: Self.spiky)
        #expect(abs(unscaled.mfcScale(0.7) - unscaled.mfcScale(0.4)) < 10)
        #expect(unscaled.mfcAxis.neighbourhood == nil && !unscaled.mfcAxis.isClipped)

        let svg = view.svg(standalone: true)
        #expect(isWellFormedXML(svg))
        // k = 2 and 3 of both series are off scale: a triangle each, with the true value.
        #expect(occurrences(of: "class=\"off-scale\"", in: svg) == 4)
        #expect(svg.contains("<title>vanilla, k = 2: MFC 12.000 (off scale)</title>"))
        #expect(svg.contains("class=\"off-scale-note\">\u{25B2} off scale (up to 12.000)</text>"))
        #expect(occurrences(of: "class=\"chosen-k\"", in: svg) == 2)
        // Lines are cut at the plot's top edge (y = 30), never drawn above it.
        let ys = Self.polylineYs(svg)
        #expect(!ys.isEmpty && ys.allSatisfy { $0 >= FairnessProfileView.top && $0 <= FairnessProfileView.top + FairnessProfileView.plotHeight })
        #expect(ys.contains(FairnessProfileView.top))
        #expect(view.caption?.contains("scaled to k = 5 to 20 around the chosen k: MFC above 1.0 is not to scale") == true)
        #expect(view.caption?.contains("on the top edge (the largest is 12.000, at k = 2).") == true)
        // The same input draws the same bytes.
        #expect(svg == FairnessProfileView(series: Self.spiky, clusterCount: 10).svg(standalone: true))
        // Balance keeps its whole 0-1 axis: nothing off scale there.
        #expect(!svg.contains(": balance "))
    }

    /// A tree's MFC never falls as k grows, so the profile's end is what flattens a small k:
    /// the bank dataset's average-linkage profile, k = 4 (MFC 0.38 at k = 2 up to 5.40 at k = 20).
    @Test func risingProfileKeepsTheChosenKLegible() {
        let mfc = [0.3815, 0.7628, 1.0275, 1.1347, 1.2519, 1.6262, 1.8721, 1.8920, 1.9972, 2.7586, 3.0202, 3.4948,
                   3.7775, 3.9686, 4.4686, 4.7302, 4.8544, 5.1364, 5.4022]
        let points = mfc.enumerated().map { (i: Int, v: Double) -> Point in Point(k: i + 2, mfc: v, balance: 0) }
        let series = [FairnessProfileView.Series(name: "vanilla", points: points)]
        let view = FairnessProfileView(series: series, clusterCount: 4)
        #expect(view.mfcAxis.neighbourhood == 2...8)
        #expect(view.mfcAxis.ticks.high == 2)
        // k = 3 and k = 4 (0.76 and 1.03): 32 pixels apart, against 11 on the full 0-6 axis.
        #expect(abs(view.mfcScale(0.7628) - view.mfcScale(1.0275)) > 30)
        #expect(occurrences(of: "class=\"off-scale\"", in: view.svg()) == 10)  // k = 11 to 20
    }

    @Test func axisStaysWholeWhenTheNeighbourhoodAlreadyFillsHalfOfIt() {
        // Largest 1.5 is less than twice the neighbourhood's (k = 2 to 10) 0.8: no clipping.
        let series = [FairnessProfileView.Series(name: "s", points: (2...12).map { (k: Int) -> Point in
            Point(k: k, mfc: k == 12 ? 1.5 : 0.1 * Double(k - 2), balance: 0.5)
        })]
        let view = FairnessProfileView(series: series, clusterCount: 5)
        #expect(view.mfcAxis.neighbourhood == nil && !view.mfcAxis.isClipped)
        #expect(view.mfcAxis.ticks.high == 1.5)
        let svg = view.svg()
        #expect(!svg.contains("off-scale"))
        #expect(view.caption?.contains("not to scale") == false)
        #expect(view.caption?.contains("The grey line marks the chosen k = 5.") == true)
        // An all-zero neighbourhood (perfectly fair near k) has nothing to spread: whole axis.
        let zero = [FairnessProfileView.Series(name: "s", points: (2...12).map { (k: Int) -> Point in
            Point(k: k, mfc: k < 10 ? 0 : 3, balance: 1)
        })]
        #expect(FairnessProfileView(series: zero, clusterCount: 3).mfcAxis.ticks.high == 3)
    }

    @Test func clipCutsLinesAtTheEdges() {
        let line: [(Double, Double)] = [(0, 0.5), (1, 2), (2, 2), (3, 0.5), (4, -1), (5, 0.5)]
        let runs = FairnessProfileView.clip(line, low: 0, high: 1)
        let third = 1.0 / 3
        let expected: [[(Double, Double)]] = [
            [(0.0, 0.5), (third, 1.0)], [(2.0 + 2 * third, 1.0), (3.0, 0.5), (3.0 + third, 0.0)], [(4.0 + 2 * third, 0.0), (5.0, 0.5)],
        ]
        #expect(runs.count == expected.count)
        for (run, want) in zip(runs, expected) {
            #expect(run.count == want.count)
            for (p, q) in zip(run, want) { #expect(abs(p.0 - q.0) < 1e-12 && abs(p.1 - q.1) < 1e-12) }
        }
        let inside = [(0.0, 0.1), (1.0, 0.9)]
        #expect(FairnessProfileView.clip(inside, low: 0, high: 1).map { $0.map(\.1) } == [[0.1, 0.9]])
        #expect(FairnessProfileView.clip([(0, 2), (1, 3)], low: 0, high: 1).isEmpty)
    }
}
