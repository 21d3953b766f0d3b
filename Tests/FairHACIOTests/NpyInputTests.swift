import FairHACCore
import Foundation
import Testing

@testable import FairHACIO

/// The binary input of issue 30: a `.npy` feature matrix and a file of group labels.
@Suite("Reading .npy features and group files")
struct NpyInputTests {
    /// A `.npy` file (version 1) with this header dictionary and body.
    static func npy(_ dictionary: String, body: [UInt8]) -> Data {
        var header = Array(dictionary.utf8)
        // numpy pads the header with spaces to a multiple of 64 bytes, ending in a newline.
        while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0A)
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)]
        bytes += header + body
        return Data(bytes)
    }

    static func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    static func write(_ data: Data, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fairhac-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test("float64 and float32 in either byte order give the same observations, exactly")
    func readsFloats() throws {
        let values: [Double] = [0.5, -1.25, 3, 1e-3, 7, 8]
        let little = try Self.write(Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", body: Self.bytes(values)), "x.npy")
        let (x, single) = try NpyFile.readFeatures(path: little)
        #expect(!single && x.count == 3 && x.dimension == 2 && x.values == values)
        let big = try Self.write(
            Self.npy("{'descr': '>f8', 'fortran_order': False, 'shape': (3, 2), }", body: Self.bytes(values.map { $0.bitPattern.byteSwapped })), "b.npy")
        #expect(try NpyFile.readFeatures(path: big).observations.values == values)
        let floats = values.map(Float.init)
        let f32 = try Self.write(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", body: Self.bytes(floats)), "f.npy")
        let (y, isSingle) = try NpyFile.readFeatures(path: f32)
        #expect(isSingle && y.values == floats.map(Double.init))
    }

    @Test("wrong dtype, shape, order, length or values: errors naming the file and what was expected")
    func refusals() throws {
        let ints = try Self.write(Self.npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 1), }", body: Self.bytes([Int64(1), 2])), "i.npy")
        #expect(Self.message { _ = try NpyFile.readFeatures(path: ints) }.contains("i.npy: dtype '<i8' (integers); expected float64 ('<f8') or float32 ('<f4')"))
        let flat = try Self.write(Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", body: Self.bytes([1.0, 2])), "v.npy")
        #expect(Self.message { _ = try NpyFile.readFeatures(path: flat) }.contains("v.npy: shape (2,); expected a 2-D array (rows, features)"))
        let fortran = try Self.write(Self.npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", body: Self.bytes([1.0, 2, 3, 4])), "F.npy")
        #expect(Self.message { _ = try NpyFile.readFeatures(path: fortran) }.contains("F.npy: the array is in Fortran (column-major) order; expected C order"))
        let short = try Self.write(Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", body: Self.bytes([1.0, 2, 3])), "s.npy")
        #expect(Self.message { _ = try NpyFile.readFeatures(path: short) }.contains("s.npy: the data are shorter than the shape (3, 2)"))
        let nan = try Self.write(Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", body: Self.bytes([1.0, 2, .nan, 4])), "n.npy")
        #expect(Self.message { _ = try NpyFile.readFeatures(path: nan) }.contains("n.npy: row 1, column 0 (from 0) is nan"))
        let text = try Self.write(Data("a,b\n1,2\n".utf8), "t.npy")
        #expect(Self.message { _ = try NpyFile.readFeatures(path: text) }.contains("t.npy: not a .npy file"))
    }

    @Test("group files: sorted numbering, CRLF and a final line break, and the count named when it differs")
    func groupFiles() throws {
        let path = try Self.write(Data("b\r\na \n b\r\nc\n".utf8), "g.txt")
        let g = try GroupFile.read(path: path, count: 4, rowsOf: "the 4 rows of x.npy")
        #expect(g.names == ["a", "b", "c"] && g.memberships == [1, 0, 1, 2])
        #expect(g == (try GroupAssignment(labels: ["b", "a", "b", "c"])))
        #expect(Self.message { _ = try GroupFile.read(path: path, count: 5, rowsOf: "the 5 rows of x.npy") }
            .contains("g.txt: 4 group labels for the 5 rows of x.npy"))
        let missing = try Self.write(Data("a\n\nb\nNA\n".utf8), "m.txt")
        #expect(Self.message { _ = try GroupFile.read(path: missing, count: 4, rowsOf: "4 rows") }.contains("m.txt: line 2: missing group label"))
    }
}
