import FairHACCore
import FairHACIO
import Foundation

/// Writes the files of a clustering run into one directory.
struct ResultFiles {
    let directory: String
    /// The folder named in error messages (`--out` as given, not a staging folder).
    var shownAs: String?

    init(directory: String, shownAs: String? = nil) {
        self.directory = directory
        self.shownAs = shownAs
    }

    /// Above this many rows tree.json and tree.nwk are written only when asked (`--write-trees`):
    /// at 10^7 rows tree.json alone is 1.6 GB, and the two took longer to write than the
    /// clustering; Z (linkage.npy, linkage.csv) holds the same tree.
    static let treeRowLimit = 1_000_000

    /// - Parameters:
    ///   - treeJSON: tree.json's content when the tree is not the binary `tree` (n-ary).
    ///   - composition: the tree's group counts per node, when already made (the pipeline's).
    ///   - trees: whether to write tree.nwk and tree.json.
    func write(
        tree: Dendrogram, labels: [Int], rowIndices: [Int], attributes: ProtectedAttributes?, summary: ClusteringSummary, treeJSON: Data? = nil,
        composition: TreeComposition? = nil, trees: Bool = true
    ) throws {
        // The folder exists (``OutputDirectory`` made it); it is never created here, so that a
        // staging folder removed by an interruption stays removed.
        try save(try summary.json(), "summary.json")
        // Streamed in 1 MiB chunks (no output of n lines is built as one string), the files at the
        // same time, one per core; the first error in this order is reported.
        var jobs: [(String, (ChunkedOutput) -> Void)] = [
            ("linkage.csv", { LinkageMatrixWriter.csv(tree, to: $0) }),
            ("linkage.npy", { LinkageMatrixWriter.npy(tree, to: $0) }),
            ("labels.csv", { LabelsWriter.csv(rowIndices: rowIndices, labels: labels, attributes: attributes, to: $0) }),
        ]
        if trees {
            // The largest first, so that the others fill the remaining cores.
            jobs.insert(("tree.nwk", { TreeExport.newick(tree, leafName: { String(rowIndices[$0]) }, to: $0) }), at: 0)
            if let treeJSON {
                jobs.append(("tree.json", { $0.write(bytes: treeJSON) }))
            } else {
                jobs.insert(("tree.json", { TreeExport.json(tree, attributes: attributes, composition: composition, to: $0) }), at: 0)
            }
        }
        var errors = [Error?](repeating: nil, count: jobs.count)
        errors.withUnsafeMutableBufferPointer { failed in
            let workers = min(jobs.count, Parallelism.availableCores)
            Parallelism(threads: workers).run { t in
                for j in stride(from: t, to: jobs.count, by: workers) {
                    do { try stream(jobs[j].0, jobs[j].1) } catch { failed[j] = error }
                }
            }
        }
        if let error = errors.compactMap({ $0 }).first { throw error }
    }

    func writeTimings(_ timings: [String: Double]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try save(try encoder.encode(timings) + Data("\n".utf8), "timings.json")
    }

    func save(_ text: String, _ name: String) throws { try save(Data(text.utf8), name) }

    /// Writes file `name` through a ``ChunkedOutput`` (errors name `--out`, not the staging folder).
    private func stream(_ name: String, _ body: (ChunkedOutput) -> Void) throws {
        let out = try ChunkedOutput(
            path: (directory as NSString).appendingPathComponent(name),
            shownAs: ((shownAs ?? directory) as NSString).appendingPathComponent(name))
        body(out)
        try out.close()
    }

    /// Writes `data` to `name` through a ``ChunkedOutput`` (plain system calls, so a full disk or a
    /// read-only file system is reported as such, naming `--out`).
    func save(_ data: Data, _ name: String) throws {
        try stream(name) { $0.write(bytes: data) }
    }
}
