import FairHACCore
import Foundation
import Testing

@testable import FairHACIO

@Suite("Reading and preparing tables")
struct DataPreparationTests {
    @Test("quoted fields, semicolons and a sniffed delimiter")
    func parsing() throws {
        let t = try DelimitedTable.parse(
            text: "\"name\";\"x\";\"y\"\n\"a;b\";1;2\n\"c \"\"q\"\"\";3;4\n", source: "t.csv", delimiter: ";")
        #expect(t.header == ["name", "x", "y"])
        #expect(t.rows == [["a;b", "1", "2"], ["c \"q\"", "3", "4"]])
        #expect(DelimitedTable.sniffDelimiter("a;b;c\n1;2;3") == ";")
        #expect(DelimitedTable.sniffDelimiter("a\tb\n") == "\t")
        #expect(DelimitedTable.sniffDelimiter("a,b\n") == ",")
    }

    /// Text without quotes is trimmed by FairHAC (fast), text with quotes by CSV.swift: the same
    /// cells either way, for spaces, tabs, no-break and other Unicode spaces, and a tab delimiter
    /// (never trimmed away).
    @Test("fields trimmed without quotes exactly as CSV.swift trims them with quotes")
    func trimmingWithoutQuotes() throws {
        for delimiter: Character in [",", ";", "\t"] {
            let d = String(delimiter)
            // A tab inside a field would be a delimiter in a tab-separated file.
            let tab = delimiter == "\t" ? " " : "\t"
            let rows = [["  a", "b" + tab, "\u{00A0}c\u{2003}"], [" 1.5 ", tab + "2", "x y"], ["", " ", "\u{3000}z"]]
            let plain = ["h1", " h2", "h3 "].joined(separator: d) + "\n" + rows.map { $0.joined(separator: d) }.joined(separator: "\n")
            let withQuote = plain + "\n\"q\"" + d + "r" + d + "s"
            let fast = try DelimitedTable.parse(text: plain, source: "t", delimiter: delimiter)
            let reference = try DelimitedTable.parse(text: withQuote, source: "t", delimiter: delimiter)
            #expect(fast.header == ["h1", "h2", "h3"])
            #expect(fast.header == reference.header)
            #expect(fast.rows == Array(reference.rows.prefix(3)), "delimiter \(delimiter == "\t" ? "tab" : d)")
            #expect(fast.rows[0][0] == "a" && fast.rows[1][0] == "1.5" && fast.rows[2][2] == "z")
        }
    }

    @Test("a row with the wrong number of fields names the row")
    func raggedRow() {
        #expect(throws: DataError.self) {
            try DelimitedTable.parse(text: "a,b\n1,2\n3\n", source: "r.csv", delimiter: ",")
        }
        do {
            _ = try DelimitedTable.parse(text: "a,b\n1,2\n3\n", source: "r.csv", delimiter: ",")
        } catch {
            #expect("\(error)".contains("r.csv") && "\(error)".contains("line 3 (data row 1)"))
        }
    }

    @Test("default features are the numeric columns except the group")
    func defaultFeatures() throws {
        let t = try DelimitedTable.parse(text: "id,x,g,y\n1,0.5,m,2\n2,1.5,f,4\n3,2.5,m,6\n", source: "d.csv", delimiter: ",")
        let p = try DataPreparation.prepare(t, options: DataOptions(group: "g", scaling: .none))
        #expect(p.featureNames == ["id", "x", "y"])
        #expect(p.groups?.names == ["f", "m"] && p.groups?.memberships == [1, 0, 1])
        #expect(p.observations.values == [1, 0.5, 2, 2, 1.5, 4, 3, 2.5, 6])
        let q = try DataPreparation.prepare(t, options: DataOptions(features: ["y"], scaling: .none))
        #expect(q.nonNumericColumns.isEmpty && q.featureNames == ["y"])
        let all = try DataPreparation.prepare(t, options: DataOptions(scaling: .none))
        #expect(all.nonNumericColumns == ["g"])
    }

    @Test("missing and invalid cells: an error naming file, row and column, or dropped on request")
    func missingCells() throws {
        let t = try DelimitedTable.parse(text: "x,y,g\n1,2,a\n?,3,b\n4,abc,a\n5,6,\n7,8,b\n", source: "m.csv", delimiter: ",")
        do {
            _ = try DataPreparation.prepare(t, options: DataOptions(group: "g"))
            Issue.record("expected an error")
        } catch let e as DataError {
            let s = e.description
            #expect(s.contains("m.csv") && s.contains("3 rows"))
            #expect(s.contains("line 3 (data row 1), column 'x': '?' is missing"))
            #expect(s.contains("line 4 (data row 2), column 'y': 'abc' is not a finite number"))
            #expect(s.contains("line 5 (data row 3), column 'g'"))
            #expect(s.contains("--drop-missing"))
        }
        let p = try DataPreparation.prepare(t, options: DataOptions(group: "g", scaling: .none, dropMissing: true))
        #expect(p.droppedRows == 3 && p.rowIndices == [0, 4] && p.totalRows == 5)
        #expect(p.observations.values == [1, 2, 7, 8])
    }

    @Test("unknown columns, empty files and bad samples")
    func otherErrors() throws {
        let t = try DelimitedTable.parse(text: "x,y\n1,2\n3,4\n", source: "o.csv", delimiter: ",")
        #expect(throws: DataError.self) { try DataPreparation.prepare(t, options: DataOptions(features: ["z"])) }
        #expect(throws: DataError.self) { try DataPreparation.prepare(t, options: DataOptions(group: "nope")) }
        #expect(throws: DataError.self) { try DataPreparation.prepare(t, options: DataOptions(features: ["x"], group: "x")) }
        #expect(throws: DataError.self) { try DataPreparation.prepare(t, options: DataOptions(sample: 3)) }
        #expect(throws: DataError.self) { try DelimitedTable.parse(text: "", source: "e.csv", delimiter: ",") }
        #expect(throws: DataError.self) { try DelimitedTable.read(path: "/nonexistent/file.csv") }
    }

    @Test("group bins bucket a numeric column; unmatched values are errors")
    func groupBins() throws {
        let bins = try GroupBins(parsing: "<=1,2,3,>=4")
        #expect([0.0, 1, 2, 3, 4, 6].map { bins.bin(of: $0) } == [0, 0, 1, 2, 3, 3])
        #expect(bins.bin(of: 2.5) == nil)
        let named = try GroupBins(parsing: "young=<30,mid=30..49.5,old=>=50")
        #expect(named.bins.map(\.name) == ["young", "mid", "old"] && named.bin(of: 49.5) == 1)
        #expect(throws: DataError.self) { try GroupBins(parsing: "<=1") }
        #expect(throws: DataError.self) { try GroupBins(parsing: "<=x,2") }
        #expect(throws: DataError.self) { try GroupBins(parsing: "a=1,a=2") }
        let t = try DelimitedTable.parse(text: "x,e\n1,1\n2,2.5\n", source: "b.csv", delimiter: ",")
        #expect(throws: DataError.self) {
            try DataPreparation.prepare(t, options: DataOptions(features: ["x"], group: "e", groupBins: bins))
        }
    }

    @Test("subsampling is seeded and keeps input order; scaling uses the sample")
    func sampling() throws {
        let text = "x\n" + (0..<50).map { "\($0)" }.joined(separator: "\n") + "\n"
        let t = try DelimitedTable.parse(text: text, source: "s.csv", delimiter: ",")
        let a = try DataPreparation.prepare(t, options: DataOptions(sample: 10, seed: 3))
        let b = try DataPreparation.prepare(t, options: DataOptions(sample: 10, seed: 3))
        #expect(a.rowIndices == b.rowIndices && a.rowIndices == a.rowIndices.sorted() && a.rowIndices.count == 10)
        let mean = a.observations.values.reduce(0, +) / 10
        #expect(abs(mean) < 1e-12)
    }
}

@Suite("Bundled datasets")
struct BundledDatasetTests {
    @Test("census: the paper's features, sex groups with the published counts")
    func census() throws {
        let p = try DataPreparation.prepare(try BundledDataset.census.table(), options: BundledDataset.census.options())
        #expect(p.observations.count == 32_561 && p.observations.dimension == 5)
        #expect(p.groups?.names == ["Female", "Male"] && p.groups?.counts == [10_771, 21_790])
    }

    @Test("creditcard: education bucketed into four groups")
    func creditcard() throws {
        let d = BundledDataset.creditcard
        let p = try DataPreparation.prepare(try d.table(), options: d.options())
        #expect(p.observations.dimension == 14)
        #expect(p.groups?.names == ["graduate school", "university", "high school", "others"])
        // EDUCATION 0:14 + 1:10,585 | 2:14,030 | 3:4,917 | 4:123 + 5:280 + 6:51
        #expect(p.groups?.counts == [10_599, 14_030, 4_917, 454])
    }

    @Test("bank: marital groups, semicolon file")
    func bank() throws {
        let d = BundledDataset.bank
        let p = try DataPreparation.prepare(try d.table(), options: d.options(sample: 1000, seed: 1))
        #expect(p.observations.count == 1000 && p.featureNames == ["age", "balance", "duration"])
        let full = try DataPreparation.prepare(try d.table(), options: d.options())
        #expect(full.groups?.names == ["divorced", "married", "single"] && full.groups?.counts == [528, 2_797, 1_196])
    }
}

@Suite("Hostile files and options")
struct HostileFileTests {
    func write(_ data: Data, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fairhac-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("sizes that do not fit an Int are refused, not trapped on")
    func sizes() {
        for text in ["inf", "INF", "nan", "1e30", "99999999999T", "-1", "0", "0.5", "", "T", "1e19", String(repeating: "9", count: 30)] {
            #expect(SystemMemory.parseSize(text) == nil, "\(text)")
        }
        #expect(SystemMemory.parseSize("8G") == 8 << 30)
        #expect(SystemMemory.parseSize("1.5GiB") == 3 << 29)
        #expect(SystemMemory.parseSize("4194304T") == 1 << 62)
        #expect(SystemMemory.parseSize("4194305T") == nil)
    }

    @Test("a directory, an empty, blank, header-only, UTF-16 or binary file each get their own message")
    func badFiles() throws {
        let dir = FileManager.default.temporaryDirectory.path
        #expect(message { _ = try DelimitedTable.read(path: dir) }.contains("is a directory"))
        #expect(message { _ = try DelimitedTable.read(path: "/dev/null") }.contains("/dev/null: is a device"))
        #expect(message { _ = try DelimitedTable.read(path: try write(Data(), "e.csv")) }.hasSuffix("e.csv: the file is empty"))
        #expect(message { _ = try DelimitedTable.read(path: try write(Data("\n\n  \n".utf8), "b.csv")) }.contains("only blank lines"))
        let text = "a,b\n1,2\n3,4\n"
        let utf16 = try write(text.data(using: .utf16)!, "u16.csv")
        #expect(message { _ = try DelimitedTable.read(path: utf16) }.contains("UTF-16"))
        let utf16NoMark = try write(text.data(using: .utf16LittleEndian)!, "u16le.csv")
        #expect(message { _ = try DelimitedTable.read(path: utf16NoMark) }.contains("UTF-16"))
        #expect(message { _ = try DelimitedTable.read(path: try write(Data([0x61, 0, 0x62, 0x2C, 0x0A, 0x31, 0x2C]), "z.csv")) }
            .contains("not text"))
        #expect(message { _ = try DelimitedTable.read(path: "/nonexistent/x.csv") }.contains("no such file"))
        // A UTF-8 byte-order mark is not part of the first column's name.
        let bom = try DelimitedTable.read(path: try write(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), "bom.csv"))
        #expect(bom.header == ["a", "b"])
        let headerOnly = try DelimitedTable.parse(text: "a,b\n", source: "h.csv", delimiter: ",")
        #expect(message { _ = try DataPreparation.prepare(headerOnly, options: DataOptions()) }.contains("header row but no data rows"))
    }

    @Test("errors give the file line, counting quoted line breaks, and the 0-based data row; cells are escaped")
    func linesAndEscapes() throws {
        let text = "name,x\n\"two\nlines\",1\n\n\"three\n\nlines\",2\nbad,\u{1B}[31m\n"
        let table = try DelimitedTable.parse(text: text, source: "q.csv", delimiter: ",")
        #expect(table.lines == [2, 5, 8])
        let s = message { _ = try DataPreparation.prepare(table, options: DataOptions(features: ["x"])) }
        #expect(s.contains("line 8 (data row 2), column 'x': '\\u{1B}[31m' is not a finite number"), "\(s)")
        #expect(!s.contains("\n") && !s.contains("\u{1B}"))
        #expect(MessageText.escaped("a\nb\tc\r\u{7}\u{202E}") == "a\\nb\\tc\\r\\u{7}\\u{202E}")
        #expect(MessageText.escaped(String(repeating: "x", count: 500), limit: 10) == "xxxxxxxxxx…")
    }

    @Test("values whose distances would overflow name the column; a 1e308 column is z-scored")
    func hugeValues() throws {
        let table = try DelimitedTable.parse(text: "a,big\n1,1e157\n2,-1e157\n3,0\n", source: "h.csv", delimiter: ",")
        let s = message { _ = try DataPreparation.prepare(table, options: DataOptions(scaling: .none)) }
        #expect(s.contains("h.csv: column 'big' spans -1e+157 to 1e+157 (--scale none)") && s.contains("--scale zscore"), "\(s)")
        let zscored = try DataPreparation.prepare(table, options: DataOptions())
        #expect(zscored.observations.values.allSatisfy { $0.isFinite })
        let sums = try DelimitedTable.parse(text: "a,g\n1e308,M\n1e308,F\n1,M\n", source: "s.csv", delimiter: ",")
        let prepared = try DataPreparation.prepare(sums, options: DataOptions(group: "g"))
        #expect(prepared.observations.values.allSatisfy { $0.isFinite })
    }

    @Test("--features naming a column twice, or an empty name, is refused")
    func duplicateFeatures() throws {
        let table = try DelimitedTable.parse(text: "a,b\n1,2\n3,4\n", source: "d.csv", delimiter: ",")
        #expect(message { _ = try DataPreparation.prepare(table, options: DataOptions(features: ["a", "a"])) }.contains("'a' more than once"))
        #expect(message { _ = try DataPreparation.prepare(table, options: DataOptions(features: ["a", ""])) }.contains("name 2 is empty"))
    }
}

@Suite("Bundled datasets' fixed bins")
struct BundledBinsTests {
    @Test("the bins built in code equal their documented text, parsed")
    func binsEqualTheirText() throws {
        #expect(BundledDataset.educationBins == (try GroupBins(parsing: "graduate school=<=1,university=2,high school=3,others=>=4")))
        #expect(BundledDataset.sexBins == (try GroupBins(parsing: "male=1,female=2")))
        #expect(BundledDataset.ageBins == (try GroupBins(parsing: "under 30=<30,30-44=30..44,45-59=45..59,60 and over=>=60")))
    }
}
