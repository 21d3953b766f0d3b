import Foundation
import Testing

@Suite("fairhac with several protected attributes", .serialized)
struct SeveralAttributesCLITests {
    /// Two blobs, a sex column and a numeric age column.
    static func writeSample(_ dir: URL) throws -> String {
        var text = "x,y,sex,age\n"
        for i in 0..<60 {
            let c = Double(i % 2) * 5
            text += "\(c + Double(i) * 0.013),\(c - Double(i * i % 7) * 0.11),\(i % 3 == 0 ? "f" : "m"),\(20 + (i * 7) % 50)\n"
        }
        let path = dir.appendingPathComponent("two.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test("separate mode: a column per attribute in labels.csv, each attribute's MFC and the combined one, tree counts per attribute")
    func separate() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeSample(dir)
        let out = dir.appendingPathComponent("sep").path
        let r = try CLI.run([
            "cluster", input, "--group", "sex,age", "--group-bins", "age=<30,30..50,>50", "-k", "4", "--fair", "-b", "3", "-d", "1",
            "--out", out,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("combined (separate)") && r.stdout.contains("age: MFC"))
        let labels = try String(contentsOfFile: out + "/labels.csv", encoding: .utf8).split(separator: "\n")
        #expect(labels.first == "row,cluster,group_sex,group_age" && labels.count == 61)
        #expect(labels[1] == "0,\(labels[1].split(separator: ",")[1]),f,<30")
        let summary = try Self.json(out + "/summary.json")
        let attributes = try #require(summary["attributes"] as? [String: Any])
        let each = try #require(attributes["each"] as? [[String: Any]])
        #expect(attributes["mode"] as? String == "separate" && each.map { $0["name"] as? String } == ["sex", "age"])
        let mfc = try #require(summary["mfc"] as? Double)
        let own = each.compactMap { $0["mfc"] as? Double }
        #expect(own.count == 2 && own.allSatisfy { $0 <= mfc + 1e-12 })
        #expect((summary["groups"] as? [String: Any])?["names"] as? [String] == ["sex=f", "sex=m", "age=<30", "age=30..50", "age=>50"])
        let tree = try Self.json(out + "/tree.json")
        let root = try #require((tree["nodes"] as? [[String: Any]])?.last?["group_counts"] as? [String: Int])
        #expect(root["sex=f"] == 20 && root["sex=m"] == 40 && root.filter { $0.key.hasPrefix("age=") }.values.reduce(0, +) == 60)

        let perAttribute = try CLI.run([
            "cluster", input, "--group", "sex,age", "--group-bins", "age=<30,30..50,>50", "-k", "4", "--fair", "--ideal", "age=uniform",
            "--out", out + "i",
        ])
        #expect(perAttribute.status == 0, "\(perAttribute.stderr)")
        let ideal = try #require((try Self.json(out + "i/summary.json")["groups"] as? [String: Any])?["ideal"] as? [Double])
        #expect(ideal.count == 5 && abs(ideal[0] - 1.0 / 3) < 1e-12 && ideal[2...].allSatisfy { abs($0 - 1.0 / 3) < 1e-12 })
        let unknown = try CLI.run(["cluster", input, "--group", "sex,age", "--group-bins", "age=<30,>=30", "-k", "4", "--fair", "--ideal", "race=uniform", "--out", out + "j"])
        #expect(unknown.status != 0 && unknown.stderr.contains("'race'"))
        let afhac = try CLI.run(["cluster", input, "--group", "sex,age", "-k", "3", "--method", "afhac-v", "--out", out + "a"])
        #expect(afhac.status == 1 && afhac.stderr.contains("--group-mode intersectional"))
        let unnamed = try CLI.run(["cluster", input, "--group", "sex,age", "--group-bins", "<30,>=30", "-k", "3", "--out", out + "u"])
        #expect(unnamed.status != 0 && unnamed.stderr.contains("COLUMN=BINS"))
    }

    @Test("intersectional mode: rare combinations are an error naming them, or pooled with --merge-rare")
    func intersectional() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeSample(dir)
        let out = dir.appendingPathComponent("int").path
        let base = ["cluster", input, "--group", "sex,age", "--group-bins", "age=<25,25..60,>60", "--group-mode", "intersectional", "-k", "3", "--fair", "-b", "2", "-d", "1"]
        let rare = try CLI.run(base + ["--rare-floor", "0.1", "--out", out])
        #expect(rare.status == 1 && rare.stderr.contains("fewer than") && rare.stderr.contains("--merge-rare"))
        let pooled = try CLI.run(base + ["--rare-floor", "0.1", "--merge-rare", "--out", out])
        #expect(pooled.status == 0, "\(pooled.stderr)")
        let labels = try String(contentsOfFile: out + "/labels.csv", encoding: .utf8).split(separator: "\n")
        #expect(labels.first == "row,cluster,group_sex,group_age,group")
        let summary = try Self.json(out + "/summary.json")
        let names = try #require((summary["groups"] as? [String: Any])?["names"] as? [String])
        #expect(names.contains("other") && names.contains("m×25..60"))
        let afhac = try CLI.run(base.filter { $0 != "--fair" && $0 != "-b" && $0 != "2" && $0 != "-d" && $0 != "1" } + ["--rare-floor", "0.1", "--merge-rare", "--method", "afhac-v", "--out", out + "a"])
        #expect(afhac.status == 0, "\(afhac.stderr)")
    }

    @Test("one attribute: --group-mode intersectional writes the same files as the default")
    func oneAttribute() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeSample(dir)
        var files: [[Data]] = []
        for mode in ["separate", "intersectional"] {
            let out = dir.appendingPathComponent(mode).path
            let r = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--fair", "-b", "2", "-d", "1", "--group-mode", mode, "--out", out])
            #expect(r.status == 0, "\(r.stderr)")
            files.append(try ["linkage.csv", "labels.csv", "summary.json", "tree.json"].map { try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0)) })
        }
        #expect(files[0] == files[1])
        #expect(!String(decoding: files[0][2], as: UTF8.self).contains("\"attributes\""))
    }

    @Test("reproduce --two-attributes: both modes, average and ward, vanilla against the recommendation")
    func reproduceTable() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("r").path
        let r = try CLI.run([
            "reproduce", "--quick", "--n", "80", "--seeds", "1", "--dataset", "bank", "--linkage", "average", "--afhac-fairlet-size", "0",
            "--two-attributes", "--out", out, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let md = try String(contentsOfFile: out + "/two-attributes.md", encoding: .utf8)
        #expect(md.contains("| bank | marital, age | separate | average |") && md.contains("| bank | marital, age | intersectional | ward |"))
        let csv = try String(contentsOfFile: out + "/two-attributes.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 1 + 2 * 2 * 2)
        #expect(csv.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 11 })
    }
}
