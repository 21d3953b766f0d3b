import FairHACCore
import Testing

@testable import FairHACIO

/// Issue 31: a table as it comes (ProPublica's COMPAS file names `priors_count` twice) is read
/// as pandas reads it, and bad cells are named with their counts per column.
@Suite("Tables as they come")
struct TablesAsTheyComeTests {
    /// The expected names are pandas' `read_csv` columns for these headers (pandas 3.1,
    /// `mangle_dupe_names`), also checked by python/tests/test_tables.py against pandas itself.
    @Test("repeated header names are renamed as pandas renames them", arguments: [
        (["a", "a"], ["a", "a.1"]),
        (["a", "a", "a"], ["a", "a.1", "a.2"]),
        (["a", "a", "a.1"], ["a", "a.2", "a.1"]),
        (["a", "a.1", "a"], ["a", "a.1", "a.2"]),
        (["x", "x.1", "x", "x"], ["x", "x.1", "x.2", "x.3"]),
        (["a", "a", "b", "a.1", "b", "a"], ["a", "a.2", "b", "a.1", "b.1", "a.3"]),
        (["", "a", "", "a"], ["Unnamed: 0", "a", "Unnamed: 2", "a.1"]),
        (["a", "", "a", "Unnamed: 1"], ["a", "Unnamed: 1.1", "a.1", "Unnamed: 1"]),
        (["a", "b", "c"], ["a", "b", "c"]),
    ])
    func pandasRenaming(header: [String], expected: [String]) {
        let names = HeaderNames(header)
        #expect(names.names == expected)
        #expect(Set(names.names).count == header.count)
        #expect(names.repeated.isEmpty == (Set(header.filter { !$0.isEmpty }).count == header.filter { !$0.isEmpty }.count))
        #expect(names.unnamed == header.indices.filter { header[$0].isEmpty })
    }

    @Test("a header with a repeated name is read, with a note naming the copies")
    func repeatedHeaderIsRead() throws {
        let text = "id,priors_count,age,priors_count,sex\n1,3,25,3,M\n2,0,51,0,F\n3,7,33,7,M\n"
        let t = try DelimitedTable.parse(text: text, source: "compas.csv", delimiter: ",")
        #expect(t.header == ["id", "priors_count", "age", "priors_count.1", "sex"])
        #expect(t.repeatedNames == [.init(name: "priors_count", copies: ["priors_count", "priors_count.1"], columns: [1, 3])])
        // Other columns: no question asked beyond the note.
        let p = try DataPreparation.prepare(t, options: DataOptions(features: ["age"], group: "sex", scaling: .none))
        #expect(p.featureNames == ["age"])
        #expect(p.notes == [
            "compas.csv: the header repeats 'priors_count' 2 times (columns 2 and 4), read as 'priors_count', 'priors_count.1' "
                + "(renamed as pandas renames them)",
        ])
        // The renamed copy by its new name.
        let q = try DataPreparation.prepare(t, options: DataOptions(features: ["priors_count.1", "age"], scaling: .none))
        #expect(q.featureNames == ["priors_count.1", "age"])
        #expect(q.observations.values == [3, 25, 0, 51, 7, 33])
    }

    @Test("asking for a repeated name takes the first copy, as pandas does, and says which copies exist")
    func ambiguousName() throws {
        let same = try DelimitedTable.parse(text: "p,a,p\n1,2,1\n4,5,4\n", source: "s.csv", delimiter: ",")
        let p = try DataPreparation.prepare(same, options: DataOptions(features: ["p"], scaling: .none))
        #expect(p.observations.values == [1, 4])
        let note = try #require(p.notes.last)
        #expect(note.contains("--features 'p': the header has 2 columns of that name (1 and 3)"), "\(note)")
        #expect(note.contains("the first is used, as pandas does (the copies hold the same values)") && note.contains("name 'p.1' for the other"))

        let differ = try DelimitedTable.parse(text: "g,x,g,g\nm,1,a,b\nf,2,c,d\n", source: "d.csv", delimiter: ",")
        let q = try DataPreparation.prepare(differ, options: DataOptions(features: ["x"], group: "g", scaling: .none))
        #expect(q.groups?.names == ["f", "m"])
        let groupNote = try #require(q.notes.first { $0.hasPrefix("--group") })
        #expect(groupNote.contains("3 columns of that name (1, 3 and 4)") && groupNote.contains("the copies hold different values"))
        #expect(groupNote.contains("name 'g.1', 'g.2' for the others"), "\(groupNote)")
    }

    @Test("bad cells: counts per column, a text column called so, the first cells with row and value")
    func badCellsPerColumn() throws {
        let text = "age,sex,priors\n25,M,3\n?,F,NA\n40,F,x\n33,M,2\n"
        let t = try DelimitedTable.parse(text: text, source: "p.csv", delimiter: ",")
        do {
            _ = try DataPreparation.prepare(t, options: DataOptions(features: ["age", "sex", "priors"], scaling: .none))
            Issue.record("expected an error")
        } catch let e as DataError {
            let s = e.description
            #expect(s.hasPrefix("p.csv: 4 rows with missing or invalid values in the selected columns"), "\(s)")
            #expect(s.contains("column 'age': 1 missing"))
            #expect(s.contains("column 'sex': 4 invalid (a text column: no cell is a number; a protected attribute goes in --group)"))
            #expect(s.contains("column 'priors': 1 missing, 1 invalid"))
            #expect(s.contains("first: line 2 (data row 0), column 'sex': 'M' is not a finite number"))
            #expect(s.hasSuffix("Fix the file, choose other --features, or pass --drop-missing to drop these rows."))
        }
    }

    @Test("the shared message reads the same for Python's words")
    func pythonWording() {
        let cells = InvalidCells(
            source: "X", rows: 2, columns: [.init(name: "age", count: 2, missing: 2, text: false)],
            first: [.init(position: "row 3", column: "age", value: "NaN", why: "missing")], dropOption: "drop_missing=True",
            fix: "the data", otherColumns: "choose other columns", groupOption: "groups=")
        #expect(cells.message == "X: 2 rows with missing or invalid values in the selected columns (column 'age': 2 missing); "
            + "first: row 3, column 'age': 'NaN' is missing. Fix the data, choose other columns, or pass drop_missing=True to drop these rows.")
    }

    @Test("scaling keeps the map back to the file's units")
    func featureUnits() throws {
        let x = try Observations(rows: [[1, 1e300, 5], [3, -1e300, 5], [8, 0, 5]])
        let (z, constant, units) = x.scaledWithUnits(.zscore)
        #expect(constant == [2])
        for i in 0..<3 {
            for j in 0..<3 {
                let back = units.inputValue(z.values[i * 3 + j], feature: j)
                #expect(abs(back - x.values[i * 3 + j]) <= 1e-12 * max(1, abs(x.values[i * 3 + j])), "row \(i), feature \(j)")
            }
        }
        #expect(x.scaledWithUnits(.none).units == .identity(dimension: 3))
    }
}
