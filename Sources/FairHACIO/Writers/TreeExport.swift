import FairHACCore
import Foundation

/// Tree exports besides scipy's Z: Newick and a JSON tree with group counts per node.
public enum TreeExport {
    /// Newick text. Leaves are named by `leafNames` (default: the leaf index); a branch's length
    /// is its parent's height minus its own (leaves at height 0), clamped at 0 where a tree's
    /// heights go down (fair, centroid and median trees): the exact heights are in tree.json.
    /// Built without recursion, so deep (chain-like) trees of any size are fine.
    public static func newick(_ tree: Dendrogram, leafNames: [String]? = nil) -> String {
        let out = ChunkedOutput()
        newick(tree, leafNames: leafNames, to: out)
        return out.text
    }

    /// Streams the Newick text into `out`; `leafName(i)` names leaf i (default: its index).
    public static func newick(_ tree: Dendrogram, leafNames: [String]? = nil, to out: ChunkedOutput) {
        newick(tree, leafName: { leafNames?[$0] ?? "\($0)" }, to: out)
    }

    /// Streams the Newick text, leaves named by `leafName`.
    public static func newick(_ tree: Dendrogram, leafName: (Int) -> String, to out: ChunkedOutput) {
        let n = tree.leafCount
        guard n > 1 else {
            out.write("\(quotedName(leafName(0)));\n")
            return
        }
        func height(_ id: Int) -> Double { id < n ? 0 : tree.merges[id - n].height }
        func name(_ id: Int) -> String { quotedName(leafName(id)) }
        func length(_ child: Int, _ parent: Int) -> String {
            NumberText.g17(max(0, height(parent) - height(child)))
        }
        // Depth-first with an explicit stack of pending pieces, streamed out.
        enum Piece { case node(Int), text(String) }
        var stack: [Piece] = [.text(";\n"), .node(2 * n - 2)]
        while let piece = stack.popLast() {
            switch piece {
            case .text(let t):
                out.write(t)
            case .node(let id) where id < n:
                out.write(name(id))
            case .node(let id):
                let m = tree.merges[id - n]
                out.write("(")
                stack.append(.text(":\(length(m.b, id)))"))
                stack.append(.node(m.b))
                stack.append(.text(":\(length(m.a, id)),"))
                stack.append(.node(m.a))
            }
        }
    }

    static func quotedName(_ s: String) -> String {
        // The characters that need quotes are ASCII: their bytes never occur inside another
        // character's UTF-8.
        guard s.utf8.contains(where: { " ()[]':;,".utf8.contains($0) }) else { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// JSON: every node (leaves `0..<n`, then merge `i` as `n + i`) with its children, height,
    /// size and, when groups are given, its group counts (leaves: their group).
    public static func json(_ tree: Dendrogram, groups: GroupAssignment?) throws -> Data {
        try json(tree, attributes: groups.map { ProtectedAttributes($0) })
    }

    /// JSON with several protected attributes: group counts per (attribute, group), named
    /// "attribute=group" (spec section 9); leaves name their group in each attribute.
    public static func json(_ tree: Dendrogram, attributes: ProtectedAttributes?) throws -> Data {
        let out = ChunkedOutput()
        json(tree, attributes: attributes, to: out)
        return Data(out.bytes)
    }

    /// Streams tree.json into `out`: compact JSON with sorted keys and snake_case names,
    /// `{"groups": [...], "leaf_count": n, "nodes": [...], "root": 2n-2}`, each node
    /// `{"children", "group", "group_counts", "height", "id", "size"}` (those that apply), heights
    /// with 17 significant digits.
    /// `composition`: the tree's counts per node when the caller has them (``ResultFairness``).
    public static func json(
        _ tree: Dendrogram, attributes: ProtectedAttributes?, composition known: TreeComposition? = nil, to out: ChunkedOutput
    ) {
        let n = tree.leafCount
        let composition = known ?? attributes.map { TreeComposition(tree: tree, attributes: $0) }
        let names = attributes?.groupNames ?? []
        // group_counts keys in sorted order, as a key-sorted encoder writes them.
        let order = names.indices.sorted { names[$0] < names[$1] }
        out.write("{")
        if let attributes { out.write("\"groups\":[" + attributes.groupNames.map(jsonString).joined(separator: ",") + "],") }
        out.write("\"leaf_count\":\(n),\"nodes\":[")
        for i in 0..<n {
            var node = i == 0 ? "{" : ",{"
            if let a = attributes {
                let group = a.attributes.indices.map { names[a.offsets[$0] + a.attributes[$0].memberships[i]] }.joined(separator: ", ")
                node += "\"group\":" + jsonString(group) + ","
            }
            out.write(node + "\"height\":0,\"id\":\(i),\"size\":1}")
        }
        for (i, merge) in tree.merges.enumerated() {
            let id = n + i
            var node = ",{\"children\":[\(merge.a),\(merge.b)],"
            if let composition {
                let counts = composition.counts(of: id)
                node += "\"group_counts\":{" + order.map { jsonString(names[$0]) + ":\(counts[$0])" }.joined(separator: ",") + "},"
            }
            out.write(node + "\"height\":" + jsonNumber(merge.height) + ",\"id\":\(id),\"size\":\(merge.size)}")
        }
        out.write("],\"root\":\(2 * n - 2)}\n")
    }

    /// A JSON string literal.
    static func jsonString(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            case _ where u.value < 0x20: r += String(format: "\\u%04x", u.value)
            default: r.unicodeScalars.append(u)
            }
        }
        return r + "\""
    }

    /// A finite Double as a JSON number (17 significant digits; integers without a fraction).
    static func jsonNumber(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return NumberText.g17(v)
    }
}
