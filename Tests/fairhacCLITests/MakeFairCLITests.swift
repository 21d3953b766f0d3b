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
        // 239 rows (the data's n - 1), the second reusing leaf 0: the structure is what is refused.
        var chain = ["0,1,0.5,2", "0,2,0.7,2"]
        for i in 2..<239 { chain.append("\(i + 1),\(240 + i - 1),\(Double(i)),\(i + 2)") }
        try (chain.joined(separator: "\n") + "\n").write(toFile: cyclic, atomically: true, encoding: .utf8)
        let r3 = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--method", "makefair", "--tree", cyclic, "--out", base + "z"])
        #expect(r3.status != 0 && r3.stderr.contains("cyclic.csv") && r3.stderr.contains("not a valid linkage matrix"))
        let r4 = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--tree", base + "/linkage.csv", "--out", base + "w"])
        #expect(r4.status != 0 && r4.stderr.contains("use --method makefair"))
        let r5 = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--method", "makefair", "--makefair-h", "6", "--makefair-k", "4", "--out", base + "v"])
        #expect(r5.status != 0 && r5.stderr.contains("--makefair-k must be at most h/2 = 3"), "\(r5.stderr)")
    }

    @Test("issue 27: fairhc at the documented eps maximum ends; overflowing k and eps end in a message or a run, never a trap")
    func extremes() throws {
        let dir = try CLI.temporaryDirectory()
        var text = "x,y,g\n"
        var state: UInt64 = 3
        for i in 0..<300 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            text += "\(Double(state >> 11) / Double(1 << 53)),\(Double(i % 31) / 31),\(["a", "b", "c"][i % 3])\n"
        }
        let input = dir.appendingPathComponent("three.csv").path
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let base = ["cluster", input, "--group", "g", "-k", "3", "--method", "makefair", "--quiet"]
        let sixth = try CLI.run(base + ["--makefair-variant", "fairhc", "--makefair-eps", "0.16666666666666666", "--out", dir.path + "/a"])
        #expect(sixth.status == 0, "\(sixth.stderr)")
        for variant in ["makefair", "fairhc"] {
            let k = try CLI.run(base + ["--makefair-variant", variant, "--makefair-k", "4611686018427387904", "--out", dir.path + "/b"])
            #expect(k.status == 1 && k.stderr.contains("--makefair-k must be at most"), "\(k.status) \(k.stderr)")
            let eps = try CLI.run(base + ["--makefair-variant", variant, "--makefair-eps", "1e-300", "--out", dir.path + "/c-" + variant])
            #expect(eps.status == 0, "\(eps.stderr)")
            let summary = try Self.json(dir.path + "/c-\(variant)/summary.json")
            let post = try #require(summary["post_processing"] as? [String: Any])
            #expect(post["recursion_threshold"] as? Int == Int.max)
        }
    }

    @Test("issue 27: --tree is an input: never replaced by the results, refused with --sample; a folder, a 3-d .npy, hexadecimal ids, negative heights and a tree over fewer rows are named")
    func treeInput() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeSample(dir)
        let out = dir.path + "/out"
        #expect(try CLI.run(["cluster", input, "-k", "4", "--out", out, "--quiet"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/linkage.npy"))
        let r = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--method", "makefair", "--tree", out + "/linkage.npy", "--out", out])
        #expect(r.status == 1 && r.stderr.contains("this run's input"), "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/linkage.npy")) == before)
        let sample = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--method", "makefair", "--tree", out + "/linkage.npy", "--sample", "100", "--out", dir.path + "/s"])
        #expect(sample.status == 64 && sample.stderr.contains("--sample"), "\(sample.stderr)")
        func refused(_ name: String, _ content: Data?, _ expected: [String]) throws {
            let path = dir.path + "/" + name
            if let content { try content.write(to: URL(fileURLWithPath: path)) } else { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
            let run = try CLI.run(["cluster", input, "--group", "g", "-k", "3", "--method", "makefair", "--tree", path, "--out", dir.path + "/r-" + name])
            #expect(run.status == 1 && expected.allSatisfy { run.stderr.contains($0) } && !run.stderr.contains("error 256"), "\(name): \(run.stderr)")
        }
        let csv = try String(contentsOfFile: out + "/linkage.csv", encoding: .utf8)
        var lines = csv.split(separator: "\n").map(String.init)
        try refused("folder", nil, ["folder", "a directory, not a file"])
        // Hexadecimal: 0x1p2 reads as 4 in Swift's Double.
        var hex = lines
        hex[0] = "0x1p2" + hex[0].drop { $0 != "," }
        try refused("hex.csv", Data(hex.joined(separator: "\n").utf8), ["hex.csv", "line 1, column 0", "not a decimal number"])
        var negative = lines
        let fields = negative[5].split(separator: ",").map(String.init)
        negative[5] = [fields[0], fields[1], "-1", fields[3]].joined(separator: ",")
        try refused("negative.csv", Data(negative.joined(separator: "\n").utf8), ["negative.csv", "row 5", "height", ">= 0"])
        lines.removeLast()
        try refused("fewer.csv", Data(lines.joined(separator: "\n").utf8), ["fewer.csv", "over 239 points", "the data have 240 rows"])
        // A 3-d .npy: the header's shape (239, 4, 2).
        var npy = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (239, 4, 2), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        npy.append(contentsOf: [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        npy.append(contentsOf: Array(header.utf8))
        npy.append(Data(count: 239 * 8 * 8))
        try refused("three.npy", npy, ["three.npy", "shape (239,4,2)", "2-d"])
    }
}
