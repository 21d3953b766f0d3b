import CSV
import Foundation

/// A delimited text file read into memory: a header row and string cells.
///
/// Reading is done by CSV.swift (quoted fields, embedded delimiters and newlines, any one-scalar
/// delimiter). The delimiter is taken from the option, else from the extension (`.tsv` is tab),
/// else sniffed from the header line (the most frequent of `,`, `;`, tab).
public struct DelimitedTable: Sendable {
    /// Name of the source, for messages (the file path, or the bundled dataset's name).
    public let source: String
    public let header: [String]
    /// Data rows; every row has `header.count` cells.
    public let rows: [[String]]

    public init(source: String, header: [String], rows: [[String]]) {
        self.source = source
        self.header = header
        self.rows = rows
    }

    /// Reads a file.
    /// - Throws: ``DataError`` when the file cannot be read, is empty, or a row has the wrong
    ///   number of fields.
    public static func read(path: String, delimiter: Character? = nil) throws -> DelimitedTable {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DataError("\(path): cannot read the file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw DataError("\(path): the file is not text (UTF-8 or Latin-1)")
        }
        let sep = delimiter ?? (path.lowercased().hasSuffix(".tsv") ? "\t" : sniffDelimiter(text))
        return try parse(text: text, source: path, delimiter: sep)
    }

    /// Parses text with a header row.
    public static func parse(text: String, source: String, delimiter: Character) throws -> DelimitedTable {
        guard let scalar = delimiter.unicodeScalars.first, delimiter.unicodeScalars.count == 1 else {
            throw DataError("the delimiter must be a single character; got '\(delimiter)'")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true, delimiter: scalar)
        } catch {
            throw DataError("\(source): cannot parse the header row (\(error))")
        }
        guard let header = reader.headerRow, !(header.count == 1 && header[0].isEmpty) else {
            throw DataError("\(source): the file is empty; expected a header row naming the columns")
        }
        var rows: [[String]] = []
        var rowNumber = 0
        while let row = reader.next() {
            rowNumber += 1
            if row.count == 1 && row[0].isEmpty { continue }  // blank line
            guard row.count == header.count else {
                throw DataError(
                    "\(source): row \(rowNumber) after the header has \(row.count) fields; the header has \(header.count) "
                        + "(delimiter '\(delimiter == "\t" ? "\\t" : String(delimiter))')")
            }
            rows.append(row)
        }
        if let error = reader.error {
            throw DataError("\(source): malformed CSV after row \(rowNumber) (\(error))")
        }
        if let dup = Dictionary(grouping: header, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw DataError("\(source): column name '\(dup)' appears more than once in the header")
        }
        return DelimitedTable(source: source, header: header, rows: rows)
    }

    static func sniffDelimiter(_ text: String) -> Character {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let candidates: [Character] = [",", ";", "\t"]
        let counts = candidates.map { c in firstLine.filter { $0 == c }.count }
        let best = counts.indices.max { counts[$0] < counts[$1] }!
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
