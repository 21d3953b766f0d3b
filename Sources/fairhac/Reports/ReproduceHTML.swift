import FairHACCore
import FairHACReport

/// `report.html` of `fairhac reproduce --report`: Tables I-IV, the Figure 2 analog (silhouette
/// per method) and the Figure 1 analog (the toy example), the same numbers as report.md.
enum ReproduceHTML {
    static func html(
        rows: [ReproduceCommand.Row], intro: String, k: Int, n: Int, toy: ToyExample, criteria: RecommendationCriteria,
        levels: [LevelComparison.Entry]
    ) throws -> String {
        func cell(_ v: [Double]) -> String { meanStd(v) }
        func paper(_ r: ReproduceCommand.Row, balance: Bool) -> String {
            PaperNumbers.value(r.dataset, r.linkage, method: r.method, balance: balance).map { ReportNumber.fixed($0, decimals: 4) } ?? ""
        }
        let fhacRows = rows.filter { !$0.method.hasPrefix("afhac") }
        func fhacTable(balance: Bool) -> ReportTable {
            ReportTable(
                header: ["dataset", "linkage", "method", balance ? "balance" : "MFC", "silhouette", "smallest cluster", "tree cost ratio", "paper"],
                rows: fhacRows.map {
                    [$0.dataset.rawValue, $0.linkage.rawValue, $0.method, ReproduceReport.fairnessCell($0, balance: balance)]
                        + ReproduceReport.qualityCells(balance ? $0.byBalance : $0.byMFC) + [paper($0, balance: balance)]
                })
        }
        let findings = ReproduceReport.findings(rows, criteria: criteria, k: k)
            .split(separator: "\n").filter { $0.hasPrefix("- ") }.map { String($0.dropFirst(2)) }
        var sections: [ReportPage.Section] = findings.isEmpty ? [] : [
            .init("What the numbers show", content: findings.map { .paragraph($0) }),
        ]
        sections += [
            .init("Table I: Max Fairness Cost (lower is fairer)", content: [.table(fhacTable(balance: false))]),
            .init("Table II: balance (higher is fairer)", content: [.table(fhacTable(balance: true))]),
        ]
        let compared = rows.filter { $0.linkage == .average && $0.method != "vanilla" }
        if compared.contains(where: { $0.method.hasPrefix("afhac") }) {
            func afhacTable(balance: Bool) -> ReportTable {
                ReportTable(
                    header: ["dataset", "method", "cap (share)", "fairlets", "measured", "silhouette", "smallest cluster", "tree cost ratio", "paper"],
                    rows: compared.map { r in
                        [r.dataset.rawValue, r.method,
                         r.capShare.isEmpty ? "" : ReportNumber.fixed(ReproduceReport.stats(r.capShare).0, decimals: 4),
                         r.fairlets.isEmpty ? "" : ReportNumber.fixed(ReproduceReport.stats(r.fairlets).0, decimals: 1),
                         ReproduceReport.fairnessCell(r, balance: balance)]
                            + ReproduceReport.qualityCells(balance ? r.byBalance : r.byMFC) + [paper(r, balance: balance)]
                    })
            }
            sections.append(.init("Table III: FHAC against AFHAC, MFC at k = \(k) (average linkage)", content: [.table(afhacTable(balance: false))]))
            sections.append(.init("Table IV: FHAC against AFHAC, balance at k = \(k) (average linkage)", content: [.table(afhacTable(balance: true))]))
        }

        // Figure 2 analog: mean silhouette per dataset x linkage, one bar per method.
        var categories: [String] = [], methods: [String] = []
        for r in rows {
            let c = "\(r.dataset.rawValue) \(r.linkage.rawValue)"
            if !categories.contains(c) { categories.append(c) }
            if !methods.contains(r.method) { methods.append(r.method) }
        }
        var values = [[Double?]](repeating: [Double?](repeating: nil, count: categories.count), count: methods.count)
        var errors = values
        for r in rows {
            let measured = r.silhouette.compactMap { $0 }
            guard !measured.isEmpty else { continue }
            let (mean, sd) = ReproduceReport.stats(measured)
            let s = methods.firstIndex(of: r.method)!, c = categories.firstIndex(of: "\(r.dataset.rawValue) \(r.linkage.rawValue)")!
            values[s][c] = mean
            errors[s][c] = sd
        }
        sections.append(.init(
            "Figure 2 analog: silhouette",
            text: "Mean silhouette of the k-partition over the seeds (FHAC: the MFC-chosen setting); error bars one sample standard deviation.",
            content: [.figure(try GroupedBarChartView(
                categories: categories, series: methods, values: values, errors: errors,
                valueAxisTitle: "silhouette", title: "Silhouette by method"))]))
        sections.append(.init(
            "Figure 1 analog: the toy example",
            text: "60 uniform 2-D points in two equal groups, single linkage, k = \(k): vanilla balance "
                + "\(ReportNumber.fixed(toy.vanillaBalance, decimals: 2)), FHAC (gain, d = \(ReportNumber.compact(toy.d))) balance "
                + "\(ReportNumber.fixed(toy.fairBalance, decimals: 2)).",
            content: [.svg(toy.svg, caption: "Colour: cluster; marker: group.")]))
        if !levels.isEmpty {
            // As report.md's last section: how much of the whole tree is fair, per method.
            sections.append(.init(
                LevelComparison.heading, text: String(LevelComparison.introduction(n: n, k: k).filter { $0 != "`" }),
                content: [.table(ReportTable(header: LevelComparison.header, rows: LevelComparison.rows(levels))),
                          .paragraph(LevelComparison.whichToUse)]))
        }
        return ReportPage(title: "FairHAC: the paper's experiments, re-run", metadata: [intro], sections: sections).render()
    }
}
