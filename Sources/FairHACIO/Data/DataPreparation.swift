import FairHACCore

/// Turns a table into observations and groups, or says precisely what is wrong with it.
public enum DataPreparation {
    /// Cells read as missing in any column.
    public static let missingTokens: Set<String> = ["", "?", "NA", "N/A", "NaN", "nan", "null", "NULL"]

    /// Prepares `table` under `options`: select columns, check every cell, drop or report bad
    /// rows, subsample, then scale (scaling statistics come from the rows actually clustered).
    public static func prepare(_ table: DelimitedTable, options: DataOptions) throws -> PreparedData {
        guard !table.rows.isEmpty else {
            throw DataError("\(table.source): the file has a header row but no data rows")
        }
        let groupSpecs = options.groupColumns
        if let twice = groupSpecs.first(where: { g in groupSpecs.filter { $0.name == g.name }.count > 1 }) {
            throw DataError("--group names '\(MessageText.escaped(twice.name))' more than once; name each column once")
        }
        let groupColumnIndices = try groupSpecs.map { try table.column(named: $0.name) }
        var nonNumeric: [String] = []
        let featureColumns: [Int]
        if let names = options.features {
            guard !names.isEmpty else { throw DataError("--features is empty") }
            if let empty = names.firstIndex(of: "") {
                throw DataError("--features: name \(empty + 1) is empty (two commas in a row, or a trailing comma?)")
            }
            if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
                throw DataError("--features names '\(MessageText.escaped(twice))' more than once; name each column once")
            }
            featureColumns = try names.map { try table.column(named: $0) }
            if let g = groupColumnIndices.first(where: { featureColumns.contains($0) }) {
                throw DataError("\(table.source): column '\(table.header[g])' is both a feature and a group column")
            }
        } else {
            var chosen: [Int] = []
            for c in table.header.indices where !groupColumnIndices.contains(c) {
                if isNumericColumn(table, c) { chosen.append(c) } else { nonNumeric.append(table.header[c]) }
            }
            guard !chosen.isEmpty else {
                throw DataError("\(table.source): no numeric column to use as a feature; name them with --features")
            }
            featureColumns = chosen
        }

        // Parse every selected cell; collect the problems.
        let d = featureColumns.count
        var values = [Double]()
        values.reserveCapacity(table.rows.count * d)
        var groupLabels: [[String]] = []
        var kept: [Int] = []
        var problems: [(row: Int, column: String, cell: String, why: String)] = []
        var badRows = 0
        for (r, row) in table.rows.enumerated() {
            var rowValues = [Double]()
            rowValues.reserveCapacity(d)
            var bad = false
            for c in featureColumns {
                let cell = row[c]
                if let v = number(cell) {
                    rowValues.append(v)
                } else {
                    bad = true
                    if problems.count < 5 {
                        problems.append((r, table.header[c], cell, missingTokens.contains(cell) ? "missing" : notANumber(cell)))
                    }
                }
            }
            var labels: [String] = []
            for (spec, g) in zip(groupSpecs, groupColumnIndices) {
                let cell = row[g]
                if let bins = spec.bins {
                    if let v = number(cell), let b = bins.bin(of: v) {
                        labels.append(bins.bins[b].name)
                    } else {
                        bad = true
                        if problems.count < 5 {
                            let why = number(cell) == nil ? "not a number, so it cannot be binned" : "in none of the --group-bins"
                            problems.append((r, table.header[g], cell, why))
                        }
                    }
                } else if missingTokens.contains(cell) {
                    bad = true
                    if problems.count < 5 { problems.append((r, table.header[g], cell, "missing group")) }
                } else {
                    labels.append(cell)
                }
            }
            if bad {
                badRows += 1
                continue
            }
            values.append(contentsOf: rowValues)
            groupLabels.append(labels)
            kept.append(r)
        }
        if badRows > 0 && !options.dropMissing {
            let list = problems.map {
                "\(table.position(ofRow: $0.row)), column '\($0.column)': '\(MessageText.escaped($0.cell, limit: 40))' is \($0.why)"
            }
            throw DataError(
                "\(table.source): \(badRows) row\(badRows == 1 ? "" : "s") with missing or invalid values in the selected columns; "
                    + "first: " + list.joined(separator: "; ")
                    + ". Fix the file, choose other --features, or pass --drop-missing to drop these rows.")
        }
        guard !kept.isEmpty else { throw DataError("\(table.source): no rows left to cluster") }

        let observations = try Observations(count: kept.count, dimension: d, values: values)
        var groups: [GroupAssignment] = []
        for (a, spec) in groupSpecs.enumerated() {
            let column = groupLabels.map { $0[a] }
            if let bins = spec.bins {
                let present = Set(column)
                let names = bins.bins.map(\.name).filter { present.contains($0) }
                let id = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
                groups.append(try GroupAssignment(names: names, memberships: column.map { id[$0] ?? 0 }))
            } else {
                groups.append(try GroupAssignment(labels: column))
            }
        }
        return try finish(
            source: table.source, observations: observations, featureNames: featureColumns.map { table.header[$0] }, groups: groups,
            attributeNames: groupSpecs.map(\.name), rowIndices: kept, totalRows: table.rows.count, droppedRows: badRows,
            nonNumericColumns: nonNumeric, options: options)
    }

    /// Features already read (a `.npy` file, or a table's parsed columns) made ready: the
    /// subsample (`options.sample`, seeded), the scaling (statistics of the rows clustered), and
    /// the check that no distance can overflow, naming the feature.
    public static func finish(
        source: String, observations: Observations, featureNames: [String], groups: [GroupAssignment], attributeNames: [String],
        rowIndices: [Int], totalRows: Int, droppedRows: Int, nonNumericColumns: [String], options: DataOptions
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
        let (scaled, constant) = observations.scaled(options.scaling)
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
            nonNumericColumns: nonNumericColumns, constantFeatures: constant.map { featureNames[$0] })
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

    /// A column is numeric when at least half of its non-missing cells are finite numbers.
    static func isNumericColumn(_ table: DelimitedTable, _ c: Int) -> Bool {
        var numbers = 0, others = 0
        let half = table.rows.count / 2
        for row in table.rows {
            let cell = row[c]
            if missingTokens.contains(cell) { continue }
            if number(cell) != nil { numbers += 1 } else { others += 1 }
            // Decided once either side holds more than half of all rows.
            if numbers > half || others > half { break }
        }
        return numbers > 0 && numbers >= others
    }
}
