import FairHACCore
import Foundation

/// A file of group labels, one per line in row order (`--group-file`): the groups of a distance
/// matrix or of a `.npy` feature matrix, which have no columns to name.
public enum GroupFile {
    /// The groups of `count` rows. Lines are trimmed of spaces and tabs, a last empty line (the
    /// file's final line break) is not a label, groups are numbered by their sorted labels (as
    /// ``GroupAssignment/init(labels:)``).
    /// - Parameter rowsOf: what the rows are, for messages ("the 1000 rows of X.npy").
    /// - Throws: ``DataError`` naming the file: another number of labels than `count` (both
    ///   counts given), an empty or missing label (with its line), unreadable text.
    public static func read(path: String, count: Int, rowsOf: String) throws -> GroupAssignment {
        let text = try DelimitedTable.readText(path: path)
        var names: [String] = []
        var id: [String: Int] = [:]
        var memberships: [Int] = []
        memberships.reserveCapacity(count)
        var line = 0
        var problem: String?
        var utf8 = text
        utf8.withUTF8 { bytes in
            var start = 0
            let end = bytes.count
            while start < end {
                var stop = start
                while stop < end && bytes[stop] != 0x0A && bytes[stop] != 0x0D { stop += 1 }
                line += 1
                var (a, b) = (start, stop)
                while a < b && (bytes[a] == 0x20 || bytes[a] == 0x09) { a += 1 }
                while b > a && (bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09) { b -= 1 }
                let label = String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self)
                // A \r\n pair is one line break.
                start = stop < end && bytes[stop] == 0x0D && stop + 1 < end && bytes[stop + 1] == 0x0A ? stop + 2 : stop + 1
                if label.isEmpty && start >= end { break }  // the final line break
                if label.isEmpty || DataPreparation.missingTokens.contains(label) {
                    problem = problem ?? "line \(line): missing group label" + (label.isEmpty ? "" : " ('\(label)')")
                    continue
                }
                if let g = id[label] {
                    memberships.append(g)
                } else {
                    id[label] = names.count
                    memberships.append(names.count)
                    names.append(label)
                }
            }
        }
        if let problem { throw DataError("\(path): \(problem); every row needs a group") }
        guard memberships.count == count else {
            throw DataError("\(path): \(memberships.count) group label\(memberships.count == 1 ? "" : "s") for \(rowsOf) (one label per line, in row order)")
        }
        // Numbered in sorted order of the labels, as GroupAssignment(labels:) does.
        let sorted = names.indices.sorted { names[$0] < names[$1] }
        var rank = [Int](repeating: 0, count: names.count)
        for (r, g) in sorted.enumerated() { rank[g] = r }
        do {
            return try GroupAssignment(names: sorted.map { names[$0] }, memberships: memberships.map { rank[$0] })
        } catch let error as ClusteringError {
            throw DataError("\(path): \(error.description)")
        }
    }
}
