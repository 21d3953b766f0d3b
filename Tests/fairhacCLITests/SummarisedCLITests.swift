import Foundation
import Testing

@Suite("fairhac cluster --form summarised", .serialized)
struct SummarisedCLITests {
    @Test("--micro-clusters n gives the exact form's files; a summarised run is a valid tree over every row, byte-identical across threads")
    func summarised() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try SeveralAttributesCLITests.writeSample(dir)
        for (linkage, fair) in [("average", false), ("ward", true), ("single", true), ("centroid", false)] {
            let extra = fair ? ["--fair", "--rule", "gain", "-d", "1"] : []
            let base = ["cluster", input, "--group", "sex", "--features", "x,y", "-k", "3", "--linkage", linkage] + extra
            let exact = try CLI.run(base + ["--out", dir.appendingPathComponent("e\(linkage)").path])
            #expect(exact.status == 0, "\(exact.stderr)")
            let same = try CLI.run(base + ["--form", "summarised", "--micro-clusters", "60", "--out", dir.appendingPathComponent("s\(linkage)").path])
            #expect(same.status == 0, "\(same.stderr)")
            for file in ["linkage.csv", "labels.csv", "tree.json"] {
                let a = try Data(contentsOf: dir.appendingPathComponent("e\(linkage)/\(file)"))
                let b = try Data(contentsOf: dir.appendingPathComponent("s\(linkage)/\(file)"))
                #expect(a == b, "\(linkage) \(file)")
            }
            var outputs: [[Data]] = []
            for threads in ["1", "2"] {
                let out = dir.appendingPathComponent("m\(linkage)\(threads)").path
                let r = try CLI.run(base + ["--form", "summarised", "--micro-clusters", "12", "--summary-seed", "5", "--threads", threads, "--out", out])
                #expect(r.status == 0, "\(r.stderr)")
                outputs.append(try ["linkage.csv", "labels.csv", "summary.json", "tree.json", "tree.nwk"].map {
                    try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0))
                })
                let summary = try SeveralAttributesCLITests.json(out + "/summary.json")
                let form = try #require(summary["form"] as? [String: Any])
                #expect(form["kind"] as? String == "summarised")
                #expect((form["micro_clusters"] as? Int ?? 0) >= 3)
                let rows = try String(contentsOfFile: out + "/linkage.csv", encoding: .utf8).split(separator: "\n")
                #expect(rows.count == 59)
            }
            #expect(outputs[0] == outputs[1], "\(linkage): 1 and 2 threads differ")
        }
    }

    @Test("--auto tunes the top; clear refusals: AFHAC, too few micro-clusters, a memory limit nothing fits")
    func refusals() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try SeveralAttributesCLITests.writeSample(dir)
        let afhac = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--method", "afhac-v", "--form", "summarised", "--out", dir.appendingPathComponent("a").path])
        #expect(afhac.status != 0 && afhac.stderr.contains("no summarised form"))
        let auto = try CLI.run([
            "cluster", input, "--group", "sex", "-k", "3", "--fair", "--auto", "--form", "summarised", "--micro-clusters", "20",
            "--out", dir.appendingPathComponent("b").path,
        ])
        #expect(auto.status == 0, "\(auto.stderr)")
        let autoSummary = try SeveralAttributesCLITests.json(dir.appendingPathComponent("b/summary.json").path)
        #expect(autoSummary["auto"] != nil && (autoSummary["form"] as? [String: Any])?["kind"] as? String == "summarised")
        let small = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--form", "summarised", "--micro-clusters", "1", "--out", dir.appendingPathComponent("c").path])
        #expect(small.status != 0 && small.stderr.contains("--micro-clusters"))
        let memory = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--form", "summarised", "--memory-limit", "1K", "--out", dir.appendingPathComponent("d").path])
        #expect(memory.status != 0 && memory.stderr.contains("summarised"), "\(memory.stderr)")
    }
}
