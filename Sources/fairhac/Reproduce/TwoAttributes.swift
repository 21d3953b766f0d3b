import FairHACCore
import FairHACIO
import FairHACReport

/// `reproduce --two-attributes`: each bundled dataset with its two protected attributes
/// (``BundledDataset/protectedColumns``), in separate and intersectional mode (rare
/// combinations pooled into "other"), average and ward linkage: vanilla HAC against the
/// recommended FHAC setting of a grid search on the combined MFC (spec sections 8 and 9).
enum TwoAttributes {
    struct Row {
        var dataset: BundledDataset
        var mode: ProtectedAttributes.Mode
        var linkage: Linkage
        var attributeNames: [String]
        var vanilla: [PartitionEvaluation] = []
        var recommended: [PartitionEvaluation] = []
        /// Seeds where the recommendation improved on vanilla (the others count vanilla's partition).
        var improved = 0
    }

    static let linkages: [Linkage] = [.average, .ward]

    /// - Parameter progress: called after each dataset x mode x linkage x seed.
    static func run(
        datasets: [BundledDataset], n: Int, seeds: Int, k: Int, rules: [SelectionRule], grid: ([Double], [Double]),
        scale: FeatureScaling, criteria: (Int) -> RecommendationCriteria, parallelism: Parallelism, progress: () -> Void
    ) throws -> [Row] {
        var rows: [Row] = []
        for ds in datasets {
            let table = try ds.table()
            let columns = ds.protectedColumns
            let names = columns.map(\.name)
            for mode in ProtectedAttributes.Mode.allCases {
                for l in linkages {
                    var row = Row(dataset: ds, mode: mode, linkage: l, attributeNames: names)
                    for seed in 0..<seeds {
                        var options = ds.options(scaling: scale, sample: n, seed: UInt64(seed))
                        options.groupColumns = columns
                        options.features = options.features?.filter { !names.contains($0) }
                        let data = try DataPreparation.prepare(table, options: options)
                        let attributes = try ProtectedAttributes(
                            names: data.attributeNames, attributes: data.attributeGroups, mode: mode, mergeRare: true)
                        let outcome = try GridSearch(
                            linkage: l, clusterCount: k, rules: rules, gridB: grid.0, gridD: grid.1, parallelism: parallelism
                        ).run(data.observations, attributes: attributes)
                        let r = outcome.recommendation(.mfc, criteria: criteria(data.observations.count))
                        row.vanilla.append(outcome.vanilla)
                        if r.improved, let p = r.point {
                            row.recommended.append(p.evaluation)
                            row.improved += 1
                        } else {
                            row.recommended.append(outcome.vanilla)
                        }
                        progress()
                    }
                    rows.append(row)
                }
            }
        }
        return rows
    }

    /// The table: combined MFC, each attribute's MFC and the silhouette, vanilla -> recommended,
    /// means over the seeds.
    static func markdown(_ rows: [Row], n: Int, seeds: Int, k: Int) -> String {
        func mean(_ v: [Double]) -> String { ReportNumber.fixed(ReproduceReport.stats(v).0, decimals: 3) }
        func silhouettes(_ e: [PartitionEvaluation]) -> String {
            let s = e.compactMap(\.silhouette)
            return s.isEmpty ? "undefined" : mean(s)
        }
        var out = "## Two attributes\n\n"
        out += "Each dataset with two protected attributes from its own columns; n = \(n), \(seeds) seed\(seeds == 1 ? "" : "s"), k = \(k). "
        out += "Separate: the cost is the largest deviation over both attributes' groups; intersectional: the groups are the "
        out += "combinations (those under 1% of n pooled into \"other\"). Vanilla HAC -> the recommended FHAC setting on the combined MFC "
        out += "(vanilla's own partition in the seeds where none improves); each attribute's MFC against its data shares; means over the seeds.\n\n"
        out += "| dataset | attributes | mode | linkage | combined MFC | attribute 1 MFC | attribute 2 MFC | silhouette | improved |\n"
        out += "|---|---|---|---|---|---|---|---|---|\n"
        for r in rows {
            let each = (0..<r.attributeNames.count).map { a in
                "\(mean(r.vanilla.map { $0.attributeMFC[a] })) -> \(mean(r.recommended.map { $0.attributeMFC[a] }))"
            }
            out += "| \(r.dataset.rawValue) | \(r.attributeNames.joined(separator: ", ")) | \(r.mode.rawValue) | \(r.linkage.rawValue) | "
            out += "\(mean(r.vanilla.map(\.mfc))) -> \(mean(r.recommended.map(\.mfc))) | " + each.joined(separator: " | ")
            out += " | \(silhouettes(r.vanilla)) -> \(silhouettes(r.recommended)) | \(r.improved)/\(r.vanilla.count) |\n"
        }
        return out
    }

    /// One line per dataset x mode x linkage x seed.
    static func csv(_ rows: [Row]) -> String {
        var out = "dataset,mode,linkage,seed,method,mfc,mfc_attribute_1,mfc_attribute_2,balance,silhouette,min_cluster_size\n"
        for r in rows {
            for (method, list) in [("vanilla", r.vanilla), ("fhac-recommended", r.recommended)] {
                for (seed, e) in list.enumerated() {
                    let each = e.attributeMFC.map { "\($0)" }.joined(separator: ",")
                    out += "\(r.dataset.rawValue),\(r.mode.rawValue),\(r.linkage.rawValue),\(seed),\(method),\(e.mfc),\(each),"
                    out += "\(e.balance),\(e.silhouette.map { "\($0)" } ?? ""),\(e.minClusterSize)\n"
                }
            }
        }
        return out
    }
}
