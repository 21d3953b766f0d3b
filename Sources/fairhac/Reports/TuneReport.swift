import FairHACCore
import FairHACReport

/// `report.html` of `fairhac tune --report`: per rule, the (b, d) grid as a heat map of the
/// objective, and the Pareto scatter of fairness against silhouette with vanilla HAC marked.
enum TuneReport {
    static func html(
        points: [GridSearch.Point], objective: GridSearch.Objective, vanilla: (mfc: Double, balance: Double, silhouette: Double?),
        metadata: [String], bestLines: [String]
    ) throws -> String {
        var sections: [ReportPage.Section] = [.init("Best settings", content: bestLines.map { .paragraph($0) })]
        let preference = ValuePreference(objective)
        let name = objective == .mfc ? "MFC" : "balance"
        func value(_ p: GridSearch.Point) -> Double { objective == .mfc ? p.mfc : p.balance }
        var rules: [SelectionRule] = []
        for p in points where !rules.contains(p.rule) { rules.append(p.rule) }
        for rule in rules {
            let pts = points.filter { $0.rule == rule }
            let bs = Array(Set(pts.map(\.b))).sorted(), ds = Array(Set(pts.map(\.d))).sorted()
            var grid = [[Double?]](repeating: [Double?](repeating: nil, count: ds.count), count: bs.count)
            for p in pts { grid[bs.firstIndex(of: p.b)!][ds.firstIndex(of: p.d)!] = value(p) }
            var content: [ReportPage.Content] = [.figure(try HeatMapView(
                rowValues: bs, columnValues: ds, values: grid, preferring: preference, valueName: name,
                title: "\(name) over the grid, rule \(rule.rawValue)"))]
            let scatter = pts.compactMap { p in
                p.silhouette.map { ParetoScatterView.Point(fairness: value(p), quality: $0, label: "b=\(ReportNumber.compact(p.b)), d=\(ReportNumber.compact(p.d))") }
            }
            let vanillaPoint = vanilla.silhouette.map {
                ParetoScatterView.Point(fairness: objective == .mfc ? vanilla.mfc : vanilla.balance, quality: $0)
            }
            content.append(.figure(ParetoScatterView(
                points: scatter, vanilla: vanillaPoint, fairnessPreference: preference,
                fairnessAxisTitle: objective == .mfc ? "MFC (lower is fairer)" : "balance (higher is fairer)",
                title: "\(name) against silhouette, rule \(rule.rawValue)")))
            sections.append(.init(
                "Rule \(rule.rawValue)",
                text: rule == .gain ? "The gain rule ignores b, so its grid has one row (b = 0)." : nil,
                content: content))
        }
        return ReportPage(title: "FairHAC: tuning FHAC", metadata: metadata, sections: sections).render()
    }
}
