/// The fixed, seeded sample of members that stands for a micro-cluster when the top level's
/// average, complete, single and weighted dissimilarities cannot afford every member pair.
///
/// The sample is this exact function, so another implementation (the Spark port) reproduces it:
/// `key(row) = mix(seed &* 0x9E3779B97F4A7C15 &+ UInt64(row))`, with `mix` SplitMix64's finaliser
/// (``SplitMix64/mix(_:)``) and wrapping 64-bit arithmetic; micro-cluster c's sample is the `q`
/// members with the smallest key (ties by row, which cannot happen: `mix` is a bijection),
/// ordered by row. A micro-cluster of at most `q` members is taken whole.
public enum MemberSample {
    /// The sampling key of `row`.
    @inline(__always)
    public static func key(row: Int, seed: UInt64) -> UInt64 {
        SplitMix64.mix(seed &* SplitMix64.golden &+ UInt64(truncatingIfNeeded: row))
    }

    /// The `q` rows of `rows` with the smallest keys (ties by row), in increasing row order.
    /// - Complexity: O(s log s) for s rows.
    public static func sample<C: Collection>(_ rows: C, q: Int, seed: UInt64) -> [Int] where C.Element: BinaryInteger {
        let all = rows.map { Int($0) }
        guard all.count > q else { return all.sorted() }
        let keyed = all.map { (key: key(row: $0, seed: seed), row: $0) }
        let chosen = keyed.sorted { ($0.key, $0.row) < ($1.key, $1.row) }.prefix(max(0, q))
        return chosen.map(\.row).sorted()
    }
}
