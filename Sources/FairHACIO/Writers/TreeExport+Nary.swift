import FairHACCore
import Foundation

extension TreeExport {
    struct NaryNode: Encodable {
        var id: Int
        var children: [Int]?
        var height: Double
        var size: Int
        var group: String?
        var groupCounts: [String: Int]?
        /// The node's cluster id in the binarised Z (the row that completes it, plus n).
        var zId: Int?
    }

    struct NaryDocument: Encodable {
        var form = "n-ary"
        var leafCount: Int
        var root: Int
        var groups: [String]?
        var nodes: [NaryNode]
    }

    /// JSON of an n-ary tree (fair post-processing, spec section 11): the leaves `0..<n`, then
    /// every real node `n + j` with all its children, its height, size, group counts per
    /// (attribute, group) and `z_id`, its cluster id in the binarised linkage matrix (whose
    /// helper merges are not nodes here).
    public static func json(_ tree: NaryTree, attributes: ProtectedAttributes?) throws -> Data {
        let n = tree.leafCount
        let names = attributes?.groupNames ?? []
        var nodes: [NaryNode] = []
        nodes.reserveCapacity(n + tree.internalCount)
        for i in 0..<n {
            let group = attributes.map { a in
                a.attributes.indices.map { names[a.offsets[$0] + a.attributes[$0].memberships[i]] }.joined(separator: ", ")
            }
            nodes.append(NaryNode(id: i, children: nil, height: 0, size: 1, group: group, zId: i))
        }
        for j in 0..<tree.internalCount {
            var node = NaryNode(
                id: n + j, children: Array(tree.children(of: j)), height: tree.heights[j], size: tree.sizes[j],
                zId: n + tree.completingRow[j])
            if !names.isEmpty, names.count == tree.groupCount {
                node.groupCounts = Dictionary(uniqueKeysWithValues: zip(names, tree.counts(of: j)))
            }
            nodes.append(node)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(NaryDocument(leafCount: n, root: tree.root, groups: attributes?.groupNames, nodes: nodes)) + Data("\n".utf8)
    }
}
