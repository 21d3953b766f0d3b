import Foundation
import Testing

/// End-to-end tests of the built `fairhac` binary: exit codes, messages, files.
struct CLI {
    static var binary: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("fairhac"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("fairhac"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fairhac"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) throws -> Run {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fairhac-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A small CSV with two blobs and a group column.
    static func writeSample(_ dir: URL, rows: Int = 40) throws -> String {
        var text = "x,y,sex\n"
        for i in 0..<rows {
            let c = Double(i % 2) * 5
            text += "\(c + Double(i) * 0.013),\(c - Double(i * i % 7) * 0.11),\(i % 3 == 0 ? "f" : "m")\n"
        }
        let path = dir.appendingPathComponent("sample.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

@Suite("fairhac command line", .serialized)
struct CLITests {
    @Test("help lists the subcommand and its options")
    func help() throws {
        let r = try CLI.run(["cluster", "--help"])
        #expect(r.status == 0)
        for option in ["--linkage", "--metric", "--group-bins", "--drop-missing", "--fair", "--rule", "--out"] {
            #expect(r.stdout.contains(option), "help lacks \(option)")
        }
    }

    @Test("a run writes Z (csv and npy), labels and summary; reruns are byte-identical")
    func outputsAndDeterminism() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        var outputs: [[Data]] = []
        for name in ["a", "b"] {
            let out = dir.appendingPathComponent(name).path
            let r = try CLI.run(["cluster", input, "--group", "sex", "--linkage", "complete", "-k", "3", "--out", out])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("MFC"))
            outputs.append(try ["linkage.csv", "linkage.npy", "labels.csv", "summary.json"].map {
                try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent($0))
            })
            #expect(FileManager.default.fileExists(atPath: out + "/timings.json"))
        }
        #expect(outputs[0] == outputs[1])
        let csv = String(decoding: outputs[0][0], as: UTF8.self)
        #expect(csv.split(separator: "\n").count == 39)
        let labels = String(decoding: outputs[0][2], as: UTF8.self).split(separator: "\n")
        #expect(labels.first == "row,cluster,group" && labels.count == 41)
        let summary = try JSONSerialization.jsonObject(with: outputs[0][3]) as! [String: Any]
        #expect(summary["k"] as? Int == 3 && summary["method"] as? String == "vanilla")
        #expect(summary["mfc"] is Double && summary["balance"] is Double)
        let quality = summary["quality"] as? [String: Any]
        #expect(quality?["silhouette"] is Double && quality?["normalized_revenue"] is Double)
        #expect((summary["fairness_profile"] as? [Any])?.count == 19)
    }

    @Test("degenerate inputs (two rows, identical points) still write every output, with undefined ratios left out")
    func degenerateInputs() throws {
        let dir = try CLI.temporaryDirectory()
        for (name, text) in [("two", "x,y,g\n0,0,a\n3,4,b\n"), ("same", "x,y,g\n1,1,a\n1,1,b\n1,1,a\n1,1,b\n")] {
            let input = dir.appendingPathComponent(name + ".csv").path
            try text.write(toFile: input, atomically: true, encoding: .utf8)
            let out = dir.appendingPathComponent(name).path
            let r = try CLI.run(["cluster", input, "--group", "g", "-k", "2", "--scale", "none", "--report", "--out", out])
            #expect(r.status == 0, "\(name): \(r.stderr)")
            for file in ["linkage.csv", "labels.csv", "summary.json", "tree.nwk", "tree.json", "report.html"] {
                #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(name) lacks \(file)")
            }
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
            let quality = try #require(summary["quality"] as? [String: Any])
            #expect(quality["normalized_value"] == nil && quality["revenue"] is Double)
            #expect(r.stdout.contains("normalised value undefined"))
            let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
            #expect(!html.contains("NaN") && !html.contains("inf"))
        }
    }

    @Test("fair run records the rule and schedule")
    func fairRun() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let out = dir.appendingPathComponent("fair").path
        let r = try CLI.run(["cluster", input, "--group", "sex", "-k", "4", "--fair", "--rule", "window", "-b", "2", "-d", "1", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        let options = summary["options"] as? [String: Any]
        // Options keep their JSON types: numbers as numbers, booleans as booleans.
        #expect(summary["method"] as? String == "fhac" && options?["rule"] as? String == "window")
        #expect(options?["b"] as? Double == 2 && options?["d"] as? Double == 1)
        let text = try String(contentsOfFile: out + "/summary.json", encoding: .utf8)
        #expect(text.contains("\"b\" : 2") && !text.contains("\"b\" : \"2"))
    }

    @Test("AFHAC: fairlets under the cap, recorded in summary.json; infeasible caps name the smallest feasible one")
    func afhac() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir, rows: 60)  // 20 f, 40 m
        let out = dir.appendingPathComponent("afhac").path
        let r = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--method", "afhac-v", "--ratio", "1:2", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        let options = summary["options"] as? [String: Any]
        #expect(summary["method"] as? String == "afhac-v" && options?["cap"] as? String == "2/3" && options?["fairlets"] as? Int == 20)
        #expect(options?["local_search_converged"] is Bool && options?["eps"] as? Double == 0.1)
        // Every cluster of the 3-cut has at most 2 m per f.
        for cluster in summary["clusters"] as! [[String: Any]] {
            let counts = cluster["group_counts"] as! [String: Int]
            #expect(counts["m", default: 0] <= 2 * counts["f", default: 0])
        }
        let revenue = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--method", "afhac-r", "--report", "--out", out + "r"])
        #expect(revenue.status == 0, "\(revenue.stderr)")
        // The report of a fair method draws its profile against vanilla HAC.
        let html = try String(contentsOfFile: out + "r/report.html", encoding: .utf8)
        #expect(html.contains("Fairness profile") && html.contains("vanilla") && html.contains("afhac-r"))

        let tight = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--method", "afhac-v", "--alpha", "2", "--out", out])
        #expect(tight.status == 1 && tight.stderr.contains("smallest feasible cap is 2/3") && tight.stderr.contains("--ratio 20:40"))
        let noMethod = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--alpha", "2", "--out", out])
        #expect(noMethod.status == 64 && noMethod.stderr.contains("--method afhac-v"))
        let linkage = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--method", "afhac-r", "--linkage", "single", "--out", out])
        #expect(linkage.status == 64 && linkage.stderr.contains("average linkage"))
        let badRatio = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--method", "afhac-r", "--ratio", "1-2", "--out", out])
        #expect(badRatio.status == 64 && badRatio.stderr.contains("b:r"))
        let both = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--fair", "--method", "afhac-v", "--out", out])
        #expect(both.status == 64)
    }

    @Test("--report writes one self-contained report.html with every view, the same bytes each run")
    func report() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir, rows: 80)
        var pages: [String] = []
        for name in ["a", "b"] {
            let out = dir.appendingPathComponent(name).path
            let r = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--fair", "-d", "1", "--report", "--out", out])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.isEmpty, "progress leaked into a pipe: \(r.stderr)")
            pages.append(try String(contentsOfFile: out + "/report.html", encoding: .utf8))
        }
        #expect(pages[0] == pages[1])
        let page = pages[0]
        for part in ["<h2", "Dendrogram", "Clusters", "Fairness profile", "<svg", "viewBox", "<table"] {
            #expect(page.contains(part), "report lacks \(part)")
        }
        #expect(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"))
        #expect(page.components(separatedBy: "<svg").count - 1 >= 3)

        let tuneOut = dir.appendingPathComponent("tune").path
        let tune = try CLI.run(["tune", input, "--group", "sex", "-k", "3", "--rule", "gain", "window", "--grid-b", "0,1",
                                "--grid-d", "0,0.5,1", "--report", "--out", tuneOut, "--quiet"])
        #expect(tune.status == 0, "\(tune.stderr)")
        let tunePage = try String(contentsOfFile: tuneOut + "/report.html", encoding: .utf8)
        #expect(tunePage.contains("Rule gain") && tunePage.contains("Rule window") && tunePage.contains("vanilla HAC"))
        // The scatter's front is pareto.csv's: one marker per row (every setting has a silhouette here).
        let paretoRows = try String(contentsOfFile: tuneOut + "/pareto.csv", encoding: .utf8).split(separator: "\n").count - 1
        #expect(paretoRows >= 1 && tunePage.components(separatedBy: "class=\"pareto-point\"").count - 1 == paretoRows)
    }

    @Test("bad input: clear errors naming file, row and column; exit codes")
    func errors() throws {
        let dir = try CLI.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.csv").path
        try "a,b\n1,2\n?,3\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("o").path
        let r = try CLI.run(["cluster", bad, "-k", "1", "--out", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv") && r.stderr.contains("line 3 (data row 1)") && r.stderr.contains("'a'") && r.stderr.contains("--drop-missing"))
        let dropped = try CLI.run(["cluster", bad, "-k", "1", "--out", out, "--drop-missing"])
        #expect(dropped.status == 1 && dropped.stderr.contains("at least 2"))

        let noInput = try CLI.run(["cluster", "-k", "2", "--out", out])
        #expect(noInput.status == 64 && noInput.stderr.contains("--dataset"))
        let ward = try CLI.run(["cluster", bad, "--linkage", "ward", "--metric", "cityblock", "-k", "2", "--out", out])
        #expect(ward.status == 64 && ward.stderr.contains("euclidean"))
        let fairNoGroup = try CLI.run(["cluster", bad, "--fair", "-k", "2", "--out", out])
        #expect(fairNoGroup.status == 64 && fairNoGroup.stderr.contains("--group"))
        let fairOptionsAlone = try CLI.run(["cluster", bad, "-d", "1", "-k", "2", "--out", out])
        #expect(fairOptionsAlone.status == 64 && fairOptionsAlone.stderr.contains("--fair"))
        let missingFile = try CLI.run(["cluster", dir.appendingPathComponent("nope.csv").path, "-k", "2", "--out", out])
        #expect(missingFile.status == 1 && missingFile.stderr.contains("nope.csv"))
    }

    @Test("tune writes the grid, the Pareto front and the best settings")
    func tune() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir, rows: 60)
        let out = dir.appendingPathComponent("tune").path
        let r = try CLI.run(["tune", input, "--group", "sex", "-k", "3", "--rule", "gain", "window",
                             "--grid-b", "0,1", "--grid-d", "0,0.5", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("vanilla: MFC") && r.stdout.contains("best mfc"))
        let grid = try String(contentsOfFile: out + "/grid.csv", encoding: .utf8).split(separator: "\n")
        #expect(grid.first == "b,d,rule,mfc,balance,silhouette,seconds" && grid.count == 1 + 2 + 4)
        #expect(FileManager.default.fileExists(atPath: out + "/pareto.csv"))
        let best = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/best.json"))) as! [String: Any]
        #expect(best["vanilla"] is [String: Any] && best["best_mfc"] is [String: Any] && best["best_balance"] is [String: Any])
        let noGroup = try CLI.run(["tune", input, "-k", "3", "--out", out])
        #expect(noGroup.status == 64)
    }

    @Test("reproduce writes the report, tables, runs and the toy figure; reruns are identical")
    func reproduce() throws {
        let dir = try CLI.temporaryDirectory()
        var reports: [String] = []
        for name in ["r1", "r2"] {
            let out = dir.appendingPathComponent(name).path
            let r = try CLI.run(["reproduce", "--quick", "--n", "60", "--seeds", "2", "--dataset", "bank", "--linkage", "average",
                                 "--out", out, "--quiet", "--report"])
            #expect(r.status == 0, "\(r.stderr)")
            reports.append(try String(contentsOfFile: out + "/report.md", encoding: .utf8))
            reports.append(try String(contentsOfFile: out + "/report.html", encoding: .utf8))
            let tables = try String(contentsOfFile: out + "/tables.csv", encoding: .utf8).split(separator: "\n")
            // vanilla, fhac-gain, fhac-window, afhac-v, afhac-r, afhac-v-s10, afhac-r-s10
            #expect(tables.count == 1 + 7)
            #expect(try String(contentsOfFile: out + "/figure1.svg", encoding: .utf8).hasPrefix("<svg"))
            #expect(try String(contentsOfFile: out + "/runs.csv", encoding: .utf8).split(separator: "\n").count == 1 + 2 * 7)
        }
        #expect(reports[0] == reports[2] && reports[1] == reports[3])
        let html = try String(contentsOfFile: dir.appendingPathComponent("r1").path + "/report.html", encoding: .utf8)
        for part in ["Table I:", "Table II:", "Table III:", "Table IV:", "Figure 2 analog", "Figure 1 analog", "afhac-v"] {
            #expect(html.contains(part), "reproduce report lacks \(part)")
        }
        #expect(reports[0].contains("Table I") && reports[0].contains("Table II") && !reports[0].contains("Pending"))
        #expect(reports[0].contains("Table III") && reports[0].contains("Table IV"))
        #expect(reports[0].contains("| bank | afhac-v | 0.") && reports[0].contains("0.0365"))
        #expect(reports[0].contains("| bank | average | vanilla |") && reports[0].contains("1.3320"))
    }

    @Test("a job that cannot fit is refused with the estimate and what would fit")
    func memoryRefusal() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir, rows: 3000)
        let r = try CLI.run(["cluster", input, "-k", "2", "--memory-limit", "16M", "--out", dir.appendingPathComponent("m").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("largest number of observations") && r.stderr.contains("--sample"))
    }
}
