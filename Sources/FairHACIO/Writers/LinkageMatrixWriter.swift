import FairHACCore
import Foundation

/// Writes a dendrogram as scipy's linkage matrix `Z`: `(n-1) x 4` rows `[a, b, height, size]`.
public enum LinkageMatrixWriter {
    /// Comma-separated text, one merge per line, no header; ids and sizes as integers, heights
    /// with 17 significant digits (`%.17g`, exact round trip). `numpy.loadtxt(f, delimiter=",")`
    /// reads it back.
    public static func csv(_ tree: Dendrogram) -> String {
        let out = ChunkedOutput()
        csv(tree, to: out)
        return out.text
    }

    /// Streams linkage.csv into `out`.
    public static func csv(_ tree: Dendrogram, to out: ChunkedOutput) {
        for m in tree.merges {
            out.write("\(m.a),\(m.b),\(NumberText.g17(m.height)),\(m.size)\n")
        }
    }

    /// `Z` as float64 rows, the layout scipy uses.
    public static func rows(_ tree: Dendrogram) -> [Double] {
        tree.merges.flatMap { [Double($0.a), Double($0.b), $0.height, Double($0.size)] }
    }

    /// `Z` as a NumPy `.npy` file (format 1.0, little-endian float64, C order), loadable by
    /// `numpy.load` and usable by `scipy.cluster.hierarchy` as it is.
    public static func npy(_ tree: Dendrogram) -> Data {
        let out = ChunkedOutput()
        npy(tree, to: out)
        return Data(out.bytes)
    }

    /// Streams linkage.npy into `out`.
    public static func npy(_ tree: Dendrogram, to out: ChunkedOutput) {
        out.write(bytes: NPYWriter.header(rows: tree.merges.count, columns: 4))
        for m in tree.merges {
            out.write(float64: Double(m.a))
            out.write(float64: Double(m.b))
            out.write(float64: m.height)
            out.write(float64: Double(m.size))
        }
    }
}

/// The NumPy `.npy` format, version 1.0, for float64 matrices.
public enum NPYWriter {
    public static func float64Matrix(rows: Int, columns: Int, values: [Double]) -> Data {
        precondition(values.count == rows * columns)
        var data = Data(header(rows: rows, columns: columns))
        data.reserveCapacity(data.count + 8 * values.count)
        for v in values {
            withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// The magic, version, header length and header of a float64 matrix.
    public static func header(rows: Int, columns: Int) -> [UInt8] {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        // magic (6) + version (2) + header length (2) + header, padded with spaces to a
        // multiple of 64 bytes and ended by a newline.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt16(header.utf8.count)
        return [0x93] + Array("NUMPY".utf8) + [1, 0] + [UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
    }
}
