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

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Run {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
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
            // Only the result's own warnings (d = 1 costs silhouette here): no progress in a pipe.
            #expect(r.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("warning: ") }, "progress leaked into a pipe: \(r.stderr)")
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
        #expect(r.stdout.contains("vanilla: MFC") && r.stdout.contains("fairest by mfc"))
        // The summary leads with the recommendation.
        #expect(r.stdout.split(separator: "\n").dropFirst().first?.hasPrefix("recommended for mfc: ") == true, "\(r.stdout)")
        let grid = try String(contentsOfFile: out + "/grid.csv", encoding: .utf8).split(separator: "\n")
        #expect(grid.first == "b,d,rule,mfc,balance,silhouette,min_cluster_size,degenerate,quality_loss,tree_cost_ratio,seconds"
                && grid.count == 1 + 2 + 4)
        #expect(FileManager.default.fileExists(atPath: out + "/pareto.csv"))
        let best = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/best.json"))) as! [String: Any]
        #expect(best["vanilla"] is [String: Any] && best["best_mfc"] is [String: Any] && best["best_balance"] is [String: Any])
        let recommended = try #require(best["recommended"] as? [String: [String: Any]])
        #expect(Set(recommended.keys) == ["mfc", "balance"])
        for (_, r) in recommended {
            #expect(r["improved"] is Bool)
            if r["rule"] != nil {
                #expect(Set(r.keys).isSuperset(of: ["improved", "rule", "b", "d", "mfc", "balance", "silhouette", "min_cluster_size", "quality_loss"]))
            }
        }
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
            // vanilla, fhac-gain, fhac-window, fhac-gain-penalised, fhac-recommended, makefair, afhac-v, afhac-r, afhac-v-s10, afhac-r-s10
            #expect(tables.count == 1 + 10)
            #expect(try String(contentsOfFile: out + "/figure1.svg", encoding: .utf8).hasPrefix("<svg"))
            #expect(try String(contentsOfFile: out + "/runs.csv", encoding: .utf8).split(separator: "\n").count == 1 + 2 * 10)
        }
        #expect(reports[0] == reports[2] && reports[1] == reports[3])
        let html = try String(contentsOfFile: dir.appendingPathComponent("r1").path + "/report.html", encoding: .utf8)
        for part in ["Table I:", "Table II:", "Table III:", "Table IV:", "Figure 2 analog", "Figure 1 analog", "afhac-v"] {
            #expect(html.contains(part), "reproduce report lacks \(part)")
        }
        #expect(reports[0].contains("Table I") && reports[0].contains("Table II") && !reports[0].contains("Pending"))
        #expect(reports[0].contains("Table III") && reports[0].contains("Table IV"))
        #expect(reports[0].contains("## Fair at every level") && reports[0].contains("| bank | average | makefair |"))
        #expect(reports[0].contains("| bank | afhac-v | 0.") && reports[0].contains("0.0365"))
        #expect(reports[0].contains("| bank | average | vanilla |") && reports[0].contains("1.3320"))
        #expect(reports[0].contains("| bank | average | fhac-recommended |") && reports[0].contains("improved in"))
        #expect(reports[0].contains("## What the numbers show") && reports[0].contains("smallest cluster | tree cost ratio"))
        #expect(html.contains("What the numbers show"))
        // Issue 31: report.md's last section is in the page too.
        #expect(html.contains("<h2>Fair at every level: FHAC, AFHAC and MakeFair</h2>") && html.contains("fair &gt;= 1% n"))
    }

    @Test("tune's recommendation: best.json's setting reproduces exactly with cluster; no improvement is said plainly")
    func recommendationRoundTrip() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("tune").path
        let r = try CLI.run(["tune", "--dataset", "bank", "--sample", "300", "--seed", "1", "-k", "4", "--linkage", "ward", "--rule", "gain", "window",
                             "--grid-b", "0,2,8", "--grid-d", "0,0.3,1,2", "--out", out, "--threads", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let best = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/best.json"))) as! [String: Any]
        let rec = try #require((best["recommended"] as? [String: [String: Any]])?["mfc"])
        let vanilla = try #require(best["vanilla"] as? [String: Any])
        if let rule = rec["rule"] as? String, let b = rec["b"] as? Double, let d = rec["d"] as? Double {
            let c = try CLI.run(["cluster", "--dataset", "bank", "--sample", "300", "--seed", "1", "-k", "4", "--linkage", "ward", "--fair", "--rule", rule,
                                 "-b", "\(b)", "-d", "\(d)", "--out", dir.appendingPathComponent("c").path])
            #expect(c.status == 0, "\(c.stderr)")
            let summary = try JSONSerialization.jsonObject(
                with: Data(contentsOf: dir.appendingPathComponent("c/summary.json"))) as! [String: Any]
            #expect(summary["mfc"] as? Double == rec["mfc"] as? Double)
            #expect(summary["balance"] as? Double == rec["balance"] as? Double)
            #expect((summary["quality"] as? [String: Any])?["silhouette"] as? Double == rec["silhouette"] as? Double)
            #expect(summary["min_cluster_size"] as? Int == rec["min_cluster_size"] as? Int)
            #expect(summary["degenerate"] as? Bool == false)
            #expect((rec["quality_loss"] as? Double ?? 1) <= 0.05)
            #expect(rec["improved"] as? Bool == true)
            #expect((rec["mfc"] as? Double ?? 9) < (vanilla["mfc"] as? Double ?? 0))
        } else {
            Issue.record("expected an improving grid point on bank with ward linkage: \(rec)")
        }
        // Nothing can qualify with clusters of at least 200 of 300 points: "no improvement", no setting.
        let none = try CLI.run(["tune", "--dataset", "bank", "--sample", "300", "--seed", "1", "-k", "4", "--grid-d", "0,1",
                                "--min-cluster-size", "200", "--out", dir.appendingPathComponent("none").path])
        #expect(none.status == 0 && none.stdout.contains("recommended for mfc: no improvement"), "\(none.stdout)")
        let noneBest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: dir.appendingPathComponent("none/best.json"))) as! [String: Any]
        let noneRec = try #require((noneBest["recommended"] as? [String: [String: Any]])?["mfc"])
        #expect(noneRec["improved"] as? Bool == false && noneRec["rule"] == nil)
        #expect(try String(contentsOfFile: dir.appendingPathComponent("none/pareto.csv").path, encoding: .utf8)
            .split(separator: "\n").count == 1)  // every point is degenerate: an empty front
    }

    @Test("a huge tau or tiny grid values print without trapping (review finding: the summary line converted to Int)")
    func hugeTau() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["tune", "--dataset", "bank", "--sample", "100", "--seed", "1", "-k", "3", "--rule", "gain",
                             "--grid-d", "0,0.00005", "--max-quality-loss", "1e300", "--out", dir.appendingPathComponent("t").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("recommended for mfc: "))
    }

    @Test("cluster flags degenerate partitions and reports how far up fairness reaches")
    func degenerateAndFairCut() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("v").path
        let r = try CLI.run(["cluster", "--dataset", "bank", "--sample", "400", "--seed", "0", "-k", "4", "--linkage", "single", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        let sizes = try #require(summary["cluster_sizes"] as? [Int])
        #expect(summary["min_cluster_size"] as? Int == sizes.min())
        #expect(summary["degenerate_below"] as? Int == 4)
        #expect(summary["degenerate"] as? Bool == (sizes.min()! < 4))
        #expect(summary["degenerate"] as? Bool == true, "single linkage on z-scored bank: outliers are singletons")
        #expect(r.stderr.contains("warning: the k = 4 partition (vanilla) is degenerate"))
        let fairCut = try #require(summary["fair_cut"] as? [String: Any])
        #expect((fairCut["k"] as? Int ?? 0) >= 4)
        #expect((summary["fairness_profile"] as? [Any])?.count == 19)  // k = 2..20
        let quiet = try CLI.run(["cluster", "--dataset", "bank", "--sample", "400", "--seed", "0", "-k", "12", "--linkage", "single",
                                 "--out", out, "--quiet", "--min-cluster-size", "1"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty)
        let deep = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        #expect((deep["fairness_profile"] as? [Any])?.count == 23)  // k = 2..24 = 2k
        #expect(deep["degenerate"] as? Bool == false)
    }

    @Test("cluster --fair --auto runs the recommended setting, or writes vanilla's result marked as such")
    func auto() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("a").path
        let base = ["--dataset", "bank", "--sample", "300", "--seed", "1", "-k", "4", "--linkage", "ward"]
        let r = try CLI.run(["cluster"] + base + ["--fair", "--auto", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        let auto = try #require(summary["auto"] as? [String: Any])
        let rec = try #require(auto["recommended"] as? [String: Any])
        #expect(auto["rules"] as? [String] == ["gain", "window", "gain-penalised"])
        #expect((auto["details"] as? [String: Any])?["grid_points"] as? Int == 12 + 144 + 144)
        #expect(r.stdout.contains("--auto (mfc):"))
        #expect(rec["improved"] as? Bool == true, "ward on this bank sample improves (see the tune test)")
        if rec["improved"] as? Bool == true {
            #expect(summary["method"] as? String == "fhac")
            #expect(summary["mfc"] as? Double == rec["mfc"] as? Double)
            let options = try #require(summary["options"] as? [String: Any])
            #expect(options["rule"] as? String == rec["rule"] as? String)
            // The same setting by hand gives the same files.
            let hand = dir.appendingPathComponent("h").path
            let h = try CLI.run(["cluster"] + base + ["--fair", "--rule", rec["rule"] as! String, "-b", "\(rec["b"] as! Double)",
                                                       "-d", "\(rec["d"] as! Double)", "--out", hand])
            #expect(h.status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: hand + "/linkage.csv")) == Data(contentsOf: URL(fileURLWithPath: out + "/linkage.csv")))
        } else {
            #expect(summary["method"] as? String == "vanilla")
        }
        // Nothing qualifies: vanilla's result, marked as such.
        let v = try CLI.run(["cluster"] + base + ["--fair", "--auto", "--min-cluster-size", "200", "--out", dir.appendingPathComponent("v").path])
        #expect(v.status == 0, "\(v.stderr)")
        let vs = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("v/summary.json"))) as! [String: Any]
        #expect(vs["method"] as? String == "vanilla")
        #expect(((vs["auto"] as? [String: Any])?["recommended"] as? [String: Any])?["improved"] as? Bool == false)
        #expect(v.stdout.contains("no improvement") && v.stdout.contains("vanilla HAC's"))
        // The fallback is the tree the choice was measured against: a plain run's (issue 28's tie rule).
        let vanilla = try CLI.run(["cluster"] + base + ["--out", dir.appendingPathComponent("plain").path])
        #expect(vanilla.status == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("plain/linkage.csv")) == Data(contentsOf: dir.appendingPathComponent("v/linkage.csv")))
        // The fallback's fairness is measured against the ideal shares the choice used (review finding).
        let u = try CLI.run(["cluster"] + base + ["--fair", "--auto", "--ideal", "uniform", "--min-cluster-size", "200",
                                                  "--out", dir.appendingPathComponent("u").path])
        #expect(u.status == 0, "\(u.stderr)")
        let us = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("u/summary.json"))) as! [String: Any]
        let uIdeal = (us["groups"] as? [String: Any])?["ideal"] as? [Double] ?? []
        #expect(uIdeal.count == 3 && uIdeal.allSatisfy { abs($0 - 1.0 / 3) < 1e-12 }, "\(uIdeal)")
        #expect(us["mfc"] as? Double == ((us["auto"] as? [String: Any])?["vanilla"] as? [String: Any])?["mfc"] as? Double)
        // --auto with a fixed b or d is a usage error.
        let bad = try CLI.run(["cluster"] + base + ["--fair", "--auto", "-d", "1", "--out", out])
        #expect(bad.status == 64 && bad.stderr.contains("--auto"))
    }

    @Test("--fair alone runs the recommendation and says so; -b 0 -d 0 says it is vanilla's; the vanilla figures are a plain run's, ties included")
    func fairByDefault() throws {
        let dir = try CLI.temporaryDirectory()
        // Duplicate rows: every value rounded to a coarse grid, so many pairs are exactly tied.
        var csv = "x,y,sex\n"
        for i in 0..<300 {
            let blob = i % 3
            let x = Double(blob * 3 + (i * 7) % 5) * 0.5, y = Double((i * 11) % 4 + blob) * 0.5
            csv += "\(x),\(y),\((i * 13 + blob) % 10 < [8, 3, 5][blob] ? "f" : "m")\n"
        }
        let input = dir.appendingPathComponent("ties.csv").path
        try csv.write(toFile: input, atomically: true, encoding: .utf8)
        let base = [input, "--group", "sex", "-k", "3", "--linkage", "ward"]
        let plain = try CLI.run(["cluster"] + base + ["--out", dir.appendingPathComponent("p").path, "--quiet"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let p = try SeveralAttributesCLITests.json(dir.appendingPathComponent("p/summary.json").path)
        let fair = try CLI.run(["cluster"] + base + ["--fair", "--out", dir.appendingPathComponent("f").path])
        #expect(fair.status == 0, "\(fair.stderr)")
        #expect(fair.stdout.contains("recommended setting (mfc;"), "\(fair.stdout)")
        let f = try SeveralAttributesCLITests.json(dir.appendingPathComponent("f/summary.json").path)
        let auto = try #require(f["auto"] as? [String: Any])
        #expect((auto["search"] as? [String: Any])?["strategy"] as? String == "fast")
        // The vanilla figures of the fair run are exactly the plain run's.
        let v = try #require((f["vanilla"] as? [String: Any]) ?? (f["method"] as? String == "vanilla" ? p : nil))
        #expect(v["mfc"] as? Double == p["mfc"] as? Double && v["balance"] as? Double == p["balance"] as? Double)
        #expect(v["min_cluster_size"] as? Int == p["min_cluster_size"] as? Int)
        #expect(v["silhouette"] as? Double == (p["quality"] as? [String: Any])?["silhouette"] as? Double)
        #expect((auto["vanilla"] as? [String: Any])?["mfc"] as? Double == p["mfc"] as? Double)
        // b = d = 0 given: vanilla HAC's schedule, said so.
        let zero = try CLI.run(["cluster"] + base + ["--fair", "-b", "0", "-d", "0", "--out", dir.appendingPathComponent("z").path])
        #expect(zero.status == 0 && zero.stderr.contains("b = d = 0 makes f = g = 1"), "\(zero.stderr)")
        // A fixed setting that wrecks the silhouette is flagged, in summary.json too.
        let wreck = try CLI.run(["cluster"] + base + ["--fair", "--rule", "gain", "-d", "2", "--max-quality-loss", "0",
                                                      "--out", dir.appendingPathComponent("w").path])
        #expect(wreck.status == 0)
        let w = try SeveralAttributesCLITests.json(dir.appendingPathComponent("w/summary.json").path)
        let kinds = (w["warnings"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds.contains("quality_loss") == wreck.stderr.contains("warning: the fair result loses"))
    }

    @Test("a job that cannot fit is refused with the estimate and what would fit")
    func memoryRefusal() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir, rows: 3000)
        let r = try CLI.run([
            "cluster", input, "-k", "2", "--memory-limit", "16M", "--form", "exact", "--out", dir.appendingPathComponent("m").path,
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("largest number of observations") && r.stderr.contains("--sample"))
        #expect(r.stderr.contains("--form auto or --form summarised runs it in the summarised form"), "\(r.stderr)")
        // The default --form auto summarises instead, and says so.
        let auto = try CLI.run(["cluster", input, "-k", "2", "--memory-limit", "16M", "--out", dir.appendingPathComponent("a").path])
        #expect(auto.status == 0 && auto.stderr.contains("summarises"), "\(auto.stderr)")
    }
}
