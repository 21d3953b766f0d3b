import FairHACCore
import Foundation

/// Tree exports besides scipy's Z: Newick and a JSON tree with group counts per node.
public enum TreeExport {
    /// Newick text. Leaves are named by `leafNames` (default: the leaf index); a branch's length
    /// is its parent's height minus its own (leaves at height 0), clamped at 0 where a tree's
    /// heights go down (fair, centroid and median trees): the exact heights are in tree.json.
    /// Built without recursion, so deep (chain-like) trees of any size are fine.
    public static func newick(_ tree: Dendrogram, leafNames: [String]? = nil) -> String {
        let n = tree.leafCount
        guard n > 1 else { return "\(quotedName(leafNames?.first ?? "0"));\n" }
        func height(_ id: Int) -> Double { id < n ? 0 : tree.merges[id - n].height }
        func name(_ id: Int) -> String { quotedName(leafNames?[id] ?? "\(id)") }
        func length(_ child: Int, _ parent: Int) -> String {
            String(format: "%.17g", max(0, height(parent) - height(child)))
        }
        // Depth-first with an explicit stack of pending pieces, writing into one string.
        enum Piece { case node(Int), text(String) }
        var out = ""
        var stack: [Piece] = [.text(";\n"), .node(2 * n - 2)]
        while let piece = stack.popLast() {
            switch piece {
            case .text(let t):
                out += t
            case .node(let id) where id < n:
                out += name(id)
            case .node(let id):
                let m = tree.merges[id - n]
                out += "("
                stack.append(.text(":\(length(m.b, id)))"))
                stack.append(.node(m.b))
                stack.append(.text(":\(length(m.a, id)),"))
                stack.append(.node(m.a))
            }
        }
        return out
    }

    static func quotedName(_ s: String) -> String {
        let special = CharacterSet(charactersIn: " ()[]':;,")
        guard s.unicodeScalars.contains(where: { special.contains($0) }) else { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }

    struct Node: Encodable {
        var id: Int
        var children: [Int]?
        var height: Double
        var size: Int
        var group: String?
        var groupCounts: [String: Int]?
    }

    struct Document: Encodable {
        var leafCount: Int
        var root: Int
        var groups: [String]?
        var nodes: [Node]
    }

    /// JSON: every node (leaves `0..<n`, then merge `i` as `n + i`) with its children, height,
    /// size and, when groups are given, its group counts (leaves: their group).
    public static func json(_ tree: Dendrogram, groups: GroupAssignment?) throws -> Data {
        try json(tree, attributes: groups.map { ProtectedAttributes($0) })
    }

    /// JSON with several protected attributes: group counts per (attribute, group), named
    /// "attribute=group" (spec section 9); leaves name their group in each attribute.
    public static func json(_ tree: Dendrogram, attributes: ProtectedAttributes?) throws -> Data {
        let n = tree.leafCount
        let composition = attributes.map { TreeComposition(tree: tree, attributes: $0) }
        let names = attributes?.groupNames ?? []
        var nodes: [Node] = []
        nodes.reserveCapacity(2 * n - 1)
        for i in 0..<n {
            let group = attributes.map { a in
                a.attributes.indices.map { names[a.offsets[$0] + a.attributes[$0].memberships[i]] }.joined(separator: ", ")
            }
            nodes.append(Node(id: i, children: nil, height: 0, size: 1, group: group))
        }
        for (i, merge) in tree.merges.enumerated() {
            let id = n + i
            var node = Node(id: id, children: [merge.a, merge.b], height: merge.height, size: merge.size)
            if let composition {
                let counts = composition.counts(of: id)
                node.groupCounts = Dictionary(uniqueKeysWithValues: zip(names, counts))
            }
            nodes.append(node)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(Document(leafCount: n, root: 2 * n - 2, groups: attributes?.groupNames, nodes: nodes)) + Data("\n".utf8)
    }
}
