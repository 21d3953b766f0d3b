import FairHACCore
import FairHACIO
import Foundation

/// Figure 1 analog: uniform 2-D points in two equal groups, single linkage, k clusters, vanilla
/// against FHAC (gain rule, d tuned for balance on a small grid), drawn as two scatter plots
/// coloured by cluster with the group as the marker.
struct ToyExample {
    var svg: String
    var vanillaBalance: Double
    var fairBalance: Double
    var d: Double

    static func run(k: Int, n: Int = 60, seed: UInt64 = 7) throws -> ToyExample {
        var rng = SplitMix64(seed: seed)
        let x = try Observations(count: n, dimension: 2, values: (0..<(2 * n)).map { _ in rng.unit() })
        let groups = try GroupAssignment(names: ["circle", "square"], memberships: (0..<n).map { $0 % 2 })
        let vanilla = try HierarchicalClustering(linkage: .single).fit(x).labels(clusterCount: k)
        let points = try GridSearch(linkage: .single, clusterCount: k, rules: [.gain], gridB: [0], gridD: [0.1, 0.25, 0.5, 1, 2, 4])
            .run(x, groups: groups).points
        guard let best = GridSearch.best(points, objective: .balance) else { throw DataError("the toy example's grid is empty") }
        let fair = try FairHierarchicalClustering(linkage: .single, clusterCount: k, rule: .gain, schedule: FairnessSchedule(d: best.d))
            .fit(x, groups: groups).dendrogram.labels(clusterCount: k)
        let ideal = try IdealShares.data.resolve(for: groups)
        let vb = PartitionFairness(labels: vanilla, clusterCount: k, groups: groups, ideal: ideal).balance
        let fb = PartitionFairness(labels: fair, clusterCount: k, groups: groups, ideal: ideal).balance
        let colours = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
        func panel(_ labels: [Int], _ title: String, dx: Double) -> String {
            var s = "<g transform=\"translate(\(dx),0)\"><rect x=\"20\" y=\"40\" width=\"300\" height=\"300\" fill=\"none\" stroke=\"#999\"/>"
            s += "<text x=\"170\" y=\"28\" text-anchor=\"middle\" font-size=\"14\">\(title)</text>"
            for i in 0..<n {
                let px = 25 + x.values[2 * i] * 290, py = 335 - x.values[2 * i + 1] * 290
                let c = colours[labels[i] % colours.count]
                if groups.memberships[i] == 0 {
                    s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%@\"/>", px, py, c)
                } else {
                    s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" fill=\"%@\"/>", px - 4.5, py - 4.5, c)
                }
            }
            return s + "</g>"
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"680\" height=\"370\" viewBox=\"0 0 680 370\" font-family=\"sans-serif\">"
        svg += "<rect width=\"680\" height=\"370\" fill=\"white\"/>"
        svg += panel(vanilla, String(format: "Vanilla single linkage (balance %.2f)", vb), dx: 0)
        svg += panel(fair, String(format: "FHAC gain, d = %g (balance %.2f)", best.d, fb), dx: 340)
        svg += "<text x=\"340\" y=\"362\" text-anchor=\"middle\" font-size=\"11\">colour = cluster (k = \(k)); circle / square = group</text></svg>\n"
        return ToyExample(svg: svg, vanillaBalance: vb, fairBalance: fb, d: best.d)
    }
}
