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

    @Test("a row with the wrong number of fields names the row")
    func raggedRow() {
        #expect(throws: DataError.self) {
            try DelimitedTable.parse(text: "a,b\n1,2\n3\n", source: "r.csv", delimiter: ",")
        }
        do {
            _ = try DelimitedTable.parse(text: "a,b\n1,2\n3\n", source: "r.csv", delimiter: ",")
        } catch {
            #expect("\(error)".contains("r.csv") && "\(error)".contains("row 2"))
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
            #expect(s.contains("row 2 (line 3), column 'x': '?' is missing"))
            #expect(s.contains("row 3 (line 4), column 'y': 'abc' is not a finite number"))
            #expect(s.contains("row 4 (line 5), column 'g'"))
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
