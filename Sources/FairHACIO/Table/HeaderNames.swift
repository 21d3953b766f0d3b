/// A header's column names made unique as pandas' `read_csv` makes them, so that a table saved
/// with repeated names (ProPublica's COMPAS file names `priors_count` twice) reads as pandas
/// reads it: the first copy keeps its name, the next ones become `name.1`, `name.2`, ...
///
/// The rule is pandas' own (`pandas.io.common.mangle_dupe_names`, the header mangling of every
/// `read_csv` engine): a renamed copy skips a name the header already has, so `a, a, a.1` reads as
/// `a, a.2, a.1`; a column without a name is `Unnamed: i` (i its 0-based position), renamed after
/// the named ones so that those keep their names.
public struct HeaderNames: Sendable, Equatable {
    /// A name the header repeats, and what its copies are called now.
    public struct Repeated: Sendable, Equatable {
        /// The name as the file writes it.
        public var name: String
        /// The names of its copies, first copy first, and their columns (0-based).
        public var copies: [String]
        public var columns: [Int]
    }

    /// The unique names, one per column.
    public let names: [String]
    /// Every repeated name, in order of its first column; empty when the header has none.
    public let repeated: [Repeated]
    /// The columns without a name (0-based), now `Unnamed: i`.
    public let unnamed: [Int]

    /// - Complexity: O(c) for c columns (expected; more when renamed copies clash in turn).
    public init(_ header: [String]) {
        var names = header.enumerated().map { $1.isEmpty ? "Unnamed: \($0)" : $1 }
        unnamed = header.indices.filter { header[$0].isEmpty }
        // How many columns currently bear each name (pandas' `col in names`).
        var present: [String: Int] = [:]
        for name in names { present[name, default: 0] += 1 }
        var counts: [String: Int] = [:]
        for i in header.indices.filter({ !header[$0].isEmpty }) + unnamed {
            let old = names[i]
            var name = old
            var count = counts[name, default: 0]
            while count > 0 {
                counts[old] = count + 1
                name = "\(old).\(count)"
                count = present[name, default: 0] > 0 ? count + 1 : counts[name, default: 0]
            }
            present[old, default: 0] -= 1
            present[name, default: 0] += 1
            names[i] = name
            counts[name] = count + 1
        }
        self.names = names
        var firstColumn: [String: Int] = [:]
        var copies: [String: [Int]] = [:]
        for (i, name) in header.enumerated() where !name.isEmpty {
            if firstColumn[name] == nil { firstColumn[name] = i }
            copies[name, default: []].append(i)
        }
        repeated = copies.filter { $0.value.count > 1 }
            .sorted { firstColumn[$0.key, default: 0] < firstColumn[$1.key, default: 0] }
            .map { Repeated(name: $0.key, copies: $0.value.map { names[$0] }, columns: $0.value) }
    }

    /// The note that says which names were repeated and what they are called now (none when
    /// nothing is repeated).
    public static func note(_ repeated: [Repeated], source: String) -> [String] {
        guard !repeated.isEmpty else { return [] }
        let each = repeated.map { r in
            "'\(MessageText.escaped(r.name))' \(r.copies.count) times (columns \(Self.positions(r.columns))), read as "
                + r.copies.map { "'\(MessageText.escaped($0))'" }.joined(separator: ", ")
        }
        return ["\(source): the header repeats " + each.joined(separator: "; ") + " (renamed as pandas renames them)"]
    }

    /// The note for columns without a name, or none.
    public static func unnamedNote(_ unnamed: [Int], names: [String], source: String) -> [String] {
        guard !unnamed.isEmpty else { return [] }
        return ["\(source): the header has no name for column\(unnamed.count == 1 ? "" : "s") \(positions(unnamed)), read as "
            + unnamed.map { "'\(MessageText.escaped(names[$0]))'" }.joined(separator: ", ") + " (as pandas names them)"]
    }

    /// "3 and 15", "3, 9 and 15": 1-based column positions, as a spreadsheet counts them.
    static func positions(_ columns: [Int]) -> String {
        let shown = columns.map { "\($0 + 1)" }
        return shown.count <= 1 ? shown.joined() : shown.dropLast().joined(separator: ", ") + " and " + shown[shown.count - 1]
    }

    /// The repeated name `name` is, if any.
    public func repeated(named name: String) -> Repeated? { repeated.first { $0.name == name } }
}

extension DelimitedTable {
    /// The note for a column asked for (`option`: "--features", "--group") by a name the file
    /// repeats: that name is its first copy, as in pandas; the note names the others and says
    /// whether their values differ. `nil` for a name the file has once.
    public func repeatedNameNote(_ name: String, option: String) -> String? {
        guard let r = repeatedNames.first(where: { $0.name == name }) else { return nil }
        let first = r.columns[0]
        let same = r.columns.dropFirst().allSatisfy { c in rows.allSatisfy { $0[c] == $0[first] } }
        let others = r.copies.dropFirst().map { "'\(MessageText.escaped($0))'" }.joined(separator: ", ")
        return "\(option) '\(MessageText.escaped(name))': the header has \(r.copies.count) columns of that name "
            + "(\(HeaderNames.positions(r.columns))); the first is used, as pandas does"
            + (same ? " (the copies hold the same values)" : "; the copies hold different values")
            + ": name \(others) for \(r.copies.count == 2 ? "the other" : "the others")"
    }
}
