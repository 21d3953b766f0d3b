import Foundation
import Testing

/// Issue "Nothing lost, nothing trapped": settings and data that used to kill the process end in
/// a clear error or a clamped run, never a signal.
@Suite("fairhac command line: settings that used to trap", .serialized)
struct NoTrapCLITests {
    func expectCleanExit(_ r: CLI.Run, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        // 0, 1 (an error line) or 64 (a usage error); a signal shows as a status above 128 or a crash text.
        #expect([0, 1, 64].contains(r.status), "\(what): status \(r.status) \(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Crash"), "\(what): \(r.stderr)", sourceLocation: sourceLocation)
    }

    @Test("intersectional values that join to the same label (a×b, c and a, b×c) and an attribute named s=x: distinct groups, no trap")
    func collidingLabels() throws {
        let dir = try CLI.temporaryDirectory()
        var text = "x,y,u,v,s=x,s\n"
        for i in 0..<40 {
            let (u, v) = i % 2 == 0 ? ("a×b", "c") : ("a", "b×c")
            text += "\(Double(i) * 0.1),\(Double(i % 7)),\(u),\(v),\(i % 3 == 0 ? "y" : "z"),\(i % 4 == 0 ? "x=y" : "w")\n"
        }
        let path = dir.appendingPathComponent("c.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let out = dir.path + "/o"
        let r = try CLI.run([
            "cluster", path, "--features", "x,y", "--group", "u,v", "--group-mode", "intersectional", "-k", "2", "--fair", "--out", out, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try String(contentsOfFile: out + "/summary.json", encoding: .utf8)
        #expect(summary.contains("a\\\\×b×c") && summary.contains("a×b\\\\×c"), "\(summary.prefix(2000))")
        let separate = try CLI.run(["cluster", path, "--features", "x,y", "--group", "s=x,s", "-k", "2", "--fair", "--out", dir.path + "/p", "--quiet"])
        #expect(separate.status == 0, "\(separate.stderr)")
    }

    @Test("huge thread counts are lowered to the cores available (and said so) in cluster, --auto, single linkage and tune")
    func threadExtremes() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        for threads in ["1000000000", "9223372036854775807"] {
            let fair = try CLI.run(["cluster", input, "--group", "sex", "--fair", "-k", "2", "--threads", threads, "--out", dir.path + "/a"])
            #expect(fair.status == 0 && fair.stderr.contains("cores available"), "\(fair.stderr)")
            let auto = try CLI.run(["cluster", input, "--group", "sex", "--fair", "--auto", "-k", "2", "--threads", threads, "--out", dir.path + "/b", "--quiet"])
            #expect(auto.status == 0, "\(auto.stderr)")
            let single = try CLI.run(["cluster", input, "--linkage", "single", "-k", "2", "--threads", threads, "--out", dir.path + "/c", "--quiet"])
            #expect(single.status == 0, "\(single.stderr)")
            let tune = try CLI.run(["tune", input, "--group", "sex", "-k", "2", "--grid-b", "0,1", "--grid-d", "0,1", "--threads", threads, "--out", dir.path + "/d", "--quiet"])
            #expect(tune.status == 0, "\(tune.stderr)")
        }
        for bad in ["0", "-1", "1e8"] {
            expectCleanExit(try CLI.run(["cluster", input, "-k", "2", "--threads", bad, "--out", dir.path + "/e"]), "--threads \(bad)")
        }
    }

    @Test("--memory-limit: 4E is the documented maximum, 5E is refused saying so; a process address-space limit is respected")
    func memoryLimits() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        #expect(try CLI.run(["cluster", input, "-k", "2", "--memory-limit", "4E", "--out", dir.path + "/a", "--quiet"]).status == 0)
        let five = try CLI.run(["cluster", input, "-k", "2", "--memory-limit", "5E", "--out", dir.path + "/a"])
        #expect(five.status == 64 && five.stderr.contains("at most 4 EiB"), "\(five.stderr)")
        // Under `ulimit -v` (2 GiB), an exact job needing ~9 GiB is refused before allocating, even with a huge
        // --memory-limit (without --form exact it would run summarised).
        var rows = "a,b,g\n"
        for i in 0..<50_000 { rows += "\(Double(i % 1013) * 0.37),\(Double(i % 89)),\(i % 2)\n" }
        try rows.write(toFile: dir.path + "/big.csv", atomically: true, encoding: .utf8)
        for extra in [[], ["--memory-limit", "1e3G"], ["--group", "g", "--fair"]] {
            let command = ([CLI.binary.path, "cluster", dir.path + "/big.csv", "--form", "exact", "--linkage", "average", "-k", "2", "--out", dir.path + "/u"] + extra)
                .map { "'\($0)'" }.joined(separator: " ")
            let r = try runShell("ulimit -v 2000000; exec \(command)")
            #expect(r.status == 1 && r.stderr.contains("ulimit -v"), "\(extra): \(r.status) \(r.stderr)")
        }
    }

    @Test("a tune grid too large for memory or time is refused with what would fit; reproduce's seeds and n are bounded")
    func gridAndReproduceBounds() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let huge = (0..<15_000).map { String(Double($0) / 100) }.joined(separator: ",")
        let r = try CLI.run(["tune", input, "--group", "sex", "-k", "2", "--grid-b", huge, "--grid-d", huge, "--out", dir.path + "/t"])
        #expect(r.status == 1 && r.stderr.contains("would fit"), "\(r.stderr)")
        let seeds = try CLI.run(["reproduce", "--seeds", "1000000000", "--out", dir.path + "/r"])
        #expect(seeds.status == 64 && seeds.stderr.contains("--seeds"), "\(seeds.stderr)")
        let long = try CLI.run(["reproduce", "--seeds", "1000", "--n", "5000", "--out", dir.path + "/r"])
        #expect(long.status == 1 && long.stderr.contains("--force"), "\(long.stderr)")
        let quick = try CLI.run(["reproduce", "--quick", "--n", "900", "--seeds", "1", "--dataset", "bank", "--linkage", "ward", "--rule", "gain", "--out", dir.path + "/q"])
        #expect(quick.status == 0 && quick.stderr.contains("--quick runs n = 400"), "\(quick.stderr)")
    }

    func runShell(_ script: String) throws -> CLI.Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test("issue 27: reproduce with k = 2^62 is refused for the subsample size, not trapped in the result-size estimate")
    func reproduceHugeK() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run([
            "reproduce", "--quick", "--n", "40", "--seeds", "1", "--dataset", "bank", "--linkage", "average", "-k", "4611686018427387904",
            "--out", dir.path + "/r", "--quiet",
        ])
        expectCleanExit(r, "reproduce -k 2^62")
        #expect(r.status == 1 && r.stderr.contains("k must be between 2 and n = 40"), "\(r.stderr)")
    }
}
