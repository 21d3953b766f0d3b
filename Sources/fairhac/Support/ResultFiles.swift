import FairHACCore
import FairHACIO
import Foundation

/// Writes the files of a clustering run into one directory.
struct ResultFiles {
    let directory: String

    /// - Parameter treeJSON: tree.json's content when the tree is not the binary `tree` (n-ary).
    func write(
        tree: Dendrogram, labels: [Int], rowIndices: [Int], attributes: ProtectedAttributes?, summary: ClusteringSummary, treeJSON: Data? = nil
    ) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DataError("cannot create " + MessageText.fileProblem(error, path: directory))
        }
        try save(Data(LinkageMatrixWriter.csv(tree).utf8), "linkage.csv")
        try save(LinkageMatrixWriter.npy(tree), "linkage.npy")
        try save(Data(LabelsWriter.csv(rowIndices: rowIndices, labels: labels, attributes: attributes).utf8), "labels.csv")
        try save(try summary.json(), "summary.json")
        try save(Data(TreeExport.newick(tree, leafNames: rowIndices.map(String.init)).utf8), "tree.nwk")
        try save(try treeJSON ?? TreeExport.json(tree, attributes: attributes), "tree.json")
    }

    func writeTimings(_ timings: [String: Double]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try save(try encoder.encode(timings) + Data("\n".utf8), "timings.json")
    }

    func save(_ text: String, _ name: String) throws { try save(Data(text.utf8), name) }

    private func save(_ data: Data, _ name: String) throws {
        let path = (directory as NSString).appendingPathComponent(name)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DataError("cannot write " + MessageText.fileProblem(error, path: path))
        }
    }
}
