import Foundation
import Testing

@Suite("fairhac cluster --method makefair", .serialized)
struct MakeFairCLITests {
    /// Four blobs; the group follows the blob (the vanilla tree separates the groups).
    static func writeSample(_ dir: URL) throws -> String {
        var text = "x,y,g,h\n"
        for i in 0..<240 {
            let blob = i % 4
            let x = Double(blob % 2) * 6 + Double(i % 17) * 0.05, y = Double(blob / 2) * 6 + Double(i % 13) * 0.04
            let g = (blob < 2) == (i % 5 != 0) ? "a" : "b"
            text += "\(x),\(y),\(g),\(i % 3 == 0 ? "u" : "v")\n"
        }
        let path = dir.appendingPathComponent("blobs.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func shares(_ levels: Any?) throws -> [Double] {
        try #require(levels as? [[String: Any]]).map { ($0["share"] as? Double) ?? 0 }
    }

    @Test("post-processes the vanilla tree: valid binarised Z, real clusters, n-ary tree.json, fairness at every level, cost ratio")
    func vanilla() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeSample(dir)
        let out = dir.appendingPathComponent("mf").path
        let r = try CLI.run(["cluster", input, "--group", "g", "-k", "4", "--method", "makefair", "--makefair-k", "2", "--out", out, "--report"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try Self.json(out + "/summary.json")
        #expect(summary["method"] as? String == "makefair")
        let post = try #require(summary["post_processing"] as? [String: Any])
        #expect(post["variant"] as? String == "makefair" && post["h"] as? Int == 8 && post["k"] as? Int == 2)
        #expect((post["cost_ratio"] as? Double ?? 0) > 0)
        let after = try Self.shares((summary["fair_at_every_level"] as? [String: Any])?["levels"])
        let before = try Self.shares((post["input_fair_at_every_level"] as? [String: Any])?["levels"])
        #expect(after.count == 3 && before.count == 3)
        for (a, b) in zip(after, before) { #expect(a > b) }
        // Z: n - 1 rows; labels: real clusters of the n-ary tree.
        let z = try String(contentsOfFile: out + "/linkage.csv", encoding: .utf8).split(separator: "\n")
        #expect(z.count == 239)
        let tree = try Self.json(out + "/tree.json")
        #expect(tree["form"] as? String == "n-ary")
        let nodes = try #require(tree["nodes"] as? [[String: Any]])
        var leaves: [Int: Set<Int>] = [:]
        for node in nodes {
            let id = try #require(node["id"] as? Int)
            if let children = node["children"] as? [Int] {
                leaves[id] = children.reduce(into: Set<Int>()) { $0.formUnion(leaves[$1] ?? []) }
            } else {
                leaves[id] = [id]
            }
        }
        let real = Set(leaves.values)
        let rows = try String(contentsOfFile: out + "/labels.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        var clusters: [String: Set<Int>] = [:]
        for row in rows {
            let f = row.split(separator: ",")
            clusters[String(f[1]), default: []].insert(Int(f[0]) ?? -1)
        }
        #expect(clusters.count == post["real_cluster_count"] as? Int)
        for c in clusters.values { #expect(real.contains(c)) }
        #expect(FileManager.default.fileExists(atPath: out + "/report.html"))
    }

    @Test("--tree takes a given Z (csv or npy) and checks it; options need --method makefair")
    func givenTree() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeSample(dir)
        let base = dir.appendingPathComponent("hac").path
        #expect(try CLI.run(["cluster", input, "-k", "4", "--linkage", "complete", "--out", base]).status == 0)
        for file in ["linkage.csv", "linkage.npy"] {
            let out = dir.appendingPathComponent("mf-" + file).path
            let r = try CLI.run([
                "cluster", input, "--group", "g,h", "-k", "3", "--method", "makefair", "--tree", base + "/" + file,
                "--makefair-variant", "fairhc", "--out", out,
            ])
            #expect(r.status == 0, "\(r.stderr)")
            let post = try #require(try Self.json(out + "/summary.json")["post_processing"] as? [String: Any])
            #expect(post["input_tree"] as? String == base + "/" + file && post["variant"] as? String == "fairhc")
        }
        let bad = dir.appendingPathComponent("bad.csv").path
        try "0,1,0.5\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r1 = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--method", "makefair", "--tree", bad, "--out", base + "x"])
        #expect(r1.status != 0 && r1.stderr.contains("bad.csv") && r1.stderr.contains("4 per row"))
        let short = dir.appendingPathComponent("short.csv").path
        try "0,1,0.5,2\n".write(toFile: short, atomically: true, encoding: .utf8)
        let r2 = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--method", "makefair", "--tree", short, "--out", base + "y"])
        #expect(r2.status != 0 && r2.stderr.contains("short.csv") && r2.stderr.contains("240 rows"))
        let cyclic = dir.appendingPathComponent("cyclic.csv").path
        try "0,1,0.5,2\n0,2,0.7,2\n".write(toFile: cyclic, atomically: true, encoding: .utf8)
        let r3 = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--method", "makefair", "--tree", cyclic, "--out", base + "z"])
        #expect(r3.status != 0 && r3.stderr.contains("cyclic.csv") && r3.stderr.contains("not a valid linkage matrix"))
        let r4 = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--tree", base + "/linkage.csv", "--out", base + "w"])
        #expect(r4.status != 0 && r4.stderr.contains("use --method makefair"))
        let r5 = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--method", "makefair", "--makefair-h", "6", "--makefair-k", "4", "--out", base + "v"])
        #expect(r5.status != 0 && r5.stderr.contains("--makefair-k must be at most h/2 = 3"), "\(r5.stderr)")
    }
}
