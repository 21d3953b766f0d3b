import FairHACCore
import Foundation
import Testing

@testable import FairHACIO

@Suite("Output writers")
struct WriterTests {
    let tree = try! Dendrogram(leafCount: 3, merges: [
        Merge(a: 0, b: 2, height: 0.1, size: 2), Merge(a: 1, b: 3, height: 2.5, size: 3),
    ])

    @Test("linkage.csv: integers for ids and sizes, 17 significant digits for heights")
    func linkageCSV() {
        #expect(LinkageMatrixWriter.csv(tree) == "0,2,0.10000000000000001,2\n1,3,2.5,3\n")
    }

    @Test(".npy: version 1.0 header, 64-byte aligned, little-endian float64 rows")
    func npy() {
        let data = LinkageMatrixWriter.npy(tree)
        let bytes = [UInt8](data)
        #expect(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 4), }") && header.hasSuffix("\n"))
        #expect(bytes.count == 10 + headerLength + 8 * 8)
        let values = stride(from: 10 + headerLength, to: bytes.count, by: 8).map { at in
            Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * $1) })
        }
        #expect(values == [0, 2, 0.1, 2, 1, 3, 2.5, 3])
    }

    @Test("labels.csv quotes group names that need it")
    func labels() throws {
        let g = try GroupAssignment(names: ["a,b", "c"], memberships: [0, 1])
        #expect(LabelsWriter.csv(rowIndices: [0, 5], labels: [0, 1], groups: g) == "row,cluster,group\n0,0,\"a,b\"\n5,1,c\n")
        #expect(LabelsWriter.csv(rowIndices: [0], labels: [0], groups: nil) == "row,cluster,group\n0,0,\n")
    }

    @Test("Newick and JSON trees")
    func trees() throws {
        #expect(TreeExport.newick(tree) == "(1:2.5,(0:0.10000000000000001,2:0.10000000000000001):2.3999999999999999);\n")
        #expect(TreeExport.newick(tree, leafNames: ["a b", "c", "d"]).hasPrefix("(c:"))
        #expect(TreeExport.newick(tree, leafNames: ["a b", "c", "d"]).contains("'a b'"))
        let g = try GroupAssignment(names: ["f", "m"], memberships: [0, 1, 1])
        let doc = try JSONSerialization.jsonObject(with: TreeExport.json(tree, groups: g)) as! [String: Any]
        let nodes = doc["nodes"] as! [[String: Any]]
        #expect(nodes.count == 5 && doc["root"] as? Int == 4)
        #expect(nodes[4]["children"] as? [Int] == [1, 3] && nodes[4]["size"] as? Int == 3)
        #expect(nodes[4]["group_counts"] as? [String: Int] == ["f": 1, "m": 2])
        #expect(nodes[3]["group_counts"] as? [String: Int] == ["f": 1, "m": 1] && nodes[0]["group"] as? String == "f")
        // A deep chain does not overflow the stack.
        let n = 50_000
        let chain = try Dendrogram(leafCount: n, merges: (0..<(n - 1)).map {
            Merge(a: $0 == 0 ? 0 : n + $0 - 1, b: $0 + 1, height: Double($0), size: $0 + 2)
        }.map { Merge(a: min($0.a, $0.b), b: max($0.a, $0.b), height: $0.height, size: $0.size) })
        #expect(TreeExport.newick(chain).hasSuffix(";\n"))
    }

    @Test("sizes parse in binary units")
    func sizes() {
        #expect(SystemMemory.parseSize("8G") == 8 << 30)
        #expect(SystemMemory.parseSize("512MiB") == 512 << 20)
        #expect(SystemMemory.parseSize("1000") == 1000)
        #expect(SystemMemory.parseSize("lots") == nil)
    }
}
