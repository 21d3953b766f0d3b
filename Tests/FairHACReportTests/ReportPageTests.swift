import FairHACCore
import Testing
@testable import FairHACReport

@Suite struct ReportPageTests {
    static func page() throws -> ReportPage {
        let groups = try GroupAssignment(names: ["a<b & \"c\"", "d"], memberships: [0, 1, 0, 0, 1])
        let tree = try DendrogramViewTests.fivePoints()
        return ReportPage(
            title: "Report on <data> & more", metadata: ["dataset: x.csv", "linkage: average"],
            sections: [
                .init("Dendrogram", text: "Fair tree & friends.", content: [
                    .figure(try DendrogramView(tree: tree, groups: groups, ideal: [0.6, 0.4], clusterCount: 2)),
                ]),
                .init("Clusters", content: [
                    .figure(try ClusterCompositionView(tree: tree, groups: groups, ideal: [0.6, 0.4], clusterCount: 2)),
                    .table(ReportTable(header: ["cluster", "size", "group"], rows: [["0", "3", "a<b"], ["1", "2", "&amp;"]])),
                    .preformatted("fairhac cluster --fair x.csv"),
                ]),
            ])
    }

    @Test func pageIsSelfContainedAndHasEverySection() throws {
        let html = try Self.page().render()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.lowercased().contains("http"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src="))
        #expect(html.contains("<h2>Dendrogram</h2>") && html.contains("<h2>Clusters</h2>"))
        #expect(occurrences(of: "<svg", in: html) == 2)
        #expect(occurrences(of: "<figcaption>", in: html) == 2)
        #expect(html.contains("<meta charset=\"UTF-8\""))
        #expect(html.contains("<style>"))
    }

    @Test func pageEscapesUserText() throws {
        let html = try Self.page().render()
        #expect(html.contains("<title>Report on &lt;data&gt; &amp; more</title>"))
        #expect(html.contains("<h1>Report on &lt;data&gt; &amp; more</h1>"))
        #expect(!html.contains("a<b"))
        // Plot's own escaping would keep "&amp;" as an entity; ours shows it literally.
        #expect(html.contains("<td>&amp;amp;</td>"))
        #expect(html.contains("Fair tree &amp; friends."))
    }

    @Test func tableRightAlignsNumericColumns() {
        let html = ReportTable(header: ["name", "value"], rows: [["x", "1.5"], ["y", "-2"]]).html()
        #expect(html.contains("<th>name</th><th class=\"num\">value</th>"))
        #expect(html.contains("<td>x</td><td class=\"num\">1.5</td>"))
    }

    /// Writes a sample report with every view, for a look in a browser:
    /// `FAIRHAC_REPORT_SAMPLE=/tmp/report.html swift test --filter FairHACReportTests`.
    @Test(.enabled(if: sampleReportPath != nil)) func writeSampleReport() throws {
        let html = try SampleReport.make()
        try html.write(toFile: sampleReportPath!, atomically: true, encoding: .utf8)
    }
}

import Foundation

let sampleReportPath = ProcessInfo.processInfo.environment["FAIRHAC_REPORT_SAMPLE"]
