import FairHACCore
import FairHACReport

/// `report.html` of `fairhac tune --report`: per rule, the (b, d) grid as a heat map of the
/// objective with the rule's best setting outlined (chosen as `best.json` chooses); then one
/// scatter of fairness against silhouette over every rule, with the front of `pareto.csv` and
/// vanilla HAC marked.
enum TuneReport {
    static func html(
        outcome: GridSearch.Outcome, objective: GridSearch.Objective, criteria: RecommendationCriteria,
        metadata: [String], bestLines: [String]
    ) throws -> String {
        let points = outcome.points
        let vanilla = (mfc: outcome.vanilla.mfc, balance: outcome.vanilla.balance, silhouette: outcome.vanilla.silhouette)
        var sections: [ReportPage.Section] = [.init("Recommended settings", content: bestLines.map { .paragraph($0) })]
        let preference = ValuePreference(objective)
        let name = objective == .mfc ? "MFC" : "balance"
        func value(_ p: GridSearch.Point) -> Double { objective == .mfc ? p.mfc : p.balance }
        var rules: [SelectionRule] = []
        // After a fast search the heat maps show the screen, which covers every setting.
        let mapped = outcome.screen?.points ?? points
        for p in mapped where !rules.contains(p.rule) { rules.append(p.rule) }
        let screenText = outcome.screen.map {
            " The maps show the screen (every setting over \($0.microClusters) micro-clusters); the settings confirmed on the data are in the scatter below."
        } ?? ""
        for rule in rules {
            let pts = mapped.filter { $0.rule == rule }
            let bs = Array(Set(pts.map(\.b))).sorted(), ds = Array(Set(pts.map(\.d))).sorted()
            var grid = [[Double?]](repeating: [Double?](repeating: nil, count: ds.count), count: bs.count)
            for p in pts { grid[bs.firstIndex(of: p.b)!][ds.firstIndex(of: p.d)!] = value(p) }
            let best = GridSearch.best(pts, objective: objective).map {
                HeatMapView.Cell(row: bs.firstIndex(of: $0.b)!, column: ds.firstIndex(of: $0.d)!)
            }
            sections.append(.init(
                "Rule \(rule.description)",
                text: (rule.readsB ? "The outlined cell is the rule's fairest setting (unconstrained)." : "The \(rule.name) rule ignores b, so its grid has one row (b = 0).") + screenText,
                content: [.figure(try HeatMapView(
                    rowValues: bs, columnValues: ds, values: grid, preferring: preference, valueName: name,
                    title: "\(name) over the grid, rule \(rule.description)", best: best))]))
        }

        // One scatter over every rule; its front is pareto.csv's (settings without a silhouette
        // cannot be drawn and are left out).
        let drawable = points.filter { $0.silhouette != nil }
        let onFront = outcome.paretoFront(objective, minimumClusterSize: criteria.minimumClusterSize)
        let scatter = drawable.map { p in
            ParetoScatterView.Point(
                fairness: value(p), quality: p.silhouette!,
                label: (rules.count > 1 ? "\(p.rule.description) " : "") + "b=\(ReportNumber.compact(p.b)), d=\(ReportNumber.compact(p.d))")
        }
        let front = drawable.indices.filter { i in onFront.contains { $0.rule == drawable[i].rule && $0.b == drawable[i].b && $0.d == drawable[i].d } }
        let vanillaPoint = vanilla.silhouette.map {
            ParetoScatterView.Point(fairness: objective == .mfc ? vanilla.mfc : vanilla.balance, quality: $0)
        }
        sections.append(.init(
            "Fairness against silhouette",
            text: "Every setting of every rule; the front is the one in pareto.csv, over the non-degenerate settings "
                + "(every cluster of at least \(criteria.minimumClusterSize) points).",
            content: [.figure(ParetoScatterView(
                points: scatter, vanilla: vanillaPoint, fairnessPreference: preference,
                fairnessAxisTitle: objective == .mfc ? "MFC (lower is fairer)" : "balance (higher is fairer)",
                title: "\(name) against silhouette", front: front))]))
        return ReportPage(title: "FairHAC: tuning FHAC", metadata: metadata, sections: sections).render()
    }
}
