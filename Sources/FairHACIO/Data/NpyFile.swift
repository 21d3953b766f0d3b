import FairHACCore
import Foundation

/// Arrays saved by `numpy.save` (the `.npy` format, versions 1 to 3): the header, and a feature
/// matrix read from it. Every error names the file and says what was expected.
public enum NpyFile {
    /// What a `.npy` header says about its array.
    public struct Header: Equatable, Sendable {
        /// numpy's type string, e.g. `<f8`.
        public var descr: String
        public var fortranOrder: Bool
        public var shape: [Int]
        /// Where the data start, from the beginning of the file.
        public var dataOffset: Int
    }

    /// Whether `bytes` start with the `.npy` magic string.
    public static func isNpy(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x93] + Array("NUMPY".utf8))
    }

    /// Parses the header at the start of `bytes`.
    public static func header(_ bytes: UnsafeRawBufferPointer, path: String) throws -> Header {
        guard bytes.count >= 10, isNpy(bytes) else { throw DataError("\(path): not a .npy file (no \\x93NUMPY magic string)") }
        let major = bytes[6]
        let length: Int, start: Int
        switch major {
        case 1:
            (length, start) = (Int(bytes[8]) | Int(bytes[9]) << 8, 10)
        case 2, 3:
            guard bytes.count >= 12 else { throw DataError("\(path): truncated .npy header") }
            (length, start) = (Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24, 12)
        default:
            throw DataError("\(path): .npy format version \(major); FairHAC reads versions 1 to 3")
        }
        guard start + length <= bytes.count,
            let text = String(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]), encoding: .utf8)
        else { throw DataError("\(path): truncated or unreadable .npy header") }
        let compact = text.filter { !$0.isWhitespace }
        guard let descr = value(of: "descr", in: compact).map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }),
            let order = value(of: "fortran_order", in: compact), order == "True" || order == "False",
            let shapeStart = compact.range(of: "'shape':("),
            let shapeEnd = compact[shapeStart.upperBound...].firstIndex(of: ")")
        else { throw DataError("\(path): the .npy header is not numpy's ({'descr': ..., 'fortran_order': ..., 'shape': (...)}): \(MessageText.escaped(text, limit: 120))") }
        var shape: [Int] = []
        for part in compact[shapeStart.upperBound..<shapeEnd].split(separator: ",") {
            guard let v = Int(part), v >= 0 else { throw DataError("\(path): the .npy shape holds '\(part)'; expected sizes") }
            shape.append(v)
        }
        return Header(descr: descr, fortranOrder: order == "True", shape: shape, dataOffset: start + length)
    }

    /// The text after `'key':` up to the next top-level comma or the closing brace.
    private static func value(of key: String, in compact: String) -> String? {
        guard let r = compact.range(of: "'\(key)':") else { return nil }
        let rest = compact[r.upperBound...]
        let end = rest.firstIndex { $0 == "," || $0 == "}" } ?? rest.endIndex
        return String(rest[..<end])
    }

    /// A feature matrix: a 2-D `(rows, features)` array of float64 or float32 (either byte order),
    /// in C order, as `numpy.save(path, X)` writes a NumPy array (`numpy.ascontiguousarray` first for
    /// a transposed or Fortran-ordered one).
    /// - Returns: the row-major values as doubles (float32 exactly widened), and whether the file
    ///   held float32.
    /// - Throws: ``DataError`` naming the file: not a `.npy` file, another dtype, shape or order,
    ///   data shorter than the shape, a value that is not finite (with its row and column).
    public static func readFeatures(path: String) throws -> (observations: Observations, single: Bool) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw DataError("cannot read " + MessageText.fileProblem(error, path: path))
        }
        return try data.withUnsafeBytes { bytes in
            let h = try header(bytes, path: path)
            let kinds = ["<f8": (8, false, false), "<f4": (4, true, false), ">f8": (8, false, true), ">f4": (4, true, true)]
            guard let (size, single, swapped) = kinds[h.descr] ?? (h.descr == "=f8" ? (8, false, false) : h.descr == "=f4" ? (4, true, false) : nil)
            else {
                throw DataError(
                    "\(path): dtype '\(h.descr)'\(describe(h.descr)); expected float64 ('<f8') or float32 ('<f4'): save X.astype(numpy.float64)")
            }
            guard h.shape.count == 2 else {
                throw DataError(
                    "\(path): shape (\(h.shape.map(String.init).joined(separator: ", "))\(h.shape.count == 1 ? "," : "")); "
                        + "expected a 2-D array (rows, features)" + (h.shape.count == 1 ? ": one feature is X.reshape(-1, 1)" : ""))
            }
            let (n, d) = (h.shape[0], h.shape[1])
            guard !h.fortranOrder || n <= 1 || d <= 1 else {
                throw DataError(
                    "\(path): the array is in Fortran (column-major) order; expected C order (rows one after another): "
                        + "save numpy.ascontiguousarray(X)")
            }
            guard n >= 1, d >= 1 else { throw DataError("\(path): shape (\(n), \(d)); expected at least one row and one feature") }
            let (count, o1) = n.multipliedReportingOverflow(by: d)
            let (bytesNeeded, o2) = count.multipliedReportingOverflow(by: size)
            guard !o1, !o2, bytes.count - h.dataOffset >= bytesNeeded else {
                throw DataError(
                    "\(path): the data are shorter than the shape (\(n), \(d)) of \(single ? "float32" : "float64") says "
                        + "(\(max(0, bytes.count - h.dataOffset)) of \(bytesNeeded) bytes): a truncated file?")
            }
            let body = UnsafeRawBufferPointer(rebasing: bytes[h.dataOffset...])
            let values = [Double](unsafeUninitializedCapacity: count) { out, initialized in
                for i in 0..<count {
                    if single {
                        let bits = body.loadUnaligned(fromByteOffset: 4 &* i, as: UInt32.self)
                        out[i] = Double(Float(bitPattern: swapped ? bits.byteSwapped : bits))
                    } else {
                        let bits = body.loadUnaligned(fromByteOffset: 8 &* i, as: UInt64.self)
                        out[i] = Double(bitPattern: swapped ? bits.byteSwapped : bits)
                    }
                }
                initialized = count
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw DataError(
                    "\(path): row \(bad / d), column \(bad % d) (from 0) is \(values[bad]); FairHAC clusters finite numbers "
                        + "(drop or impute such rows first)")
            }
            return (try Observations(count: n, dimension: d, values: values), single)
        }
    }

    /// A few words on a dtype that is not read, for messages.
    private static func describe(_ descr: String) -> String {
        let kind = descr.drop { "<>=|".contains($0) }.first
        switch kind {
        case "i", "u": return " (integers)"
        case "b": return " (booleans)"
        case "f": return " (a float size FairHAC does not read)"
        case "c": return " (complex numbers)"
        case "U", "S", "O": return " (text or objects)"
        default: return ""
        }
    }
}
