import FairHACCore

/// One range of a table's rows read once, on its own thread (``DataPreparation/prepare(_:options:threads:)``'s
/// first pass): every cell of the candidate feature columns as a number, every group cell as its group.
struct ParsedRows {
    let rows: Range<Int>
    /// `values[k][i]`: candidate column `k` at row `rows.lowerBound + i`; NaN when the cell is not a
    /// finite number (``DataPreparation/number(_:)``).
    var values: [[Double]]
    /// Per candidate column: cells that are numbers, and cells that are neither numbers nor missing.
    var numbers: [Int]
    var others: [Int]
    /// Per attribute: each row's group, an index into ``labels`` (or, for a binned column, the bin),
    /// -1 when the cell gives no group.
    var groups: [[Int32]]
    /// Per attribute (not binned): the labels met, in order of first appearance.
    var labels: [[String]]

    init(
        rows: Range<Int>, cell: (Int, Int) -> String, columns: [Int], groupColumns: [Int], specs: [DataOptions.GroupColumn]
    ) {
        self.rows = rows
        numbers = [Int](repeating: 0, count: columns.count)
        others = numbers
        values = columns.indices.map { k in
            var column = [Double]()
            column.reserveCapacity(rows.count)
            return column
        }
        for (k, c) in columns.enumerated() {
            var numbers = 0, others = 0
            for r in rows {
                let text = cell(r, c)
                if let v = DataPreparation.number(text) {
                    values[k].append(v)
                    numbers += 1
                } else {
                    values[k].append(.nan)
                    if !DataPreparation.missingTokens.contains(text) { others += 1 }
                }
            }
            (self.numbers[k], self.others[k]) = (numbers, others)
        }
        groups = []
        labels = []
        for (a, c) in groupColumns.enumerated() {
            var ids = [Int32]()
            ids.reserveCapacity(rows.count)
            var met: [String] = []
            var id: [String: Int32] = [:]
            for r in rows {
                let text = cell(r, c)
                if let bins = specs[a].bins {
                    ids.append(DataPreparation.number(text).flatMap { bins.bin(of: $0) }.map(Int32.init) ?? -1)
                } else if DataPreparation.missingTokens.contains(text) {
                    ids.append(-1)
                } else if let g = id[text] {
                    ids.append(g)
                } else {
                    id[text] = Int32(met.count)
                    ids.append(Int32(met.count))
                    met.append(text)
                }
            }
            groups.append(ids)
            labels.append(met)
        }
    }

    /// Attribute `a`'s groups of the kept rows of every range: named by their labels in sorted
    /// order (``GroupAssignment/init(labels:)``), or by the bins in the bins' order, only those
    /// present among the kept rows.
    static func assignment(_ a: Int, of parts: [ParsedRows], kept: [KeptRows], bins: GroupBins?) throws -> GroupAssignment {
        if let bins {
            var present = [Bool](repeating: false, count: bins.bins.count)
            for part in kept { for g in part.groups[a] { present[Int(g)] = true } }
            let used = bins.bins.indices.filter { present[$0] }
            var id = [Int](repeating: 0, count: bins.bins.count)
            for (i, b) in used.enumerated() { id[b] = i }
            return try GroupAssignment(names: used.map { bins.bins[$0].name }, memberships: kept.flatMap { $0.groups[a].map { id[Int($0)] } })
        }
        var used = Set<String>()
        for (part, rows) in zip(parts, kept) {
            var seen = [Bool](repeating: false, count: part.labels[a].count)
            for g in rows.groups[a] { seen[Int(g)] = true }
            for (g, label) in part.labels[a].enumerated() where seen[g] { used.insert(label) }
        }
        let names = used.sorted()
        let global = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var memberships: [Int] = []
        memberships.reserveCapacity(kept.reduce(0) { $0 + $1.rows.count })
        for (part, rows) in zip(parts, kept) {
            let map = part.labels[a].map { global[$0] ?? 0 }
            memberships.append(contentsOf: rows.groups[a].map { map[Int($0)] })
        }
        return try GroupAssignment(names: names, memberships: memberships)
    }
}

/// The rows of one ``ParsedRows`` range whose chosen feature cells and group cells are all valid
/// (the second pass), with the range's first problems in row order.
struct KeptRows {
    /// A cell that made its row bad.
    struct Problem {
        var row: Int
        /// The candidate feature column (a position in the candidates), when not a group cell.
        var feature: Int
        /// The attribute, for a group cell.
        var group: Int?
        var cell: String
        var why: String
    }

    var rows: [Int] = []
    /// The chosen features of the kept rows, row-major.
    var values: [Double] = []
    /// Per attribute: the kept rows' groups (as in ``ParsedRows/groups``).
    var groups: [[Int32]]
    var badRows = 0
    var problems: [Problem] = []
    /// Per chosen feature (in the order of `chosen`): its bad cells, and the missing ones among them.
    var featureBad: [Int]
    var featureMissing: [Int]
    /// Per attribute: cells that gave no group, the missing ones among them, and (binned) cells
    /// that were numbers in a bin.
    var groupBad: [Int]
    var groupMissing: [Int]
    var groupNumbers: [Int]

    init(
        _ part: ParsedRows, chosen: [Int], problemsWanted: Int, featureCell: (Int, Int) -> String, groupCell: (Int, Int) -> String,
        bins: [GroupBins?]
    ) {
        groups = part.groups.map { _ in [] }
        featureBad = [Int](repeating: 0, count: chosen.count)
        featureMissing = featureBad
        groupBad = [Int](repeating: 0, count: part.groups.count)
        groupMissing = groupBad
        groupNumbers = groupBad
        values.reserveCapacity(part.rows.count * chosen.count)
        rows.reserveCapacity(part.rows.count)
        for (i, r) in part.rows.enumerated() {
            var bad = false
            for (position, k) in chosen.enumerated() where part.values[k][i].isNaN {
                bad = true
                let text = featureCell(r, k)
                let missing = DataPreparation.missingTokens.contains(text)
                featureBad[position] += 1
                if missing { featureMissing[position] += 1 }
                if problems.count < problemsWanted {
                    let why = missing ? "missing" : DataPreparation.notANumber(text)
                    problems.append(Problem(row: r, feature: k, group: nil, cell: text, why: why))
                }
            }
            for a in part.groups.indices {
                guard part.groups[a][i] < 0 else {
                    if bins[a] != nil { groupNumbers[a] += 1 }
                    continue
                }
                bad = true
                let text = groupCell(r, a)
                groupBad[a] += 1
                if DataPreparation.missingTokens.contains(text) { groupMissing[a] += 1 }
                if problems.count < problemsWanted {
                    let why =
                        bins[a] == nil
                        ? "missing group"
                        : DataPreparation.number(text) == nil ? "not a number, so it cannot be binned" : "in none of the --group-bins"
                    problems.append(Problem(row: r, feature: 0, group: a, cell: text, why: why))
                }
            }
            if bad {
                badRows += 1
                continue
            }
            rows.append(r)
            for k in chosen { values.append(part.values[k][i]) }
            for a in part.groups.indices { groups[a].append(part.groups[a][i]) }
        }
    }
}
