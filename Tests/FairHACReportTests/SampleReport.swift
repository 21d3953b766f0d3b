import FairHACCore
import FairHACReport
import Foundation

/// A report with every view on synthetic data: four blobs whose group mix differs, so vanilla
/// clusters are unfair and the fair tree is not.
enum SampleReport {
    static func data(n: Int, seed: UInt64) throws -> (Observations, GroupAssignment) {
        var random = TestRandom(state: seed)
        let centres = [(0.0, 0.0), (6.0, 0.0), (0.0, 6.0), (6.0, 6.0)]
        let mix = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.1, 0.1, 0.8]]
        var rows = [[Double]](), groups = [Int]()
        for i in 0..<n {
            let blob = i % 4
            rows.append([centres[blob].0 + random.normal(), centres[blob].1 + random.normal()])
            let u = random.unit()
            groups.append(u < mix[blob][0] ? 0 : u < mix[blob][0] + mix[blob][1] ? 1 : 2)
        }
        return (try Observations(rows: rows), try GroupAssignment(names: ["women & <others>", "men", "\"unknown\""], memberships: groups))
    }

    static func make() throws -> String {
        let n = 1000, k = 6
        let (x, groups) = try data(n: n, seed: 1)
        let ideal = try IdealShares.data.resolve(for: groups)
        let vanilla = try HierarchicalClustering(linkage: .average).fit(x)
        let fair = try FairHierarchicalClustering(
            linkage: .average, clusterCount: k, rule: .window, schedule: FairnessSchedule(b: 4, d: 1)
        ).fit(x, groups: groups).dendrogram
        let centroid = try HierarchicalClustering(linkage: .centroid).fit(x.selecting(rows: Array(0..<120)))
        let small = groups.selecting(rows: Array(0..<120))

        let (gx, gg) = try data(n: 240, seed: 2)
        let gridB: [Double] = [0, 1, 2, 4, 8], gridD: [Double] = [0, 0.1, 0.3, 0.5, 1, 2]
        let search = GridSearch(linkage: .average, clusterCount: 4, rules: [.window], gridB: gridB, gridD: gridD)
        let points = try search.run(gx, groups: gg).points
        var matrix = [[Double?]](repeating: [Double?](repeating: nil, count: gridD.count), count: gridB.count)
        for p in points {
            if let r = gridB.firstIndex(of: p.b), let c = gridD.firstIndex(of: p.d) { matrix[r][c] = p.mfc }
        }
        let vanillaPoint = points.first { $0.b == 0 && $0.d == 0 }!

        func profile(_ tree: Dendrogram) throws -> [FairnessProfile.Level] {
            try FairnessProfile(tree: tree, groups: groups, ideal: ideal, maxClusterCount: 20).levels
        }
        let sizes = try fair.clusterSizes(clusterCount: k)
        let page = ReportPage(
            title: "FairHAC report: sample & <test>",
            metadata: ["dataset: synthetic blobs, n = \(n), 3 groups", "linkage: average, k = \(k)", "fair: window rule, b = 4, d = 1"],
            sections: [
                .init("Fair dendrogram", text: "The fair tree, top 60 clusters.", content: [
                    .figure(try DendrogramView(tree: fair, groups: groups, ideal: ideal, clusterCount: k)),
                ]),
                .init("Vanilla dendrogram", content: [
                    .figure(try DendrogramView(tree: vanilla, groups: groups, ideal: ideal, clusterCount: k)),
                ]),
                .init("Centroid tree with inversions", content: [
                    .figure(try DendrogramView(tree: centroid, groups: small, ideal: ideal, clusterCount: 4, maxLeaves: 120)),
                ]),
                .init("Cluster composition", content: [
                    .figure(try ClusterCompositionView(tree: fair, groups: groups, ideal: ideal, clusterCount: k)),
                    .table(ReportTable(header: ["cluster", "size"], rows: sizes.enumerated().map { ["\($0)", "\($1)"] })),
                ]),
                .init("Fairness by k", content: [
                    .figure(FairnessProfileView(series: [
                        .init(name: "vanilla", levels: try profile(vanilla)), .init(name: "fair", levels: try profile(fair)),
                    ], clusterCount: k)),
                ]),
                .init("Tuning", text: "Grid over b and d, window rule, n = 240.", content: [
                    .figure(try HeatMapView(rowValues: gridB, columnValues: gridD, values: matrix, preferring: .lower, valueName: "MFC")),
                    .figure(ParetoScatterView(
                        points: points.compactMap { p in
                            p.silhouette.map { .init(fairness: p.mfc, quality: $0, label: "b=\(ReportNumber.compact(p.b)), d=\(ReportNumber.compact(p.d))") }
                        },
                        vanilla: .init(fairness: vanillaPoint.mfc, quality: vanillaPoint.silhouette ?? 0),
                        fairnessPreference: .lower, fairnessAxisTitle: "MFC (lower is fairer)")),
                ]),
                .init("Methods compared", content: [
                    .figure(try GroupedBarChartView(
                        categories: ["adult / average", "adult / ward", "bank / average", "bank / single", "census / complete"],
                        series: ["vanilla", "FHAC", "AFHAC-V", "AFHAC-R"],
                        values: [[0.42, 0.38, 0.35, 0.6, 0.3], [0.40, 0.33, 0.31, 0.55, nil], [0.2, 0.18, 0.25, 0.1, 0.15], [0.1, 0.12, 0.2, -0.05, 0.11]],
                        errors: [[0, 0, 0, 0, 0], [0, 0, 0, 0, nil], [0.02, 0.03, 0.01, 0.04, 0.02], [0.03, 0.02, 0.02, 0.05, 0.01]],
                        valueAxisTitle: "silhouette")),
                ]),
            ])
        return page.render()
    }
}
