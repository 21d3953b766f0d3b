import FairHACCore

/// The cells of a delimited text without quotes, found on every core: the text itself and, for
/// every row, where each of its fields ends. A cell becomes a `String` only when it is read, so a
/// table of 10^7 rows holds no 10^8 strings (``DelimitedTable``'s reading of such files: 150 s and
/// about 4 GB before, for 10-d blobs).
///
/// The rules are CSV.swift's for text without quotes, which ``DelimitedTable/parse(text:source:delimiter:)``
/// used for such text before: records end at `\n`, `\r\n` or a lone `\r`; a record of one field
/// that trims to nothing is a blank line and skipped; fields are trimmed as
/// ``DelimitedTable/trimmed(_:keeping:)`` trims them.
struct FieldTable: @unchecked Sendable {
    /// The text, native UTF-8 (contiguous).
    let text: String
    let columns: Int
    /// Byte offset of each row's first field.
    let rowStarts: [Int]
    /// Byte offset, from its row's start, of the end of each field (`rows x columns`).
    let fieldEnds: [UInt32]
    let delimiter: Unicode.Scalar

    var rowCount: Int { rowStarts.count }

    /// The trimmed text of cell `(r, c)`.
    func cell(_ r: Int, _ c: Int) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            let (a, b) = bounds(r, c)
            return Self.trimmedField(bytes, a, b, delimiter: delimiter)
        }
    }

    /// Calls `body` with the text's bytes, for reading many cells.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var copy = text
        return try copy.withUTF8(body)
    }

    /// The byte range of cell `(r, c)` before trimming.
    @inline(__always)
    func bounds(_ r: Int, _ c: Int) -> (Int, Int) {
        let start = rowStarts[r], at = r &* columns &+ c
        return (c == 0 ? start : start &+ Int(fieldEnds[at &- 1]) &+ 1, start &+ Int(fieldEnds[at]))
    }

    /// The field `bytes[a..<b]` trimmed of spaces and tabs (and of Unicode space separators, as
    /// ``DelimitedTable/trimmed(_:keeping:)``, when an end is not ASCII).
    static func trimmedField(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, delimiter: Unicode.Scalar) -> String {
        var (a, b) = (a, b)
        while a < b && (bytes[a] == 0x20 || bytes[a] == 0x09) { a &+= 1 }
        while b > a && (bytes[b &- 1] == 0x20 || bytes[b &- 1] == 0x09) { b &-= 1 }
        let field = String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self)
        if a < b && (bytes[a] >= 0x80 || bytes[b &- 1] >= 0x80) { return DelimitedTable.trimmed(field, keeping: delimiter) }
        return field
    }

    /// Whether this reader applies: text without quotes and a delimiter of one ASCII byte (else
    /// CSV.swift reads it).
    static func applies(quoted: Bool, delimiter: Unicode.Scalar) -> Bool {
        !quoted && delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r"
    }

    /// The header and rows of `text` (see ``applies(quoted:delimiter:)``), read in parallel.
    /// - Returns: the header's fields, the table, and the line (from 1) on which each row starts.
    /// - Throws: ``DataError`` for the first row whose field count is not the header's, naming its
    ///   line and data row as the sequential reader does.
    static func parse(text: String, source: String, delimiter: Unicode.Scalar, threads: Int) throws
        -> (header: [String], table: FieldTable, lines: [Int])
    {
        var text = text
        text.makeContiguousUTF8()
        let sep = UInt8(delimiter.value)
        var header: [String] = []
        var rowStarts: [Int] = [], ends: [UInt32] = [], lines: [Int] = []
        try text.withUTF8 { bytes in
            // The header: the first record.
            var headerEnds: [UInt32] = []
            let afterHeader = record(bytes, from: 0, separator: sep, ends: &headerEnds)
            var from = 0
            for end in headerEnds {
                header.append(trimmedField(bytes, from, Int(end), delimiter: delimiter))
                from = Int(end) + 1
            }
            let columns = header.count
            // An empty header: the caller says so, whatever follows.
            if columns == 1 && header[0].isEmpty { return }
            // Stretches of whole lines, several per thread, read in parallel.
            let parts = max(1, threads) * 4
            var cuts = [afterHeader.next]
            for p in 1..<parts {
                var at = max(cuts[cuts.count - 1], afterHeader.next + (bytes.count - afterHeader.next) * p / parts)
                while at < bytes.count && bytes[at] != 0x0A { at += 1 }
                if at < bytes.count { cuts.append(at + 1) }
            }
            cuts.append(bytes.count)
            let chunks = (0..<(cuts.count - 1)).map { _ in Chunk() }
            let box = UncheckedBox(chunks)
            let workers = max(1, min(threads, chunks.count))
            Parallelism(threads: workers).run { t in
                for c in stride(from: t, to: box.value.count, by: workers) {
                    box.value[c].read(bytes, cuts[c]..<cuts[c + 1], separator: sep, columns: columns, delimiter: delimiter)
                }
            }
            // Lines: the header's, then each chunk's line breaks.
            var line = 1 + afterHeader.breaks
            var rows = 0
            for chunk in chunks {
                if let bad = chunk.firstBadRow {
                    throw DataError(
                        "\(source): line \(line + bad.line) (data row \(rows + bad.row)) has \(bad.fields) fields; the header has \(columns) "
                            + "(delimiter '\(delimiter == "\t" ? "\\t" : String(delimiter))')")
                }
                line += chunk.breaks
                rows += chunk.rowStarts.count
            }
            rowStarts.reserveCapacity(rows)
            ends.reserveCapacity(rows * columns)
            lines.reserveCapacity(rows)
            line = 1 + afterHeader.breaks
            for chunk in chunks {
                rowStarts.append(contentsOf: chunk.rowStarts)
                ends.append(contentsOf: chunk.fieldEnds)
                lines.append(contentsOf: chunk.lines.map { line + $0 })
                line += chunk.breaks
            }
        }
        let table = FieldTable(text: text, columns: header.count, rowStarts: rowStarts, fieldEnds: ends, delimiter: delimiter)
        return (header, table, lines)
    }

    /// Reads the record starting at `from` into `ends` (offsets from `from` of each field's end).
    /// - Returns: where the next record starts and how many line breaks were passed.
    @inline(__always)
    static func record(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to limit: Int? = nil, separator: UInt8, ends: inout [UInt32])
        -> (next: Int, breaks: Int)
    {
        let limit = limit ?? bytes.count
        var i = from
        while i < limit {
            let b = bytes[i]
            if b == separator {
                ends.append(UInt32(truncatingIfNeeded: i &- from))
            } else if b == 0x0A || b == 0x0D {
                ends.append(UInt32(truncatingIfNeeded: i &- from))
                let next = b == 0x0D && i &+ 1 < limit && bytes[i &+ 1] == 0x0A ? i &+ 2 : i &+ 1
                return (next, 1)
            }
            i &+= 1
        }
        ends.append(UInt32(truncatingIfNeeded: limit &- from))
        return (limit, 0)
    }

    /// One stretch of whole lines, read by one thread.
    final class Chunk {
        var rowStarts: [Int] = []
        var fieldEnds: [UInt32] = []
        /// Line of each row, counted from the chunk's first line (0).
        var lines: [Int] = []
        /// Line breaks in the chunk.
        var breaks = 0
        /// The first row whose field count is not the header's: its line (from the chunk's
        /// first), its data row (from the chunk's first) and its field count.
        var firstBadRow: (line: Int, row: Int, fields: Int)?

        func read(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, separator: UInt8, columns: Int, delimiter: Unicode.Scalar) {
            var at = range.lowerBound
            var scratch: [UInt32] = []
            while at < range.upperBound {
                scratch.removeAll(keepingCapacity: true)
                let (next, broke) = FieldTable.record(bytes, from: at, to: range.upperBound, separator: separator, ends: &scratch)
                defer {
                    breaks += broke
                    at = next
                }
                // A blank line: one field that trims to nothing.
                if scratch.count == 1 && FieldTable.trimmedField(bytes, at, at + Int(scratch[0]), delimiter: delimiter).isEmpty { continue }
                if scratch.count != columns {
                    if firstBadRow == nil { firstBadRow = (breaks, rowStarts.count, scratch.count) }
                    continue
                }
                rowStarts.append(at)
                lines.append(breaks)
                fieldEnds.append(contentsOf: scratch)
            }
        }
    }

    /// Chunks handed to the threads; each thread writes only its own chunks.
    private struct UncheckedBox: @unchecked Sendable {
        let value: [Chunk]
        init(_ value: [Chunk]) { self.value = value }
    }
}
