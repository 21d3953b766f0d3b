import FairHACCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A reproducible pseudo-random generator (SplitMix64), so test trees are the same every run.
struct TestRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(below n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func normal() -> Double {
        let u = max(unit(), 1e-12), v = unit()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }
}

/// A random valid dendrogram over `n` leaves: random pairs of live clusters, increasing
/// heights (or shuffled ones, for inversions).
func randomTree(n: Int, seed: UInt64, monotone: Bool = true) throws -> Dendrogram {
    var random = TestRandom(state: seed)
    var live = Array(0..<n)
    var size = [Int](repeating: 1, count: 2 * n - 1)
    var merges = [Merge]()
    var height = 0.0
    for i in 0..<(n - 1) {
        let x = live.remove(at: random.int(below: live.count))
        let y = live.remove(at: random.int(below: live.count))
        height += random.unit()
        let h = monotone ? height : random.unit() * 10
        size[n + i] = size[x] + size[y]
        merges.append(Merge(a: min(x, y), b: max(x, y), height: h, size: size[n + i]))
        live.append(n + i)
    }
    return try Dendrogram(leafCount: n, merges: merges)
}

/// Whether `xml` parses as a well-formed XML document.
func isWellFormedXML(_ xml: String) -> Bool {
    let parser = XMLParser(data: Data(xml.utf8))
    return parser.parse()
}

/// Number of non-overlapping occurrences of `needle` in `haystack`.
func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}
