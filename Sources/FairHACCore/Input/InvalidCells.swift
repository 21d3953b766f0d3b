/// Rows that cannot be clustered as they are, and the one message that says so: which columns
/// hold how many missing or invalid cells, the first few with their row and value, and the ways
/// out. The CLI (a file, `--drop-missing`) and the Python package (an array or a DataFrame,
/// `drop_missing=True`, through the C ABI) word it the same.
public struct InvalidCells: Sendable, Equatable, Codable {
    /// Cells read as missing: the CLI's, and Python reads a table's text cells the same way.
    public static let missingTokens: Set<String> = ["", "?", "NA", "N/A", "NaN", "nan", "null", "NULL"]

    /// One bad cell.
    public struct Cell: Sendable, Equatable, Codable {
        /// Where it is: "line 5 (data row 3)" in a file, "row 3" in an array.
        public var position: String
        public var column: String
        public var value: String
        /// "missing", "not a finite number", ...
        public var why: String

        public init(position: String, column: String, value: String, why: String) {
            self.position = position
            self.column = column
            self.value = value
            self.why = why
        }
    }

    /// A column with bad cells: how many, and whether it holds no number at all (a text column).
    public struct Column: Sendable, Equatable, Codable {
        public var name: String
        public var count: Int
        public var missing: Int
        public var text: Bool

        public init(name: String, count: Int, missing: Int, text: Bool) {
            self.name = name
            self.count = count
            self.missing = missing
            self.text = text
        }
    }

    /// The file, or "X" / "groups".
    public var source: String
    /// Rows with at least one bad cell.
    public var rows: Int
    public var columns: [Column]
    /// The first few bad cells (at most ``shownCells``).
    public var first: [Cell]
    /// How the reader drops such rows: "--drop-missing" or "drop_missing=True".
    public var dropOption: String
    /// The front end's words: what to fix ("the file", "the data"), how to pick other columns
    /// ("choose other --features"), where a protected attribute goes ("--group", "groups=").
    public var fix: String
    public var otherColumns: String
    public var groupOption: String

    public static let shownCells = 5

    public init(
        source: String, rows: Int, columns: [Column], first: [Cell], dropOption: String, fix: String, otherColumns: String,
        groupOption: String
    ) {
        self.source = source
        self.rows = rows
        self.columns = columns
        self.first = first
        self.dropOption = dropOption
        self.fix = fix
        self.otherColumns = otherColumns
        self.groupOption = groupOption
    }

    /// The CLI's words for a file.
    public static func commandLine(source: String, rows: Int, columns: [Column], first: [Cell]) -> InvalidCells {
        InvalidCells(
            source: source, rows: rows, columns: columns, first: first, dropOption: "--drop-missing", fix: "the file",
            otherColumns: "choose other --features", groupOption: "--group")
    }

    /// "data.csv: 3 rows with missing or invalid values in the selected columns (column 'age': 2 missing; column 'sex':
    /// 7214 invalid (a text column: ...)); first: line 3 (data row 1), column 'age': '?' is missing; ... Fix the file, ..."
    public var message: String {
        let list = first.prefix(Self.shownCells).map {
            "\($0.position), column '\(DataText.escaped($0.column))': '\(DataText.escaped($0.value, limit: 40))' is \($0.why)"
        }
        let perColumn = columns.map { c -> String in
            var parts: [String] = []
            if c.missing > 0 { parts.append("\(c.missing) missing") }
            if c.count > c.missing { parts.append("\(c.count - c.missing) invalid") }
            return "column '\(DataText.escaped(c.name))': " + parts.joined(separator: ", ")
                + (c.text ? " (a text column: no cell is a number; a protected attribute goes in \(groupOption))" : "")
        }
        return "\(source): \(rows) row\(rows == 1 ? "" : "s") with missing or invalid values in the selected columns"
            + (perColumn.isEmpty ? "" : " (" + perColumn.joined(separator: "; ") + ")")
            + "; first: " + list.joined(separator: "; ")
            + ". Fix \(fix), \(otherColumns), or pass \(dropOption) to drop these rows."
    }
}
