import Foundation
import Testing

/// Issue "Nothing lost, nothing trapped": a run removes or replaces only files it can prove it
/// wrote (the manifest in `.fairhac-results` lists them with sizes and digests), never its own
/// input, never anything else.
@Suite("fairhac command line: the user's files are never lost", .serialized)
struct OutputSafetyTests {
    /// Every regular file under `dir` (recursively) with its bytes.
    func snapshot(_ dir: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = dir.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
        for case let relative as String in walker {
            var isDirectory: ObjCBool = false
            let full = base + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return files
    }

    func put(_ text: String, _ path: String, in dir: URL) throws {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Every file in `before` is still there with the same bytes.
    func expectKept(_ before: [String: Data], in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let after = try snapshot(dir)
        for (name, bytes) in before {
            #expect(after[name] == bytes, "\(name) was deleted or changed", sourceLocation: sourceLocation)
        }
    }

    @Test("the input inside --out is never replaced: labels.csv as input, and `--out .` beside tables.csv")
    func inputInsideOut() throws {
        let dir = try CLI.temporaryDirectory()
        let sample = try String(contentsOfFile: try CLI.writeSample(dir), encoding: .utf8)
        try put(sample, "p/labels.csv", in: dir)
        let before = try snapshot(dir.appendingPathComponent("p"))
        let r = try CLI.run(["cluster", dir.path + "/p/labels.csv", "-k", "2", "--out", dir.path + "/p", "--quiet"])
        #expect(r.status == 1 && r.stderr.contains("labels.csv"), "\(r.stderr)")
        try expectKept(before, in: dir.appendingPathComponent("p"))

        try put(sample, "q/tables.csv", in: dir)
        let q = dir.appendingPathComponent("q")
        let beforeQ = try snapshot(q)
        let dot = try CLI.run(["cluster", "tables.csv", "-k", "2", "--out", ".", "--quiet"], in: q)
        #expect(dot.status == 1 && dot.stderr.contains("tables.csv"), "\(dot.stderr)")
        try expectKept(beforeQ, in: q)
        #expect(try FileManager.default.contentsOfDirectory(atPath: q.path) == ["tables.csv"])
    }

    @Test("an earlier result used as this run's input is refused, though FairHAC wrote it")
    func provenInput() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let out = dir.path + "/res"
        #expect(try CLI.run(["cluster", input, "--group", "sex", "-k", "2", "--out", out, "--quiet"]).status == 0)
        let before = try snapshot(URL(fileURLWithPath: out))
        let r = try CLI.run(["cluster", out + "/labels.csv", "--features", "row", "--group", "group", "-k", "2", "--out", out, "--quiet"])
        #expect(r.status == 1 && r.stderr.contains("this run's input"), "\(r.stderr)")
        try expectKept(before, in: URL(fileURLWithPath: out))
    }

    @Test("a folder of the user's files with output names is refused under every spelling of it")
    func usersOwnFiles() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        try put("my notes\n", "notes/report.md", in: dir)
        try put("{\"mine\": 1}\n", "notes/summary.json", in: dir)
        let notes = dir.appendingPathComponent("notes")
        let before = try snapshot(notes)
        for (out, cwd) in [("notes", dir), (".", notes), (notes.path, dir), ("notes/x/..", dir), ("./notes/", dir)] {
            if out.contains("x/..") { try FileManager.default.createDirectory(at: notes.appendingPathComponent("x"), withIntermediateDirectories: true) }
            let r = try CLI.run(["cluster", input, "-k", "2", "--out", out, "--quiet"], in: cwd)
            #expect(r.status == 1 && r.stderr.contains("did not write"), "--out \(out): \(r.stderr)")
            try expectKept(before, in: notes)
        }
        // The working folder is still there (never moved away).
        #expect(FileManager.default.fileExists(atPath: notes.path + "/report.md"))
    }

    @Test("a folder named like an output, deeper down, is refused, not deleted")
    func nestedFolders() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        try put("important\n", "nested/summary.json/important.txt", in: dir)
        let before = try snapshot(dir.appendingPathComponent("nested"))
        let r = try CLI.run(["cluster", input, "-k", "2", "--out", dir.path + "/nested", "--quiet"])
        #expect(r.status == 1, "\(r.stderr)")
        try expectKept(before, in: dir.appendingPathComponent("nested"))
        // Also inside a results folder (a manifest present).
        let out = dir.path + "/res"
        #expect(try CLI.run(["cluster", input, "-k", "2", "--out", out, "--quiet"]).status == 0)
        try FileManager.default.removeItem(atPath: out + "/tree.json")
        try put("important\n", "res/tree.json/important.txt", in: dir)
        let r2 = try CLI.run(["cluster", input, "-k", "2", "--out", out, "--quiet"])
        #expect(r2.status == 1 && r2.stderr.contains("tree.json"), "\(r2.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/tree.json/important.txt"))
    }

    @Test("a file the user adds to a results folder is kept; a result the user edited is refused, not replaced")
    func userAddedFiles() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let out = dir.path + "/res"
        #expect(try CLI.run(["cluster", input, "--group", "sex", "-k", "2", "--report", "--out", out, "--quiet"]).status == 0)
        try put("keep me\n", "res/notes.txt", in: dir)
        let second = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--out", out, "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "keep me\n")
        #expect(!FileManager.default.fileExists(atPath: out + "/report.html"))  // proven stale output: removed
        // The user edits labels.csv: it is no longer FairHAC's, so it is not replaced.
        let edited = try String(contentsOfFile: out + "/labels.csv", encoding: .utf8) + "my line\n"
        try edited.write(toFile: out + "/labels.csv", atomically: true, encoding: .utf8)
        let third = try CLI.run(["cluster", input, "--group", "sex", "-k", "2", "--out", out, "--quiet"])
        #expect(third.status == 1 && third.stderr.contains("labels.csv"), "\(third.stderr)")
        #expect(try String(contentsOfFile: out + "/labels.csv", encoding: .utf8) == edited)
        // A marker without a manifest (an older version's folder) proves nothing.
        try "".write(toFile: out + "/.fairhac-results", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: out + "/notes.txt")
        try FileManager.default.removeItem(atPath: out + "/labels.csv")
        let before = try snapshot(URL(fileURLWithPath: out))
        let fourth = try CLI.run(["cluster", input, "-k", "2", "--out", out, "--quiet"])
        #expect(fourth.status == 1 && fourth.stderr.contains("older version"), "\(fourth.stderr)")
        try expectKept(before, in: URL(fileURLWithPath: out))
    }

    @Test("files created in --out while the run works are kept: the folder is checked again at commit time")
    func commitTimeCheck() throws {
        let dir = try CLI.temporaryDirectory()
        var text = "x,y,sex\n"
        var state: UInt64 = 7
        for i in 0..<2500 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Double(state >> 11) / Double(1 << 53)
            text += "\(u),\(Double(i % 97) / 97),\(i % 3 == 0 ? "f" : "m")\n"
        }
        try text.write(toFile: dir.path + "/big.csv", atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("res")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["cluster", dir.path + "/big.csv", "--group", "sex", "--fair", "-d", "1", "-k", "3", "--out", out.path, "--quiet"]
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Once the run has checked the folder and started staging (the fair loop then takes
        // seconds), the user writes into it. Whenever these land, the user's bytes must survive.
        var staging = false
        for _ in 0..<3000 where !staging && p.isRunning {
            staging = ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).contains { $0.hasPrefix(".fairhac-staging") }
            if !staging { usleep(10_000) }
        }
        try put("{\"the user's\": true}\n", "res/summary.json", in: dir)
        try put("notes\n", "res/notes.txt", in: dir)
        p.waitUntilExit()
        if staging { #expect(p.terminationStatus == 1, "the commit-time check should refuse summary.json") }
        #expect(try String(contentsOfFile: out.path + "/summary.json", encoding: .utf8) == "{\"the user's\": true}\n")
        #expect(try String(contentsOfFile: out.path + "/notes.txt", encoding: .utf8) == "notes\n")
        // The staging folder is gone either way.
        let hidden = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".fairhac-staging") }
        #expect(hidden.isEmpty, "\(hidden)")
    }

    @Test("an empty working folder can take the results (`--out .`), and stays the working folder")
    func emptyWorkingFolder() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir)
        let here = dir.appendingPathComponent("here")
        try FileManager.default.createDirectory(at: here, withIntermediateDirectories: true)
        var before = stat()
        #expect(stat(here.path, &before) == 0)
        let r = try CLI.run(["cluster", input, "-k", "2", "--out", ".", "--quiet"], in: here)
        #expect(r.status == 0, "\(r.stderr)")
        var after = stat()
        #expect(stat(here.path, &after) == 0)
        #expect(before.st_ino == after.st_ino)
        #expect(FileManager.default.fileExists(atPath: here.path + "/labels.csv"))
        let again = try CLI.run(["cluster", input, "-k", "3", "--out", ".", "--quiet"], in: here)
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test("a full disk and a read-only mount are named as such, with --out (not the hidden staging folder); nothing is left behind")
    func fullAndReadOnly() throws {
        // Needs root to mount small file systems (CI runs as root); elsewhere there is nothing to check.
        guard getuid() == 0 else { return }
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir, rows: 400)
        let small = dir.appendingPathComponent("small"), readOnly = dir.appendingPathComponent("ro")
        for folder in [small, readOnly] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        func mount(_ options: String, _ at: URL) -> Bool {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/mount")
            p.arguments = ["-t", "tmpfs", "-o", options, "tmpfs", at.path]
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { return false }
            p.waitUntilExit()
            return p.terminationStatus == 0
        }
        func unmount(_ at: URL) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/umount")
            p.arguments = [at.path]
            try? p.run()
            p.waitUntilExit()
        }
        if mount("size=32k", small) {
            defer { unmount(small) }
            let r = try CLI.run(["cluster", input, "--group", "sex", "-k", "2", "--out", small.path + "/res", "--quiet"])
            #expect(r.status == 1 && r.stderr.contains("no space left") && r.stderr.contains(small.path + "/res/"), "\(r.stderr)")
            #expect(!r.stderr.contains("partial") && !r.stderr.contains("staging"), "\(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: small.path).isEmpty)
        }
        if mount("ro", readOnly) {
            defer { unmount(readOnly) }
            let r = try CLI.run(["cluster", input, "-k", "2", "--out", readOnly.path + "/res", "--quiet"])
            #expect(r.status == 1 && r.stderr.contains("read-only file system") && !r.stderr.contains("error 512"), "\(r.stderr)")
        }
    }
}
