import Foundation
import Testing

/// Issue 30's command-line parts: a `.npy` feature matrix with `--group-file`, and `--precision`.
@Suite("fairhac cluster: .npy input, group files and precision", .serialized)
struct BinaryInputCLITests {
    /// The sample's features as a float64 `.npy` (version 1 header) and its groups as a text file.
    static func writeNpy(_ dir: URL, rows: [[Double]], groups: [String]) throws -> (npy: String, groups: String) {
        let d = rows[0].count
        var header = Array("{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows.count), \(d)), }".utf8)
        while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0A)
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
        for v in rows.joined() { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        let npy = dir.appendingPathComponent("x.npy").path
        try Data(bytes).write(to: URL(fileURLWithPath: npy))
        let g = dir.appendingPathComponent("groups.txt").path
        try (groups.joined(separator: "\n") + "\n").write(toFile: g, atomically: true, encoding: .utf8)
        return (npy, g)
    }

    /// The sample CSV's rows and groups, parsed back.
    static func sampleRows(_ csv: String) throws -> (rows: [[Double]], groups: [String]) {
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        let cells = lines.map { $0.split(separator: ",").map(String.init) }
        return (cells.map { [Double($0[0])!, Double($0[1])!] }, cells.map { $0[2] })
    }

    static func file(_ dir: URL, _ name: String) throws -> Data { try Data(contentsOf: dir.appendingPathComponent(name)) }

    @Test("a .npy matrix with --group-file gives the CSV's Z, labels and fairness; wrong counts and options are named")
    func npyEqualsCSV() throws {
        let dir = try CLI.temporaryDirectory()
        let csv = try CLI.writeSample(dir)
        let (rows, groups) = try Self.sampleRows(csv)
        let (npy, groupFile) = try Self.writeNpy(dir, rows: rows, groups: groups)
        let fromCSV = dir.appendingPathComponent("csv"), fromNpy = dir.appendingPathComponent("npy")
        let a = try CLI.run(["cluster", csv, "--group", "sex", "--fair", "-d", "1", "-k", "3", "--quiet", "--out", fromCSV.path])
        let b = try CLI.run(["cluster", npy, "--group-file", groupFile, "--fair", "-d", "1", "-k", "3", "--quiet", "--out", fromNpy.path])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        #expect(try Self.file(fromCSV, "linkage.npy") == Self.file(fromNpy, "linkage.npy"))
        let summary = try JSONSerialization.jsonObject(with: Self.file(fromNpy, "summary.json")) as? [String: Any]
        let csvSummary = try JSONSerialization.jsonObject(with: Self.file(fromCSV, "summary.json")) as? [String: Any]
        #expect((summary?["mfc"] as? Double) == (csvSummary?["mfc"] as? Double))
        #expect(((summary?["input"] as? [String: Any])?["features"] as? [String]) == ["0", "1"])

        try (groups.dropLast().joined(separator: "\n") + "\n").write(toFile: groupFile, atomically: true, encoding: .utf8)
        let short = try CLI.run(["cluster", npy, "--group-file", groupFile, "--fair", "-k", "3", "--out", dir.appendingPathComponent("c").path])
        #expect(short.status != 0 && short.stderr.contains("groups.txt: 39 group labels for the 40 rows of \(npy)"), "\(short.stderr)")
        let named = try CLI.run(["cluster", npy, "--group", "sex", "-k", "3", "--out", dir.appendingPathComponent("d").path])
        #expect(named.status != 0 && named.stderr.contains("a .npy FILE has no named columns"), "\(named.stderr)")
    }

    @Test("--precision single: summary.json says so, the merges equal double's; the vector forms stay double")
    func precision() throws {
        let dir = try CLI.temporaryDirectory()
        let csv = try CLI.writeSample(dir, rows: 60)
        func run(_ extra: [String], _ name: String) throws -> [String: Any] {
            let out = dir.appendingPathComponent(name)
            let r = try CLI.run(["cluster", csv, "--group", "sex", "-k", "3", "--quiet", "--no-quality", "--out", out.path] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return try JSONSerialization.jsonObject(with: Self.file(out, "summary.json")) as? [String: Any] ?? [:]
        }
        let single = try run(["--precision", "single"], "single"), double = try run([], "double")
        #expect(single["precision"] as? String == "single" && double["precision"] as? String == "double")
        #expect(single["cluster_sizes"] as? [Int] == double["cluster_sizes"] as? [Int])
        let fair = try run(["--precision", "single", "--fair", "-d", "1"], "fair")
        #expect(fair["precision"] as? String == "single")
        let ward = try run(["--precision", "single", "--linkage", "ward"], "ward")
        #expect(ward["precision"] as? String == "double" && ward["algorithm"] as? String == "nn-chain (vectors)")
        let refused = try CLI.run(["cluster", csv, "--group", "sex", "-k", "3", "--method", "afhac-v", "--precision", "single", "--out", dir.appendingPathComponent("x").path])
        #expect(refused.status != 0 && refused.stderr.contains("--precision single"), "\(refused.stderr)")
    }
}
