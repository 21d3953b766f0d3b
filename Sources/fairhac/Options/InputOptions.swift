import ArgumentParser
import FairHACCore
import FairHACIO

/// Where the data comes from and how it is prepared; shared by every command that clusters.
struct InputOptions: ParsableArguments {
    @Argument(help: "A CSV, TSV or semicolon-separated file with a header row, a .npy feature matrix (rows x features, float64 or float32; groups from --group-file), or a distance matrix (see --input-kind).")
    var file: String?

    /// The files this run reads: a run never replaces or removes them (see ``OutputDirectory``).
    var inputPaths: [String] { [file, groupFile].compactMap { $0 } }

    @Option(help: "A bundled dataset instead of a file, with the paper's features and group (--group and --features replace them).")
    var dataset: BundledDataset?

    @Option(help: "What FILE holds: rows of observations (features) or a square, symmetric matrix without header (distances).")
    var inputKind: InputKind = .features

    @Option(help: "Field delimiter (default: tab for .tsv, else sniffed from the header line).")
    var delimiter: String?

    @Option(help: "Comma-separated feature columns (default: every numeric column except the group column).")
    var features: String?

    @Option(help: "The protected attributes' columns, comma-separated (e.g. sex,race); their values are the groups.")
    var group: String?

    @Option(help: ArgumentHelp(
        "Bucket a numeric group column, e.g. \"<=1,2,3,>=4\" or \"low=<30,high=>=30\"; with several, COLUMN=BINS each, e.g. age=\"<30,30..50,>50\".",
        discussion: "Rules: <=v, <v, >=v, >v, a..b, v; a value goes to the first bin that matches. Repeat the option for several columns."))
    var groupBins: [String] = []

    @Option(name: .customLong("group-mode"), help: ArgumentHelp(
        "Several attributes: separate (each attribute's groups kept within the tolerance) or intersectional (groups are the value combinations).\(requestDefault(.groupMode))",
        valueName: "group-mode"))
    var groupModeOption: ProtectedAttributes.Mode?
    var groupMode: ProtectedAttributes.Mode { groupModeOption ?? requestDefaults.groupMode }

    @Flag(help: "Intersectional mode: pool the combinations rarer than --rare-floor into one group 'other' instead of failing.")
    var mergeRare = false

    @Option(name: .customLong("rare-floor"), help: ArgumentHelp(
        "Intersectional mode: the smallest share of the rows a combination may have.\(requestDefault(.rareFloor))", valueName: "rare-floor"))
    var rareFloorOption: Double?
    var rareFloor: Double { rareFloorOption ?? requestDefaults.rareFloor }

    @Option(help: "With a .npy FILE or --input-kind distances: a file with one group label per line, in row order.")
    var groupFile: String?

    @Option(help: "Feature scaling: zscore (mean 0, standard deviation 1 per feature) or none.")
    var scale: FeatureScaling = .zscore

    @Option(parsing: .unconditional, help: "Cluster a random subsample of N rows.")
    var sample: Int?

    @Option(parsing: .unconditional, help: "Seed of the subsample.")
    var seed: UInt64 = 0

    @Flag(help: "Drop rows with missing or invalid cells (and say how many) instead of failing.")
    var dropMissing = false

    func validate() throws {
        if file != nil && dataset != nil {
            throw ValidationError("give either FILE or --dataset, not both")
        }
        if file == nil && dataset == nil {
            throw ValidationError("give an input FILE or --dataset census|creditcard|bank")
        }
        if dataset != nil && inputKind != .features {
            throw ValidationError("--dataset is a table of features; --input-kind distances applies to FILE only")
        }
        if !groupBins.isEmpty && group == nil && dataset == nil {
            throw ValidationError("--group-bins needs --group COLUMN")
        }
        if let group, groupNames(group).contains("") {
            throw ValidationError("--group: a column name is empty (two commas in a row, or a trailing comma?)")
        }
        if !(rareFloor >= 0 && rareFloor < 1) {
            throw ValidationError("--rare-floor must be a share of the rows in [0, 1); got \(rareFloor)")
        }
        if inputKind == .distances && (features != nil || group != nil || sample != nil) {
            throw ValidationError("--input-kind distances takes no --features, --group or --sample (use --group-file for groups)")
        }
        let npy = file.map(LoadedInput.isNpyPath) ?? false
        if groupFile != nil && inputKind != .distances && !npy {
            throw ValidationError("--group-file is for a .npy FILE or --input-kind distances; in a table, name the column with --group")
        }
        if npy && inputKind == .distances {
            throw ValidationError("a .npy FILE is read as features (rows x features); a distance matrix is a CSV (--input-kind distances)")
        }
        if npy && (features != nil || group != nil || !groupBins.isEmpty || delimiter != nil) {
            throw ValidationError("a .npy FILE has no named columns: it takes no --features, --group, --group-bins or --delimiter (groups come from --group-file)")
        }
        if let sample, sample < 2 {
            throw ValidationError("--sample must be at least 2; got \(sample)")
        }
        if let delimiter, delimiter.count != 1 && delimiter != "\\t" {
            throw ValidationError("--delimiter must be one character (or \\t)")
        }
        if let delimiter, delimiter == "\"" || delimiter == "\n" || delimiter == "\r" {
            throw ValidationError("--delimiter cannot be a quote or a line break (they delimit fields and rows already)")
        }
    }

    /// The attribute names of `--group`.
    func groupNames(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// `--group-bins` for `columns`: one value without a column prefix bins the only column (the
    /// single-attribute form); `COLUMN=BINS` bins that column.
    func binsByColumn(_ columns: [String]) throws -> [String: GroupBins] {
        var out: [String: GroupBins] = [:]
        for text in groupBins {
            if let eq = text.firstIndex(of: "="), columns.contains(String(text[..<eq]).trimmingCharacters(in: .whitespaces)) {
                let column = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
                guard out[column] == nil else { throw ValidationError("--group-bins: column '\(column)' is binned twice") }
                out[column] = try GroupBins(parsing: String(text[text.index(after: eq)...]))
            } else if columns.count == 1 {
                guard out[columns[0]] == nil else { throw ValidationError("--group-bins: column '\(columns[0])' is binned twice") }
                out[columns[0]] = try GroupBins(parsing: text)
            } else {
                throw ValidationError(
                    "--group-bins '\(text)': with several group columns, name the column: COLUMN=BINS, COLUMN one of \(columns.joined(separator: ", "))")
            }
        }
        return out
    }
}

extension ProtectedAttributes.Mode: ExpressibleByArgument {}
