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
        precondition(rowIndices.count == labels.count)
        guard let attributes, attributes.sources.count > 1 else {
            return single(rowIndices: rowIndices, labels: labels, groups: attributes?.attributes[0])
        }
        let intersectional = attributes.mode == .intersectional
        var out = "row,cluster" + attributes.sourceNames.map { "," + quoted("group_" + $0) }.joined()
            + (intersectional ? ",group" : "") + "\n"
        for i in labels.indices {
            out += "\(rowIndices[i]),\(labels[i])"
            for g in attributes.sources { out += "," + quoted(g.names[g.memberships[i]]) }
            if intersectional {
                let g = attributes.attributes[0]
                out += "," + quoted(g.names[g.memberships[i]])
            }
            out += "\n"
        }
        return out
    }

    static func single(rowIndices: [Int], labels: [Int], groups: GroupAssignment?) -> String {
        precondition(rowIndices.count == labels.count)
        var out = "row,cluster,group\n"
        for i in labels.indices {
            let g = groups.map { quoted($0.names[$0.memberships[i]]) } ?? ""
            out += "\(rowIndices[i]),\(labels[i]),\(g)\n"
        }
        return out
    }

    /// Quotes a CSV field when it needs it (RFC 4180).
    static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
