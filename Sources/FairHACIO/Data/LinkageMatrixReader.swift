import FairHACCore
import Foundation

/// Reads a scipy linkage matrix `Z` (`(n-1) x 4` rows `[a, b, height, size]`) from a `.npy`
/// file (float64 or int64, either memory order) or from text (comma- or whitespace-separated
/// decimal numbers, one merge per line, as ``LinkageMatrixWriter/csv(_:)`` writes and
/// `numpy.savetxt` writes), and checks it: a 2-d shape of four columns, the number of rows the
/// data need (when known) before anything else, integer ids of clusters made before the row and
/// used once, sizes equal to the sums, finite non-negative heights. Every error names the file,
/// and the row and column where one is at fault.
public enum LinkageMatrixReader {
    /// The columns of Z, for messages.
    static let columns = ["first id", "second id", "height", "size"]

    /// - Parameter expectedLeaves: the data's n, when known: a matrix with other than n - 1 rows
    ///   is refused naming both counts before its rows are checked.
    /// - Throws: ``DataError`` naming `path` and what is wrong.
    public static func read(path: String, expectedLeaves: Int? = nil) throws -> Dendrogram {
        if let what = MessageText.notARegularFile(path) {
            throw DataError("the tree \(path) is \(what), not a file; give the linkage matrix (Z as .npy, or text with 4 columns)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DataError("cannot read the tree " + MessageText.fileProblem(error, path: path))
        }
        let values: [Double], rows: Int
        if data.starts(with: [0x93] + Array("NUMPY".utf8)) {
            (values, rows) = try npy(data, path: path)
        } else {
            (values, rows) = try text(data, path: path)
        }
        if let n = expectedLeaves, rows != n - 1 {
            throw DataError(
                "\(path): a linkage matrix over \(rows + 1) points (\(rows) rows), but the data have \(n) rows (a tree over them has \(n - 1))")
        }
        return try dendrogram(values: values, rows: rows, path: path)
    }

    /// The dendrogram of row-major `rows x 4` values.
    public static func dendrogram(values: [Double], rows: Int, path: String) throws -> Dendrogram {
        guard rows >= 1 else { throw DataError("\(path): the linkage matrix has no rows; a tree over n >= 2 points has n - 1") }
        let n = rows + 1
        var merges: [Merge] = []
        merges.reserveCapacity(rows)
        for i in 0..<rows {
            let a = values[4 * i], b = values[4 * i + 1], h = values[4 * i + 2], s = values[4 * i + 3]
            for (column, v) in [(0, a), (1, b), (3, s)] where !(v.isFinite && v == v.rounded() && v >= 0 && v < 1e15) {
                throw DataError("\(path): row \(i) (0-based), column \(column) (\(columns[column])) is \(v); expected a non-negative integer")
            }
            guard h.isFinite, h >= 0 else {
                throw DataError("\(path): row \(i) (0-based), column 2 (height) is \(h); expected a finite number >= 0 (scipy refuses negative heights)")
            }
            merges.append(Merge(a: Int(min(a, b)), b: Int(max(a, b)), height: h, size: Int(s)))
        }
        do {
            return try Dendrogram(leafCount: n, merges: merges)
        } catch let error as ClusteringError {
            throw DataError("\(path) is not a valid linkage matrix over \(n) points (scipy's Z: row i joins two clusters made before it, "
                + "leaves 0..n-1, row i makes n + i, sizes add up): \(error.description)")
        }
    }

    static func text(_ data: Data, path: String) throws -> ([Double], Int) {
        guard let string = String(data: data, encoding: .utf8) else { throw DataError("\(path): not UTF-8 text and not a .npy file") }
        var values: [Double] = []
        var rows = 0
        for (number, line) in string.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count == 4 else {
                throw DataError("\(path), line \(number + 1): \(fields.count) fields; a linkage matrix has 4 per row (a, b, height, size)")
            }
            for (column, f) in fields.enumerated() {
                // Decimal only, as in the data files: Swift's Double(_:) also reads hexadecimal ("0x1p3").
                guard !f.contains(where: { $0 == "x" || $0 == "X" }), let v = Double(f) else {
                    throw DataError(
                        "\(path), line \(number + 1), column \(column) (\(columns[column])): '\(MessageText.escaped(f, limit: 40))' is not a decimal number")
                }
                values.append(v)
            }
            rows += 1
        }
        return (values, rows)
    }

    static func npy(_ data: Data, path: String) throws -> ([Double], Int) {
        let bytes = [UInt8](data)
        guard bytes.count >= 10 else { throw DataError("\(path): truncated .npy header") }
        let major = bytes[6]
        let headerLength: Int, start: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        } else {
            guard bytes.count >= 12 else { throw DataError("\(path): truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            start = 12
        }
        guard start + headerLength <= bytes.count, let header = String(bytes: bytes[start..<(start + headerLength)], encoding: .ascii) else {
            throw DataError("\(path): unreadable .npy header")
        }
        let compact = header.filter { !$0.isWhitespace }
        let fortran = compact.contains("'fortran_order':True")
        let kind: String
        if compact.contains("'descr':'<f8'") { kind = "f8" } else if compact.contains("'descr':'<i8'") { kind = "i8" } else {
            throw DataError("\(path): a .npy linkage matrix must hold little-endian float64 (or int64) values; header \(header)")
        }
        guard let shapeStart = compact.range(of: "'shape':("), let shapeEnd = compact[shapeStart.upperBound...].firstIndex(of: ")") else {
            throw DataError("\(path): the .npy header has no shape")
        }
        let shape = compact[shapeStart.upperBound..<shapeEnd]
        let dims = shape.split(separator: ",").map { Int($0) }
        guard dims.count == 2, let rows = dims[0], let width = dims[1], width == 4, rows >= 0, rows < 1 << 40 else {
            throw DataError("\(path): shape (\(shape)); a linkage matrix is 2-d, (n - 1) x 4")
        }
        let body = start + headerLength
        guard bytes.count - body >= rows * 4 * 8 else { throw DataError("\(path): the .npy data is shorter than its shape (\(shape))") }
        var values = [Double](repeating: 0, count: rows * 4)
        for i in 0..<(rows * 4) {
            var bits: UInt64 = 0
            for b in 0..<8 { bits |= UInt64(bytes[body + 8 * i + b]) << (8 * UInt64(b)) }
            let v = kind == "f8" ? Double(bitPattern: bits) : Double(Int64(bitPattern: bits))
            // Fortran order: element i is (row i % rows, column i / rows).
            let target = fortran ? (i % rows) * 4 + i / rows : i
            values[target] = v
        }
        return (values, rows)
    }
}
