import CSV
import FairHACCore
import Foundation

/// A delimited text file read into memory: a header row and string cells.
///
/// Reading is done by CSV.swift (quoted fields, embedded delimiters and newlines, any one-scalar
/// delimiter). The delimiter is taken from the option, else from the extension (`.tsv` is tab),
/// else sniffed from the header line (the most frequent of `,`, `;`, tab).
public struct DelimitedTable: Sendable {
    /// Name of the source, for messages (the file path, or the bundled dataset's name).
    public let source: String
    /// The column names, unique: repeated names are renamed as pandas renames them (``HeaderNames``).
    public let header: [String]
    /// The names the file repeats, and what their copies are called in `header`.
    public let repeatedNames: [HeaderNames.Repeated]
    /// The columns the header does not name (0-based), called `Unnamed: i` in `header`.
    public let unnamedColumns: [Int]
    /// The line of the file (from 1, the header's being 1) on which each data row starts; it
    /// differs from the row's index + 2 after blank lines and quoted fields that span lines.
    public let lines: [Int]
    private let storage: Storage

    /// Where the cells are: strings (tables built in code, text with quotes), or the text and
    /// where its fields end (``FieldTable``: text without quotes, read on every core).
    enum Storage: Sendable {
        case strings([[String]])
        case fields(FieldTable)
    }

    public init(source: String, header: [String], rows: [[String]], lines: [Int]? = nil) {
        self.init(source: source, header: header, storage: .strings(rows), lines: lines)
    }

    private init(source: String, header: [String], storage: Storage, lines: [Int]?) {
        self.source = source
        let names = HeaderNames(header)
        self.header = names.names
        repeatedNames = names.repeated
        unnamedColumns = names.unnamed
        self.storage = storage
        let count: Int
        switch storage {
        case .strings(let rows): count = rows.count
        case .fields(let table): count = table.rowCount
        }
        self.lines = lines.flatMap { $0.count == count ? $0 : nil } ?? (0..<count).map { $0 + 2 }
    }

    /// Number of data rows.
    public var rowCount: Int {
        switch storage {
        case .strings(let rows): return rows.count
        case .fields(let table): return table.rowCount
        }
    }

    /// The (trimmed) cell of data row `r`, column `c`.
    public func cell(_ r: Int, _ c: Int) -> String {
        switch storage {
        case .strings(let rows): return rows[r][c]
        case .fields(let table): return table.cell(r, c)
        }
    }

    /// Data rows; every row has `header.count` cells. Made on each call for a table read from text
    /// without quotes: large tables are read cell by cell (``cell(_:_:)``, ``readColumns(_:threads:_:)``).
    public var rows: [[String]] {
        switch storage {
        case .strings(let rows): return rows
        case .fields(let table): return (0..<table.rowCount).map { r in (0..<header.count).map { table.cell(r, $0) } }
        }
    }

    /// Calls `body(rows, cell)` on `threads` threads at once, each with its own consecutive range of
    /// data rows (the ranges cover every row, in order); `cell(r, c)` reads a cell of that range.
    /// - Returns: each range's result, in row order.
    public func readColumns<R>(_ threads: Int, _ body: (Range<Int>, (Int, Int) -> String) -> R) -> [R] {
        let n = rowCount
        let parts = max(1, min(threads * 4, n / 4096 + 1))
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: parts)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let workers = max(1, min(threads, parts))
        func run(_ withCell: (Range<Int>, (Int, Int) -> String) -> R) {
            Parallelism(threads: workers).run { t in
                for p in stride(from: t, to: parts, by: workers) {
                    results[p] = withCell((n * p / parts)..<(n * (p + 1) / parts), { self.cell($0, $1) })
                }
            }
        }
        switch storage {
        case .strings:
            run(body)
        case .fields(let table):
            table.withBytes { bytes in
                run { range, _ in
                    body(range) { r, c in
                        let (a, b) = table.bounds(r, c)
                        return FieldTable.trimmedField(bytes, a, b, delimiter: table.delimiter)
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// "line 5 (data row 3)": where data row `r` (0-based, as in labels.csv) is in the file.
    public func position(ofRow r: Int) -> String {
        "line \(r < lines.count ? lines[r] : r + 2) (data row \(r))"
    }

    /// Reads a file.
    /// - Throws: ``DataError`` when the file cannot be read, is empty, or a row has the wrong
    ///   number of fields.
    public static func read(path: String, delimiter: Character? = nil) throws -> DelimitedTable {
        let text = try readText(path: path)
        let sep = delimiter ?? (path.lowercased().hasSuffix(".tsv") ? "\t" : sniffDelimiter(text))
        return try parse(text: text, source: path, delimiter: sep)
    }

    /// The text of a file, or an error naming the path and the cause: a directory or device,
    /// an unreadable or empty file, UTF-16 or UTF-32 text (detected and named), binary data.
    /// A UTF-8 byte-order mark is dropped.
    public static func readText(path: String) throws -> String {
        if let kind = MessageText.notARegularFile(path) {
            throw DataError("\(path): is \(kind), not a file")
        }
        let data: Data
        do {
            if MessageText.isPipe(path) {
                guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoPermission) }
                data = try handle.readToEnd() ?? Data()
            } else {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        } catch {
            throw DataError("cannot read " + MessageText.fileProblem(error, path: path))
        }
        guard !data.isEmpty else { throw DataError("\(path): the file is empty") }
        let bytes = [UInt8](data.prefix(4))
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) {
            throw DataError("\(path): the file is UTF-32 text; save it as UTF-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw DataError("\(path): the file is UTF-16 text; save it as UTF-8")
        }
        // UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
        let head = [UInt8](data.prefix(512))
        let zeros = head.filter { $0 == 0 }.count
        if head.count >= 4, zeros * 3 >= head.count {
            let evenZeros = stride(from: 0, to: head.count, by: 2).filter { head[$0] == 0 }.count
            let oddZeros = zeros - evenZeros
            if max(evenZeros, oddZeros) * 2 >= head.count - 1 {
                throw DataError("\(path): the file looks like UTF-16 text (every other byte is zero); save it as UTF-8")
            }
        }
        if head.contains(0) {
            throw DataError("\(path): the file is not text (it contains zero bytes)")
        }
        var body = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = data.dropFirst(3) }
        // The standard library's UTF-8 validation first: Foundation's decoding went through UTF-16
        // and took a third of the reading time of a 20,000 x 10 file.
        guard let text = String(validating: body, as: UTF8.self) ?? String(data: body, encoding: .isoLatin1) else {
            throw DataError("\(path): the file is not text (UTF-8 or Latin-1)")
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw DataError("\(path): the file is empty (only blank lines); expected a header row naming the columns")
        }
        return text
    }

    /// The line (from 1) on which each record of `text` starts, the header's first; a line
    /// break inside a quoted field does not start a record.
    static func recordLines(_ text: String) -> [Int] {
        var starts = [1]
        var line = 1
        var quoted = false
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            let isBreak = byte == UInt8(ascii: "\n") ? !previousWasCR : byte == UInt8(ascii: "\r")
            previousWasCR = byte == UInt8(ascii: "\r")
            guard isBreak else { continue }
            line += 1
            if !quoted { starts.append(line) }
        }
        return starts
    }

    /// Parses text with a header row.
    public static func parse(text: String, source: String, delimiter: Character) throws -> DelimitedTable {
        guard let scalar = delimiter.unicodeScalars.first, delimiter.unicodeScalars.count == 1 else {
            throw DataError("the delimiter must be a single character; got '\(delimiter)'")
        }
        // CSV.swift trims a field's trailing whitespace with Foundation's `trimmingCharacters`,
        // which went through UTF-16 and took half of the reading time of a 20,000 x 10 file
        // (0.28 of 0.55 s). Without quotes in the text a field is exactly the text between two
        // delimiters, so trimming it here (`trimmed(_:keeping:)`, the same whitespace) is the same.
        let quoted = text.utf8.contains(UInt8(ascii: "\""))
        let header: [String], storage: Storage, lines: [Int]
        if FieldTable.applies(quoted: quoted, delimiter: scalar) {
            let parsed = try FieldTable.parse(text: text, source: source, delimiter: scalar, threads: Parallelism.availableCores)
            guard !(parsed.header.count == 1 && parsed.header[0].isEmpty) else {
                throw DataError("\(source): the file is empty; expected a header row naming the columns")
            }
            (header, storage, lines) = (parsed.header, .fields(parsed.table), parsed.lines)
        } else {
            (header, storage, lines) = try parseWithCSVReader(text: text, source: source, delimiter: delimiter, scalar: scalar, quoted: quoted)
        }
        // A repeated name is renamed as pandas renames it (``HeaderNames``), with a note.
        return DelimitedTable(source: source, header: header, storage: storage, lines: lines)
    }

    /// Text with quotes (or an unusual delimiter), read by CSV.swift.
    static func parseWithCSVReader(
        text: String, source: String, delimiter: Character, scalar: Unicode.Scalar, quoted: Bool
    ) throws -> (header: [String], storage: Storage, lines: [Int]) {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: quoted, delimiter: scalar)
        } catch {
            throw DataError("\(source): cannot parse the header row (\(Self.describe(error)))")
        }
        func trim(_ row: [String]) -> [String] { quoted ? row : row.map { trimmed($0, keeping: scalar) } }
        guard let header = reader.headerRow.map(trim), !(header.count == 1 && header[0].isEmpty) else {
            throw DataError("\(source): the file is empty; expected a header row naming the columns")
        }
        let starts = recordLines(text)
        var rows: [[String]] = []
        var lines: [Int] = []
        var rowNumber = 0
        while let raw = reader.next() {
            let row = trim(raw)
            rowNumber += 1
            if row.count == 1 && row[0].isEmpty { continue }  // blank line
            let line = rowNumber < starts.count ? starts[rowNumber] : rowNumber + 1
            guard row.count == header.count else {
                throw DataError(
                    "\(source): line \(line) (data row \(rows.count)) has \(row.count) fields; the header has \(header.count) "
                        + "(delimiter '\(delimiter == "\t" ? "\\t" : String(delimiter))')")
            }
            rows.append(row)
            lines.append(line)
        }
        if let error = reader.error {
            let line = rowNumber + 1 < starts.count ? starts[rowNumber + 1] : rowNumber + 2
            throw DataError("\(source): malformed CSV at line \(line) (\(Self.describe(error)))")
        }
        return (header, .strings(rows), lines)
    }

    /// `field` without leading and trailing whitespace, as CSV.swift's `trimFields` trims an
    /// unquoted field: tab and the Unicode space separators (Foundation's `.whitespaces`), but
    /// not the delimiter.
    static func trimmed(_ field: String, keeping delimiter: Unicode.Scalar) -> String {
        guard let first = field.utf8.first, let last = field.utf8.last else { return field }
        // Printable ASCII at both ends (the usual case): nothing to trim.
        if first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return field }
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            c != delimiter && (c == "\t" || c.properties.generalCategory == .spaceSeparator)
        }
        var scalars = Substring(field).unicodeScalars
        while let c = scalars.first, isSpace(c) { scalars.removeFirst() }
        while let c = scalars.last, isSpace(c) { scalars.removeLast() }
        return String(scalars)
    }

    /// CSV.swift's errors in words.
    static func describe(_ error: Error) -> String {
        switch error as? CSVError {
        case .unicodeDecoding?: return "text that is not valid Unicode"
        case .cannotReadHeaderRow?: return "no header row"
        case .stringEncodingMismatch?, .stringEndianMismatch?: return "an unexpected text encoding"
        case .streamErrorHasOccurred(let inner)?: return MessageText.fileProblem(inner, path: nil)
        default: return MessageText.escaped("\(error)")
        }
    }

    static func sniffDelimiter(_ text: String) -> Character {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let candidates: [Character] = [",", ";", "\t"]
        let counts = candidates.map { c in firstLine.filter { $0 == c }.count }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return "," }
        return counts[best] > 0 ? candidates[best] : ","
    }

    /// Index of a column by name.
    public func column(named name: String) throws -> Int {
        if let i = header.firstIndex(of: name) { return i }
        throw DataError("\(source): no column named '\(name)'; the columns are: \(header.joined(separator: ", "))")
    }
}

/// A problem with input data, worded for the person who supplied it.
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
