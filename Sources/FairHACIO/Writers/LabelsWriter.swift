import FairHACCore

/// Writes `labels.csv`: header `row,cluster,group`, one line per clustered row in input order.
/// `row` is the 0-based data-row index in the input (after the header), `cluster` the label
/// in `0..<k` (numbered by first appearance), `group` the protected group's name (empty when
/// no group column was given).
public enum LabelsWriter {
    public static func csv(rowIndices: [Int], labels: [Int], groups: GroupAssignment?) -> String {
        csv(rowIndices: rowIndices, labels: labels, attributes: groups.map { ProtectedAttributes($0) })
    }

    /// With several protected attributes (spec section 9): one column `group_NAME` per attribute
    /// as given, and in intersectional mode a column `group` with the combination; with one
    /// attribute, the single-attribute file.
    public static func csv(rowIndices: [Int], labels: [Int], attributes: ProtectedAttributes?) -> String {
        let out = ChunkedOutput()
        csv(rowIndices: rowIndices, labels: labels, attributes: attributes, to: out)
        return out.text
    }

    /// Streams labels.csv into `out`.
    public static func csv(rowIndices: [Int], labels: [Int], attributes: ProtectedAttributes?, to out: ChunkedOutput) {
        precondition(rowIndices.count == labels.count)
        guard let attributes, attributes.sources.count > 1 else {
            out.write("row,cluster,group\n")
            let groups = attributes?.attributes[0]
            for i in labels.indices {
                let g = groups.map { quoted($0.names[$0.memberships[i]]) } ?? ""
                out.write("\(rowIndices[i]),\(labels[i]),\(g)\n")
            }
            return
        }
        let intersectional = attributes.mode == .intersectional
        out.write("row,cluster" + attributes.sourceNames.map { "," + quoted("group_" + $0) }.joined()
            + (intersectional ? ",group" : "") + "\n")
        for i in labels.indices {
            var line = "\(rowIndices[i]),\(labels[i])"
            for g in attributes.sources { line += "," + quoted(g.names[g.memberships[i]]) }
            if intersectional {
                let g = attributes.attributes[0]
                line += "," + quoted(g.names[g.memberships[i]])
            }
            out.write(line + "\n")
        }
    }

    /// Quotes a CSV field when it needs it (RFC 4180).
    static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
