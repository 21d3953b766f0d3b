import Foundation
import Testing

/// Issue 27, "nothing lost": Ctrl-C and SIGTERM remove the run's staging folder and exit 130 and
/// 143; a staging folder left by a crash is removed by a later run only when it carries the
/// tool's proof, and only in a folder that run accepts; the user's look-alikes are kept.
@Suite("fairhac command line: interruptions and abandoned staging folders", .serialized)
struct InterruptionTests {
    /// A job that runs long enough to be signalled while it computes (the paper rule scans every
    /// pair at every merge; a signal ends it at once).
    static func writeSlowInput(_ dir: URL) throws -> String {
        var text = "x,y,sex\n"
        var state: UInt64 = 11
        for i in 0..<1500 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            text += "\(Double(state >> 11) / Double(1 << 53)),\(Double(i % 89) / 89),\(i % 3 == 0 ? "f" : "m")\n"
        }
        let path = dir.appendingPathComponent("slow.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func slowArguments(_ input: String, out: String) -> [String] {
        ["cluster", input, "--group", "sex", "--fair", "--rule", "paper", "--force", "-b", "1", "-d", "1", "-k", "3", "--out", out, "--quiet"]
    }

    /// Starts the slow job and waits until a hidden staging folder appears in `watch` with its
    /// proof (no timing: it waits for the folder, however long the machine takes).
    static func startStaged(_ arguments: [String], watch: String, prefix: String) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = arguments
        let err = Pipe()
        p.standardError = err
        try p.run()
        while p.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: watch)) ?? []
            if let staging = names.first(where: { $0.hasPrefix(prefix) }),
                ((try? FileManager.default.contentsOfDirectory(atPath: watch + "/" + staging)) ?? []).contains(".fairhac-staging-proof")
            {
                break
            }
            usleep(5_000)
        }
        return (p, err)
    }

    func hidden(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix(".") }
    }

    @Test("SIGINT and SIGTERM: the staging folder is removed, the earlier results are kept, exit 130 and 143", arguments: [SIGINT, SIGTERM])
    func signals(_ signalNumber: Int32) throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeSlowInput(dir)
        // A new --out: staged beside it as .res.partial-...
        let fresh = dir.path + "/res"
        let (p, err) = try Self.startStaged(Self.slowArguments(input, out: fresh), watch: dir.path, prefix: ".res.partial-")
        #expect(p.isRunning, "the run ended before it could be signalled")
        kill(p.processIdentifier, signalNumber)
        p.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationReason == .exit && p.terminationStatus == 128 + signalNumber, "\(p.terminationReason) \(p.terminationStatus) \(message)")
        #expect(message.contains(signalNumber == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(!hidden(dir.path).contains { $0.contains("partial") }, "\(hidden(dir.path))")

        // An existing results folder: staged inside it; the earlier results stay as they were.
        let small = try CLI.writeSample(dir)
        let kept = dir.path + "/kept"
        #expect(try CLI.run(["cluster", small, "-k", "2", "--out", kept, "--quiet"]).status == 0)
        let before = try FileManager.default.contentsOfDirectory(atPath: kept).sorted()
        let summary = try Data(contentsOf: URL(fileURLWithPath: kept + "/summary.json"))
        let (q, _) = try Self.startStaged(Self.slowArguments(input, out: kept), watch: kept, prefix: ".fairhac-staging-")
        #expect(q.isRunning)
        kill(q.processIdentifier, signalNumber)
        q.waitUntilExit()
        #expect(q.terminationReason == .exit && q.terminationStatus == 128 + signalNumber)
        #expect(try FileManager.default.contentsOfDirectory(atPath: kept).sorted() == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: kept + "/summary.json")) == summary)
    }

    @Test("a crash (SIGKILL) leaves a staging folder with the proof; the next run into the folder removes it")
    func crashLeftovers() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeSlowInput(dir)
        let small = try CLI.writeSample(dir)
        let out = dir.path + "/res"
        #expect(try CLI.run(["cluster", small, "-k", "2", "--out", out, "--quiet"]).status == 0)
        let (p, _) = try Self.startStaged(Self.slowArguments(input, out: out), watch: out, prefix: ".fairhac-staging-")
        #expect(p.isRunning)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let left = hidden(out).filter { $0.hasPrefix(".fairhac-staging-") }
        #expect(left.count == 1, "\(hidden(out))")
        #expect(try CLI.run(["cluster", small, "-k", "3", "--out", out, "--quiet"]).status == 0)
        #expect(hidden(out).filter { $0.hasPrefix(".fairhac-staging-") }.isEmpty, "\(hidden(out))")
    }

    @Test("look-alikes of staging folders without the proof are the user's: kept, also in a folder the run refuses")
    func lookAlikesKept() throws {
        let dir = try CLI.temporaryDirectory()
        let small = try CLI.writeSample(dir)
        // A pid that is surely gone: a child that has exited.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let pid = gone.processIdentifier
        let fm = FileManager.default
        // Beside a new --out: a file and a folder named like its staging folder.
        try "mine\n".write(toFile: dir.path + "/.res.partial-\(pid)", atomically: true, encoding: .utf8)
        try fm.createDirectory(atPath: dir.path + "/.res2.partial-\(pid)-abc", withIntermediateDirectories: true)
        try "mine\n".write(toFile: dir.path + "/.res2.partial-\(pid)-abc/notes.txt", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["cluster", small, "-k", "2", "--out", dir.path + "/res", "--quiet"]).status == 0)
        #expect(try CLI.run(["cluster", small, "-k", "2", "--out", dir.path + "/res2", "--quiet"]).status == 0)
        #expect(fm.fileExists(atPath: dir.path + "/.res.partial-\(pid)"))
        #expect(fm.fileExists(atPath: dir.path + "/.res2.partial-\(pid)-abc/notes.txt"))
        // Inside a results folder: the user's own .fairhac-staging-PID folder.
        let res = dir.path + "/res"
        try fm.createDirectory(atPath: res + "/.fairhac-staging-\(pid)", withIntermediateDirectories: true)
        try "mine\n".write(toFile: res + "/.fairhac-staging-\(pid)/data.txt", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["cluster", small, "-k", "3", "--out", res, "--quiet"]).status == 0)
        #expect(fm.fileExists(atPath: res + "/.fairhac-staging-\(pid)/data.txt"))
        // A folder the run refuses (the user's files, no manifest) is not touched at all, even a
        // staging folder with the proof in it.
        let input = try Self.writeSlowInput(dir)
        let own = dir.path + "/own"
        #expect(try CLI.run(["cluster", small, "-k", "2", "--out", own, "--quiet"]).status == 0)
        let (p, _) = try Self.startStaged(Self.slowArguments(input, out: own), watch: own, prefix: ".fairhac-staging-")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let abandoned = try #require(hidden(own).first { $0.hasPrefix(".fairhac-staging-") })
        try fm.removeItem(atPath: own + "/.fairhac-results")
        try "mine\n".write(toFile: own + "/notes.txt", atomically: true, encoding: .utf8)
        let refused = try CLI.run(["cluster", small, "-k", "2", "--out", own, "--quiet"])
        #expect(refused.status == 1 && refused.stderr.contains("did not write"), "\(refused.stderr)")
        #expect(fm.fileExists(atPath: own + "/" + abandoned))
    }
}
