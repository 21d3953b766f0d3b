import FairHACCore

/// Turns a table into observations and groups, or says precisely what is wrong with it.
public enum DataPreparation {
    /// Cells read as missing in any column.
    public static var missingTokens: Set<String> { InvalidCells.missingTokens }

    /// Prepares `table` under `options`: select columns, check every cell, drop or report bad
    /// rows, subsample, then scale (scaling statistics come from the rows actually clustered).
    /// The cells are read on `threads` threads, each a range of rows; the result and every
    /// message are those of one pass in row order.
    public static func prepare(_ table: DelimitedTable, options: DataOptions, threads: Int = Parallelism.availableCores) throws -> PreparedData {
        guard table.rowCount > 0 else {
            throw DataError("\(table.source): the file has a header row but no data rows")
        }
        let groupSpecs = options.groupColumns
        if let twice = groupSpecs.first(where: { g in groupSpecs.filter { $0.name == g.name }.count > 1 }) {
            throw DataError("--group names '\(MessageText.escaped(twice.name))' more than once; name each column once")
        }
        let groupColumnIndices = try groupSpecs.map { try table.column(named: $0.name) }
        var notes = HeaderNames.note(table.repeatedNames, source: table.source)
            + HeaderNames.unnamedNote(table.unnamedColumns, names: table.header, source: table.source)
        notes += groupSpecs.compactMap { table.repeatedNameNote($0.name, option: "--group") }
        var given: [Int]?
        if let names = options.features {
            guard !names.isEmpty else { throw DataError("--features is empty") }
            if let empty = names.firstIndex(of: "") {
                throw DataError("--features: name \(empty + 1) is empty (two commas in a row, or a trailing comma?)")
            }
            if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
                throw DataError("--features names '\(MessageText.escaped(twice))' more than once; name each column once")
            }
            let columns = try names.map { try table.column(named: $0) }
            notes += names.compactMap { table.repeatedNameNote($0, option: "--features") }
            if let g = groupColumnIndices.first(where: { columns.contains($0) }) {
                throw DataError("\(table.source): column '\(table.header[g])' is both a feature and a group column")
            }
            given = columns
        }
        // Every cell of the candidate feature columns read as a number once (NaN: not one), and
        // every group cell as its group, one range of rows per thread.
        let candidates = given ?? table.header.indices.filter { !groupColumnIndices.contains($0) }
        let parts = table.readColumns(threads) { rows, cell in
            ParsedRows(rows: rows, cell: cell, columns: candidates, groupColumns: groupColumnIndices, specs: groupSpecs)
        }
        // A column is numeric when at least half of its non-missing cells are numbers.
        var nonNumeric: [String] = []
        let chosen: [Int]  // positions in `candidates`
        if given != nil {
            chosen = Array(candidates.indices)
        } else {
            var picked: [Int] = []
            for k in candidates.indices {
                let numbers = parts.reduce(0) { $0 + $1.numbers[k] }, others = parts.reduce(0) { $0 + $1.others[k] }
                if numbers > 0 && numbers >= others { picked.append(k) } else { nonNumeric.append(table.header[candidates[k]]) }
            }
            guard !picked.isEmpty else {
                throw DataError("\(table.source): no numeric column to use as a feature; name them with --features")
            }
            chosen = picked
        }
        let featureColumns = chosen.map { candidates[$0] }

        // The rows whose chosen cells are all valid, and the first problems in row order.
        let d = chosen.count
        let bins = groupSpecs.map(\.bins)
        let kept = parts.map { part in
            KeptRows(
                part, chosen: chosen, problemsWanted: 5, featureCell: { r, k in table.cell(r, candidates[k]) },
                groupCell: { r, a in table.cell(r, groupColumnIndices[a]) }, bins: bins)
        }
        let badRows = kept.reduce(0) { $0 + $1.badRows }
        if badRows > 0 && !options.dropMissing {
            // Per column: bad cells, missing ones among them, and whether any cell was a number.
            var columns: [InvalidCells.Column] = []
            for (position, k) in chosen.enumerated() {
                let count = kept.reduce(0) { $0 + $1.featureBad[position] }
                guard count > 0 else { continue }
                let missing = kept.reduce(0) { $0 + $1.featureMissing[position] }
                let numbers = parts.reduce(0) { $0 + $1.numbers[k] }
                columns.append(.init(name: table.header[candidates[k]], count: count, missing: missing, text: numbers == 0 && count > missing))
            }
            for a in groupSpecs.indices {
                let count = kept.reduce(0) { $0 + $1.groupBad[a] }
                guard count > 0 else { continue }
                let missing = kept.reduce(0) { $0 + $1.groupMissing[a] }
                let numbers = groupSpecs[a].bins == nil ? 0 : kept.reduce(0) { $0 + $1.groupNumbers[a] }
                columns.append(.init(name: table.header[groupColumnIndices[a]], count: count, missing: missing, text: numbers == 0 && count > missing))
            }
            // Columns in the table's order, as one pass over the rows would list them.
            let order = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            columns.sort { (order[$0.name] ?? 0) < (order[$1.name] ?? 0) }
            let cells = kept.flatMap(\.problems).prefix(5).map { p in
                InvalidCells.Cell(
                    position: table.position(ofRow: p.row),
                    column: p.group.map { table.header[groupColumnIndices[$0]] } ?? table.header[candidates[p.feature]], value: p.cell, why: p.why)
            }
            throw DataError(InvalidCells.commandLine(source: table.source, rows: badRows, columns: columns, first: Array(cells)).message)
        }
        let rowIndices = kept.flatMap(\.rows)
        guard !rowIndices.isEmpty else { throw DataError("\(table.source): no rows left to cluster") }
        var values = [Double]()
        values.reserveCapacity(rowIndices.count * d)
        for part in kept { values.append(contentsOf: part.values) }
        let observations = try Observations(count: rowIndices.count, dimension: d, values: values)
        var groups: [GroupAssignment] = []
        for (a, spec) in groupSpecs.enumerated() {
            groups.append(try ParsedRows.assignment(a, of: parts, kept: kept, bins: spec.bins))
        }
        return try finish(
            source: table.source, observations: observations, featureNames: featureColumns.map { table.header[$0] }, groups: groups,
            attributeNames: groupSpecs.map(\.name), rowIndices: rowIndices, totalRows: table.rowCount, droppedRows: badRows,
            nonNumericColumns: nonNumeric, notes: notes, options: options)
    }

    /// Features already read (a `.npy` file, or a table's parsed columns) made ready: the
    /// subsample (`options.sample`, seeded), the scaling (statistics of the rows clustered), and
    /// the check that no distance can overflow, naming the feature.
    public static func finish(
        source: String, observations: Observations, featureNames: [String], groups: [GroupAssignment], attributeNames: [String],
        rowIndices: [Int], totalRows: Int, droppedRows: Int, nonNumericColumns: [String], notes: [String] = [], options: DataOptions
    ) throws -> PreparedData {
        var observations = observations, groups = groups, kept = rowIndices
        if let n = options.sample {
            guard n >= 2 else { throw DataError("--sample must be at least 2; got \(n)") }
            guard n <= kept.count else {
                throw DataError("\(source): --sample \(n) is larger than the \(kept.count) rows available")
            }
            let pick = Subsample.indices(population: kept.count, size: n, seed: options.seed)
            observations = observations.selecting(rows: pick)
            groups = groups.map { $0.selecting(rows: pick) }
            kept = pick.map { kept[$0] }
        }
        let (scaled, constant, units) = observations.scaledWithUnits(options.scaling)
        do {
            try scaled.checkDistanceRange()
        } catch let ClusteringError.featureOutOfRange(feature, low, high, limit) {
            throw DataError(
                "\(source): column '\(featureNames[feature])' spans \(low) to \(high)"
                    + (options.scaling == .none ? " (--scale none)" : "")
                    + ": distances between rows would overflow (FairHAC takes feature ranges adding up to at most \(limit)); "
                    + (options.scaling == .none ? "use --scale zscore or rescale the column" : "rescale the column"))
        }
        return PreparedData(
            source: source, observations: scaled, featureNames: featureNames,
            attributeGroups: groups, attributeNames: attributeNames, rowIndices: kept, totalRows: totalRows, droppedRows: droppedRows,
            nonNumericColumns: nonNumericColumns, constantFeatures: constant.map { featureNames[$0] }, featureUnits: units, notes: notes)
    }

    /// A cell read as a number: decimal notation (`12`, `-1.5`, `1e-3`), finite. Hexadecimal
    /// (`0x1p3`, which Swift's `Double` would read) is not a number here, as in pandas and
    /// numpy: in data it is an identifier far more often than a float.
    public static func number(_ cell: String) -> Double? {
        guard !cell.utf8.contains(where: { $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") }), let v = Double(cell), v.isFinite
        else { return nil }
        return v
    }

    /// Why a cell that is not missing is not a number, for messages.
    static func notANumber(_ cell: String) -> String {
        cell.lowercased().contains("0x") && Double(cell) != nil
            ? "hexadecimal, which FairHAC does not read as a number (write it in decimal)" : "not a finite number"
    }
}
