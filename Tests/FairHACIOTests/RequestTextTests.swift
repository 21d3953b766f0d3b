import FairHACCore
import Foundation
import Testing

@testable import FairHACIO

/// Issue 27: JSON the decoder cannot read is named by key and cause (``JSONProblem``), and a
/// linkage matrix file by file, row and column (``LinkageMatrixReader``).
@Suite("what cannot be read is named: JSON requests and linkage matrices")
struct RequestTextTests {
    @Test("NaN, Infinity, lone surrogates, integers past 64 bits and broken syntax: the path and the cause")
    func jsonProblems() {
        let cases: [(String, String, String)] = [
            (#"{"n_clusters": 2, "level_tolerance": NaN}"#, "level_tolerance", "NaN is not a JSON number"),
            (#"{"n_clusters": 2, "eps": -Infinity}"#, "eps", "-Infinity is not a JSON number"),
            (#"{"n_clusters": 2, "micro_clusters": 1180591620717411303424}"#, "micro_clusters", "is too large"),
            (#"{"names": ["sex"], "values": [["a", "\ud800"]]}"#, "values[0][1]", "lone UTF-16 surrogate \\ud800"),
            (#"{"names": ["sex"], "values": [["a", "\udc00b"]]}"#, "values[0][1]", "lone UTF-16 surrogate \\udc00"),
            (#"{"n_clusters": 2, "rule": "gain",}"#, "rule", "expected a key"),
        ]
        for (text, path, cause) in cases {
            let problem = JSONProblem.find(in: text)
            #expect(problem?.path == path && (problem?.cause.contains(cause) ?? false), "\(text): \(String(describing: problem))")
        }
        for valid in [#"{"n_clusters": 2, "summary_seed": 18446744073709551615, "b": 1e300}"#, #"{"values": [["\ud83d\ude00", "x\"y"]]}"#, "[]"] {
            #expect(JSONProblem.find(in: valid) == nil, "\(valid)")
        }
        // What Foundation's decoder refuses without a word, the scanner names.
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(ClusteringRequest.self, from: Data(#"{"n_clusters": 2, "level_tolerance": NaN}"#.utf8))
        }
    }

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("z-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }

    @Test("Z files: the row count against the data's n first; hexadecimal ids, negative heights, folders and 3-d shapes by file, row and column")
    func linkageMatrices() throws {
        let good = "0,1,0.5,2\n2,3,0.7,2\n4,5,1.0,4\n"
        let path = try write(good)
        #expect(try LinkageMatrixReader.read(path: path, expectedLeaves: 4).leafCount == 4)
        #expect(message { _ = try LinkageMatrixReader.read(path: path, expectedLeaves: 5) }
            .contains("a linkage matrix over 4 points (3 rows), but the data have 5 rows"))
        // Broken after its first row, and for another n: the n is said, not the breakage.
        let broken = try write("0,1,0.5,2\n2,9,0.7,5\n")
        #expect(message { _ = try LinkageMatrixReader.read(path: broken, expectedLeaves: 4) }.contains("the data have 4 rows"))
        let hex = try write("0x0,1,0.5,2\n2,3,0.7,2\n4,5,1.0,4\n")
        #expect(message { _ = try LinkageMatrixReader.read(path: hex) }.contains("line 1, column 0 (first id): '0x0' is not a decimal number"))
        let negative = try write("0,1,-0.5,2\n2,3,0.7,2\n4,5,1.0,4\n")
        #expect(message { _ = try LinkageMatrixReader.read(path: negative) }.contains("row 0 (0-based), column 2 (height) is -0.5"))
        let fraction = try write("0,1,0.5,2\n2,3.5,0.7,2\n4,5,1.0,4\n")
        #expect(message { _ = try LinkageMatrixReader.read(path: fraction) }.contains("row 1 (0-based), column 1 (second id) is 3.5"))
        let folder = FileManager.default.temporaryDirectory.path
        #expect(message { _ = try LinkageMatrixReader.read(path: folder) }.contains("is a directory, not a file"))
        for shape in ["(3, 4, 1)", "(3, 4, x)", "(12,)"] {
            var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
            while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
            header += "\n"
            var npy = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0])
            npy.append(contentsOf: Array(header.utf8))
            npy.append(Data(count: 12 * 8))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("z-\(UUID().uuidString).npy").path
            try npy.write(to: URL(fileURLWithPath: file))
            #expect(message { _ = try LinkageMatrixReader.read(path: file) }.contains("a linkage matrix is 2-d"), "\(shape)")
        }
    }
}
