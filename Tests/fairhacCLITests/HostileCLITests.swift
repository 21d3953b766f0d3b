import Foundation
import Testing

/// The command line against hostile input and a newcomer's mistakes: no trap, one error line
/// that names the thing at fault, results written as a set or not at all.
@Suite("fairhac command line: hostile input", .serialized)
struct HostileCLITests {
    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// One `error: ...` line, exit 1, nothing from Foundation.
    func expectOneErrorLine(_ r: CLI.Run, containing parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 1, "\(r.stderr)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && r.stderr.hasPrefix("error: "), "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("could not be completed"), sourceLocation: sourceLocation)
        for part in parts { #expect(r.stderr.contains(part), "\(r.stderr) lacks \(part)", sourceLocation: sourceLocation) }
    }

    @Test("values whose distances or sums overflow: an error naming the column, or finite z-scores; never a trap")
    func overflow() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("o").path
        var big = "a,b,grp\n"
        for i in 0..<12 { big += "\(i),\(Double(i % 5 - 2) * 4e157),\(i % 2 == 0 ? "M" : "F")\n" }
        let bigPath = try write(big, "big.csv", in: dir)
        for linkage in ["single", "average", "ward"] {
            let r = try CLI.run(["cluster", bigPath, "--scale", "none", "--linkage", linkage, "-k", "2", "--out", out])
            expectOneErrorLine(r, containing: ["big.csv", "column 'b'", "--scale zscore"])
        }
        let fair = try CLI.run(["cluster", bigPath, "--scale", "none", "--group", "grp", "--fair", "-k", "2", "--out", out])
        expectOneErrorLine(fair, containing: ["column 'b'"])
        let sums = try write("a,grp\n1e308,M\n1e308,F\n1,M\n", "sums.csv", in: dir)
        let z = try CLI.run(["cluster", sums, "--group", "grp", "-k", "2", "--out", out, "--quiet"])
        #expect(z.status == 0, "\(z.stderr)")
        var matrix = ""
        for i in 0..<4 { matrix += (0..<4).map { $0 == i ? "0" : "1e308" }.joined(separator: ",") + "\n" }
        let d = try write(matrix, "D.csv", in: dir)
        let ward = try CLI.run(["cluster", d, "--input-kind", "distances", "--linkage", "ward", "-k", "2", "--out", out])
        expectOneErrorLine(ward, containing: ["D.csv", "line 1, column 2", "1e+308"])
    }

    @Test("an option that does not fit the data, found while running: one error line, exit 64, no root usage text")
    func runTimeOptionErrors() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try write("a,b,g\n1,2,M\n2,3,M\n4,4,M\n", "one-group.csv", in: dir)
        let r = try CLI.run(["cluster", input, "--group", "g", "-k", "2", "--method", "afhac-v", "--ratio", "1:1", "--out", dir.path + "/o"])
        #expect(r.status == 64 && r.stderr == "error: --ratio b:r is the two-group form, but the data has 1 group; use --alpha\n", "\(r.stderr)")
    }

    @Test("--memory-limit that does not fit an Int is refused for cluster and tune")
    func memoryLimits() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        for limit in ["99999999999T", "inf", "1e30", "nan", "-1"] {
            for command in ["cluster", "tune"] {
                let r = try CLI.run([command, input, "--group", "sex", "-k", "2", "--memory-limit", limit, "--out", dir.path + "/m"])
                #expect(r.status == 64 && r.stderr.contains("--memory-limit") && r.stderr.contains(limit), "\(command) \(limit): \(r.stderr)")
            }
        }
    }

    @Test("negative numbers after -k, -b, -d, --alpha say what is wrong, not 'Missing value'")
    func negativeNumbers() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let out = dir.appendingPathComponent("o").path
        let k = try CLI.run(["cluster", input, "-k", "-1", "--out", out])
        #expect(k.status == 64 && k.stderr.contains("-k must be at least 1; got -1") && !k.stderr.contains("Missing value"), "\(k.stderr)")
        for (flag, value) in [("-b", "-1"), ("-d", "-1")] {
            let r = try CLI.run(["cluster", input, "--group", "sex", "--fair", "-k", "2", flag, value, "--out", out])
            #expect(r.status == 64 && !r.stderr.contains("Missing value") && r.stderr.contains(value), "\(flag): \(r.stderr)")
        }
        let alpha = try CLI.run(["cluster", input, "--group", "sex", "--method", "afhac-v", "-k", "2", "--alpha", "-2", "--out", out])
        #expect(alpha.status != 0 && !alpha.stderr.contains("Missing value") && alpha.stderr.contains("--alpha"), "\(alpha.stderr)")
    }

    @Test("input that is not a CSV file: a directory, /dev/null, empty, header-only, UTF-16, hexadecimal cells")
    func notACSVFile() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("o").path
        let cases: [(String, [String])] = [
            (dir.path, ["is a directory"]),
            ("/dev/null", ["/dev/null", "is a device"]),
            (try write("", "empty.csv", in: dir), ["empty.csv: the file is empty"]),
            (try write("a,b\n", "header.csv", in: dir), ["header.csv", "no data rows"]),
            (try write("a,b\n0x1p3,1\n2,3\n", "hex.csv", in: dir), ["line 2 (data row 0)", "hexadecimal"]),
        ]
        for (path, parts) in cases {
            expectOneErrorLine(try CLI.run(["cluster", path, "-k", "2", "--features", "a,b", "--out", out]), containing: parts)
        }
        let utf16 = dir.appendingPathComponent("u16.csv").path
        try "a,b\n1,2\n3,4\n".data(using: .utf16)!.write(to: URL(fileURLWithPath: utf16))
        expectOneErrorLine(try CLI.run(["cluster", utf16, "-k", "2", "--out", out]), containing: ["UTF-16"])
        let twice = try CLI.run(["cluster", try CLI.writeSample(dir), "--features", "x,x", "-k", "2", "--out", out])
        expectOneErrorLine(twice, containing: ["'x' more than once"])
        let quote = try CLI.run(["cluster", try CLI.writeSample(dir), "--delimiter", "\"", "-k", "2", "--out", out])
        #expect(quote.status == 64 && quote.stderr.contains("--delimiter cannot be a quote"))
        #expect(try CLI.run(["cluster", "/dev/zero", "-k", "2", "--out", out]).stderr.contains("/dev/zero: is a device"))
        // A cell with an escape sequence and a quoted line break is echoed escaped, on one line.
        let nasty = try write("a,b\n\"two\nlines\",1\n\u{1B}[31m,2\n", "nasty.csv", in: dir)
        let r = try CLI.run(["cluster", nasty, "--features", "a,b", "-k", "2", "--out", out])
        expectOneErrorLine(r, containing: ["line 2 (data row 0)", "'two\\nlines'", "line 4 (data row 1)", "\\u{1B}[31m"])
        #expect(!r.stderr.dropFirst().dropLast().contains("\u{1B}"))
    }

    @Test("--out: a file in the way, a folder of other files, an impossible place; each named with its cause")
    func badOutputPlaces() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let file = try write("keep me\n", "file.txt", in: dir)
        expectOneErrorLine(try CLI.run(["cluster", input, "-k", "2", "--out", file]), containing: ["--out \(file)", "a file is already there"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me\n")
        let foreign = dir.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        _ = try write("notes\n", "mine/notes.txt", in: dir)
        expectOneErrorLine(try CLI.run(["cluster", input, "-k", "2", "--out", foreign.path]), containing: ["notes.txt", "did not write"])
        expectOneErrorLine(try CLI.run(["cluster", input, "-k", "2", "--out", file + "/sub"]), containing: ["--out \(file)/sub", file])
        expectOneErrorLine(try CLI.run(["cluster", input, "-k", "2", "--out", "/proc/fairhac/x"]), containing: ["--out /proc/fairhac/x"])
        expectOneErrorLine(try CLI.run(["cluster", input, "-k", "2", "--out", ""]), containing: ["--out is empty"])
        for command in ["tune"] {
            expectOneErrorLine(try CLI.run([command, input, "--group", "sex", "-k", "2", "--out", file]), containing: ["a file is already there"])
        }
    }

    @Test("results are replaced as a set: a failed run keeps the previous set, a new run leaves no stale files")
    func atomicOutputs() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let out = dir.appendingPathComponent("res").path
        let first = try CLI.run(["cluster", input, "--group", "sex", "-k", "2", "--report", "--out", out, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let labels = try Data(contentsOf: URL(fileURLWithPath: out + "/labels.csv"))
        #expect(FileManager.default.fileExists(atPath: out + "/report.html"))
        // Fails after reading the data (k too large): the previous set stays as it was.
        let failed = try CLI.run(["cluster", input, "--group", "sex", "-k", "400", "--out", out, "--quiet"])
        #expect(failed.status == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/labels.csv")) == labels)
        #expect(FileManager.default.fileExists(atPath: out + "/report.html"))
        // A run without --report replaces the set: no report.html from the earlier run. A folder
        // named like a staging folder of a gone process but without the tool's proof is the
        // user's and is kept (issue 27; a killed run's own is removed: InterruptionTests).
        let stale = dir.appendingPathComponent(".res.partial-2147483646")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        let second = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--out", out, "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/report.html"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/labels.csv")) != labels)
        #expect(FileManager.default.fileExists(atPath: stale.path))
        // No staging folder of its own is left beside it.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
            ($0.contains("partial") || $0.contains("previous")) && $0 != stale.lastPathComponent
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("a pipe is read as input; a symbolic link to a results folder keeps pointing to the new results")
    func pipesAndLinks() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let fifo = dir.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write((try? Data(contentsOf: URL(fileURLWithPath: input))) ?? Data())
                try? handle.close()
            }
        }
        writer.start()
        let r = try CLI.run(["cluster", fifo, "--group", "sex", "-k", "2", "--out", dir.path + "/p", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let target = dir.appendingPathComponent("target").path
        let link = dir.appendingPathComponent("link").path
        #expect(try CLI.run(["cluster", input, "-k", "2", "--out", target, "--quiet"]).status == 0)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let again = try CLI.run(["cluster", input, "-k", "3", "--out", link, "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == target)
        let labels = try String(contentsOfFile: target + "/labels.csv", encoding: .utf8)
        #expect(Set(labels.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] }).count == 3)
    }

    @Test("the default folder is named as such; a distance matrix says why there is no quality and has no '0 features'")
    func summaryLines() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["cluster", input, "-k", "2"]
        p.currentDirectoryURL = dir
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0 && text.contains("fairhac-output/ (the default; choose the folder with --out)"), "\(text)")
        let matrix = try write("0,1,4\n1,0,2\n4,2,0\n", "D.csv", in: dir)
        let r = try CLI.run(["cluster", matrix, "--input-kind", "distances", "-k", "2", "--out", dir.path + "/d"])
        #expect(r.status == 0 && !r.stdout.contains("0 features") && r.stdout.contains("distance matrix, 3 x 3"), "\(r.stdout)")
        #expect(r.stdout.contains("silhouette and the tree objectives need features"))
    }

    @Test("tune's --ideal takes shares like cluster's")
    func tuneIdeal() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let args = ["tune", input, "--group", "sex", "-k", "2", "--grid-b", "0", "--grid-d", "0,1", "--rule", "gain", "--quiet"]
        let r = try CLI.run(args + ["--ideal", "0.4,0.6", "--out", dir.path + "/t"])
        #expect(r.status == 0, "\(r.stderr)")
        let bad = try CLI.run(args + ["--ideal", "0.4,x", "--out", dir.path + "/t2"])
        #expect(bad.status == 64 && bad.stderr.contains("--ideal"))
        let wrongCount = try CLI.run(args + ["--ideal", "0.2,0.3,0.5", "--out", dir.path + "/t3"])
        #expect(wrongCount.status == 1 && wrongCount.stderr.contains("--ideal must be 2 shares"), "\(wrongCount.stderr)")
    }
}

@Suite("fairhac command line: the first hour", .serialized)
struct FirstHourCLITests {
    @Test("--group and --features replace a bundled dataset's preset instead of being refused")
    func datasetOverrides() throws {
        let dir = try CLI.temporaryDirectory()
        let base = ["cluster", "--dataset", "census", "--sample", "200", "--seed", "1", "-k", "3"]
        let race = try CLI.run(base + ["--group", "race", "--out", dir.path + "/race"])
        #expect(race.status == 0 && race.stdout.contains("groups (race)") && race.stdout.contains("5 features"), "\(race.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/race/summary.json"))) as? [String: Any]
        #expect((summary?["groups"] as? [String: Any])?["column"] as? String == "race")
        // A preset feature as the group: it leaves the features.
        let age = try CLI.run(base + ["--group", "age", "--out", dir.path + "/age"])
        #expect(age.status == 0 && age.stdout.contains("4 features"), "\(age.stderr)")
        let features = try CLI.run(base + ["--features", "age,hours-per-week", "--out", dir.path + "/f"])
        #expect(features.status == 0 && features.stdout.contains("2 features") && features.stdout.contains("groups (sex)"), "\(features.stderr)")
        let distances = try CLI.run(["cluster", "--dataset", "census", "--input-kind", "distances", "-k", "2"])
        #expect(distances.status == 64 && distances.stderr.contains("--input-kind distances"))
    }

    @Test("help: no default stated twice, no flag names in capitalised section titles, usage lines with optional options in brackets")
    func helpTexts() throws {
        for command in ["cluster", "tune", "reproduce"] {
            let r = try CLI.run([command, "--help"])
            #expect(r.status == 0)
            let text = r.stdout
            // An option's help says "(default)" itself or lets the parser add "default: ...", not both.
            var entries: [String] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("  -") || line.hasPrefix("  <") { entries.append(String(line)) } else if !entries.isEmpty {
                    entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
                }
            }
            #expect(entries.count > 5)
            for entry in entries {
                let saysDefault = entry.contains("(default)") || entry.contains("(default ") || entry.contains("(default,")
                    || entry.contains("default: ") && entry.components(separatedBy: "default").count > 2
                #expect(!(saysDefault && entry.contains("default: ")), "\(command): \(entry)")
            }
            // Section titles are upper-cased by the parser: they must be short names, no flags or sentences.
            for line in text.split(separator: "\n") where line.hasSuffix(":") && line.uppercased() == line {
                #expect(!line.contains("--") && line.count <= 30, "\(command): title '\(line)'")
            }
            let usage = text.split(separator: "\n").first { $0.hasPrefix("USAGE:") } ?? ""
            #expect(usage.contains("[<options>]"), "\(command): \(usage)")
        }
    }
}
