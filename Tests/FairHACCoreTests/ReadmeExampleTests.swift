import FairHACCore
import Foundation
import Testing

/// The README's library example, verbatim between the markers, so that it keeps compiling and
/// doing what the README says.
@Suite("README library example")
struct ReadmeExampleTests {
    @Test("the example runs and the fair tree is at least as fair at k = 4")
    func example() throws {
        let points = RandomData.points(n: 60, d: 2, seed: 11)
        let rows = (0..<points.count).map { Array(points.row($0)) }
        let sexes = (0..<rows.count).map { rows[$0][0] < 0.5 ? ($0 % 5 == 0 ? "F" : "M") : ($0 % 5 == 0 ? "M" : "F") }
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        // README begin
        let x = try Observations(rows: rows)                // n rows of d features
        let groups = try GroupAssignment(labels: sexes)     // one label per row
        let ideal = try IdealShares.data.resolve(for: groups)

        // Plain HAC (scipy's merges), cut into 4 clusters by merge order.
        let vanilla = try HierarchicalClustering(linkage: .average).fit(x)
        let before = PartitionFairness(
            labels: try vanilla.labels(clusterCount: 4), clusterCount: 4, groups: groups, ideal: ideal)

        // Fair HAC on the same data.
        let fair = try FairHierarchicalClustering(
            linkage: .average, clusterCount: 4, rule: .gain, schedule: FairnessSchedule(d: 1)
        ).fit(x, groups: groups)
        let after = PartitionFairness(
            labels: try fair.dendrogram.labels(clusterCount: 4), clusterCount: 4, groups: groups, ideal: fair.ideal)
        print("MFC \(before.mfc) -> \(after.mfc), balance \(before.balance) -> \(after.balance)")
        for merge in fair.dendrogram.merges.prefix(3) {      // the first rows of scipy's Z
            print(merge.a, merge.b, merge.height, merge.size)
        }
        // README end

        #expect(printed.count == 4 && printed[0].hasPrefix("MFC "))
        #expect(after.mfc <= before.mfc + 1e-12)
    }

    @Test("the README shows this example, line for line")
    func readmeMatches() throws {
        let here = #filePath
        let root = here.components(separatedBy: "/Tests/")[0]
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let source = try String(contentsOfFile: here, encoding: .utf8)
        func lines(_ text: Substring) -> [String] {
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard let begin = source.range(of: "// README begin\n"), let end = source.range(of: "// README end") else {
            Issue.record("markers missing")
            return
        }
        let example = lines(source[begin.upperBound..<end.lowerBound])
        guard let block = readme.range(of: "```swift\nimport FairHACCore\n"),
            let close = readme.range(of: "```", range: block.upperBound..<readme.endIndex)
        else {
            Issue.record("README has no library example")
            return
        }
        #expect(lines(readme[block.upperBound..<close.lowerBound]) == example)
    }

    @Test("the pipeline example runs: one call gives the fair result, vanilla's figures and the notices")
    func pipelineExample() throws {
        let points = RandomData.points(n: 60, d: 2, seed: 11)
        let x = points
        let groups = try GroupAssignment(labels: (0..<60).map { $0 % 3 == 0 ? "F" : "M" })
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        // README pipeline begin
        var request = ClusteringRequest(nClusters: 4)      // the keys are the Python parameter names
        request.method = .fhac
        request.d = 1
        request.rule = "paper:strict"                       // a rule with its parameter
        let outcome = try ClusteringPipeline(request, spelling: .api)
            .run(on: ClusteringData(content: .features(x), attributes: ProtectedAttributes(groups, name: "sex")))
        print(outcome.fairness?.partition.mfc ?? 0, outcome.vanilla?.mfc ?? 0, outcome.notices.map(\.text))
        // README pipeline end

        #expect(printed.count == 1)
        #expect(outcome.methodName == "fhac" && outcome.options["paper_variant"] == .string("strict"))
        #expect(outcome.fairness != nil && outcome.vanilla != nil && outcome.clusterSizes.reduce(0, +) == 60)
    }
}
