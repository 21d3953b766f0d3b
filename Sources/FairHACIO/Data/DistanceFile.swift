import FairHACCore
import Foundation

/// Reads a precomputed dissimilarity matrix: a square, symmetric CSV of numbers with a zero
/// diagonal and no header (`--input-kind distances`).
public enum DistanceFile {
    /// - Parameter memoryBudget: bytes the reading may use; checked from the first line's width
    ///   (the matrix's n) before the rows are parsed.
    public static func read(path: String, memoryBudget: Int? = nil) throws -> DistanceMatrix {
        let text = try DelimitedTable.readText(path: path)
        if let budget = memoryBudget, let first = text.split(separator: "\n", maxSplits: 1).first {
            let n = first.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\t" || $0 == " " }).count
            // Parsed rows (n^2 doubles) and the condensed matrix (n^2 / 2), besides the text.
            let needed = 12 * n * n + text.utf8.count
            if needed > budget {
                let fits = Int((Double(max(0, budget - text.utf8.count)) / 12).squareRoot())
                throw DataError(
                    "\(path): reading this \(n) x \(n) matrix needs about \(needed >> 20) MiB but \(budget >> 20) MiB is available; "
                        + "about \(fits) x \(fits) would fit")
            }
        }
        var rows: [[Double]] = []
        var lineOfRow: [Int] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\r" }) { continue }
            let sep: Character = line.contains(",") ? "," : (line.contains(";") ? ";" : (line.contains("\t") ? "\t" : " "))
            var row: [Double] = []
            for (c, cell) in line.split(separator: sep, omittingEmptySubsequences: sep == " ").enumerated() {
                let s = cell.trimmingCharacters(in: .whitespaces)
                guard let v = DataPreparation.number(s), v >= 0 else {
                    throw DataError(
                        "\(path): line \(lineNumber), column \(c + 1): '\(MessageText.escaped(s, limit: 40))' is not a finite, non-negative distance")
                }
                row.append(v)
            }
            rows.append(row)
            lineOfRow.append(lineNumber)
        }
        do {
            return try DistanceMatrix(square: rows)
        } catch let ClusteringError.distanceOutOfRange(i, j, value, limit) {
            throw DataError(
                "\(path): line \(lineOfRow[i]), column \(j + 1) (observations \(i) and \(j), from 0): distance \(value) is above "
                    + "the largest FairHAC takes (\(limit)), where the linkage updates could overflow; divide the matrix by a constant")
        } catch let error as ClusteringError {
            throw DataError("\(path): \(error.description) (observations counted from 0, as in labels.csv)")
        }
    }
}
