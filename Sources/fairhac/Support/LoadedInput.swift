import FairHACCore
import FairHACIO
import Foundation

/// The data of a run, read and prepared from the input options.
struct LoadedInput {
    enum Content {
        case features(Observations, Metric)
        /// A distance matrix, handed over once (``MatrixHandOff/take()``) so it is never copied.
        case distances(MatrixHandOff)
    }

    var content: Content
    /// The protected attributes, combined by `--group-mode`.
    var attributes: ProtectedAttributes?
    /// The single group assignment the rules and AFHAC see when there is one attribute (or
    /// intersectional groups); `nil` with several separate attributes.
    var groups: GroupAssignment? { attributes.flatMap { $0.attributeCount == 1 ? $0.attributes[0] : nil } }
    var groupColumn: String?
    var rowIndices: [Int]
    var summary: ClusteringSummary.Input
    var notes: [String]
    /// How the features map back to the file's units (features only).
    var featureUnits: FeatureUnits?

    var count: Int { rowIndices.count }

    /// Whether an input path names a `.npy` feature matrix (by its extension).
    static func isNpyPath(_ path: String) -> Bool { path.lowercased().hasSuffix(".npy") }
}

extension LoadedInput {
    /// The data as the pipeline takes them.
    var pipelineData: ClusteringData {
        switch content {
        case .features(let x, _):
            var data = ClusteringData(content: .features(x), attributes: attributes)
            data.featureUnits = featureUnits
            return data
        case .distances(let handOff): return ClusteringData(content: .distances(handOff), attributes: attributes)
        }
    }
}

extension InputOptions {
    /// Reads and prepares the input. Errors name the file, rows and columns at fault.
    func load(metric: Metric, memoryBudget: Int? = nil) throws -> LoadedInput {
        if inputKind == .distances, let file {
            return try loadDistances(file, memoryBudget: memoryBudget)
        }
        if let file, Self.isNpy(file) {
            return try loadNpy(file, metric: metric)
        }
        let table: DelimitedTable
        var options: DataOptions
        let featureNames = features.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
        if let dataset {
            table = try dataset.table()
            options = dataset.options(scaling: scale, sample: sample, seed: seed)
            // --group picks among the dataset's protected attributes (with their bins) or names
            // other columns; --features replace the preset's, which otherwise lose the group columns.
            if let group {
                let names = groupNames(group)
                let bins = try binsByColumn(names)
                options.groupColumns = names.map { name in
                    var column = dataset.protectedColumns.first { $0.name == name } ?? .init(name: name)
                    if let b = bins[name] { column.bins = b }
                    return column
                }
                if featureNames == nil { options.features = options.features?.filter { !names.contains($0) } }
            } else if let b = try binsByColumn([dataset.groupColumn])[dataset.groupColumn] {
                options.groupBins = b
            }
            if let featureNames { options.features = featureNames }
        } else if let file {
            let sep: Character? = delimiter.map { $0 == "\\t" ? "\t" : Character($0) }
            table = try DelimitedTable.read(path: file, delimiter: sep)
            let names = group.map(groupNames) ?? []
            let bins = try binsByColumn(names)
            options = DataOptions(
                features: featureNames, groupColumns: names.map { DataOptions.GroupColumn(name: $0, bins: bins[$0]) },
                scaling: scale, sample: sample, seed: seed)
        } else {
            throw DataError("give an input FILE or --dataset census|creditcard|bank")
        }
        options.dropMissing = dropMissing
        return try loaded(DataPreparation.prepare(table, options: options), metric: metric, fromTable: dataset == nil)
    }

    /// Whether FILE is a `.npy` feature matrix (by its extension).
    static func isNpy(_ path: String) -> Bool { LoadedInput.isNpyPath(path) }

    /// A `.npy` feature matrix (float64 or float32, C order, rows x features), its groups from
    /// `--group-file` (one label per line).
    private func loadNpy(_ path: String, metric: Metric) throws -> LoadedInput {
        let (x, _) = try NpyFile.readFeatures(path: path)
        let groups = try groupFile.map { [try GroupFile.read(path: $0, count: x.count, rowsOf: "the \(x.count) rows of \(path)")] } ?? []
        let data = try DataPreparation.finish(
            source: path, observations: x, featureNames: (0..<x.dimension).map(String.init), groups: groups,
            attributeNames: groupFile.map { [$0] } ?? [], rowIndices: Array(0..<x.count), totalRows: x.count, droppedRows: 0,
            nonNumericColumns: [], options: DataOptions(features: nil, scaling: scale, sample: sample, seed: seed))
        return try loaded(data, metric: metric, fromTable: false)
    }

    /// The prepared features as a run's input, with the notes on what was dropped or skipped.
    private func loaded(_ data: PreparedData, metric: Metric, fromTable: Bool) throws -> LoadedInput {
        var notes = data.notes
        if data.droppedRows > 0 {
            notes.append("dropped \(data.droppedRows) of \(data.totalRows) rows with missing or invalid values (--drop-missing)")
        }
        if !data.constantFeatures.isEmpty {
            notes.append("constant features (only centred): \(data.constantFeatures.joined(separator: ", "))")
        }
        if features == nil && fromTable && !data.nonNumericColumns.isEmpty {
            notes.append("non-numeric columns not used as features: \(data.nonNumericColumns.joined(separator: ", "))")
        }
        let summary = ClusteringSummary.Input(
            source: data.source, kind: "features", rowsInFile: data.totalRows, rowsUsed: data.rowIndices.count,
            rowsDropped: data.droppedRows, features: data.featureNames, nonNumericColumnsSkipped: data.nonNumericColumns,
            constantFeatures: data.constantFeatures, scaling: scale.rawValue, sample: sample,
            seed: sample == nil ? nil : seed)
        var attributes: ProtectedAttributes?
        if !data.attributeGroups.isEmpty {
            do {
                attributes = try ProtectedAttributes(
                    names: data.attributeNames, attributes: data.attributeGroups, mode: groupMode, rareFloor: rareFloor,
                    mergeRare: mergeRare)
            } catch ClusteringError.invalidInput(let message) {
                throw DataError("\(data.source): \(message) (--merge-rare, --rare-floor)")
            }
        }
        return LoadedInput(
            content: .features(data.observations, metric), attributes: attributes,
            groupColumn: attributes?.names.joined(separator: ","), rowIndices: data.rowIndices, summary: summary, notes: notes,
            featureUnits: data.featureUnits)
    }

    private func loadDistances(_ path: String, memoryBudget: Int?) throws -> LoadedInput {
        let matrix = try DistanceFile.read(path: path, memoryBudget: memoryBudget)
        var groups: GroupAssignment?
        if let groupFile {
            groups = try GroupFile.read(path: groupFile, count: matrix.count, rowsOf: "a \(matrix.count) x \(matrix.count) distance matrix")
        }
        let n = matrix.count
        let handOff = MatrixHandOff(matrix)
        let summary = ClusteringSummary.Input(
            source: path, kind: "distances", rowsInFile: n, rowsUsed: n, rowsDropped: 0, features: [],
            nonNumericColumnsSkipped: [], constantFeatures: [], scaling: "none", sample: nil, seed: nil)
        return LoadedInput(
            content: .distances(handOff), attributes: groups.map { ProtectedAttributes($0, name: groupFile ?? "group") }, groupColumn: groupFile, rowIndices: Array(0..<n),
            summary: summary, notes: [])
    }
}
