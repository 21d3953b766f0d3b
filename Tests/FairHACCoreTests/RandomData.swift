@testable import FairHACCore

/// Seeded random test data.
enum RandomData {
    /// `n` points in `d` dimensions, uniform in [0, 1), or rounded to `grid` steps to force ties.
    static func points(n: Int, d: Int, seed: UInt64, grid: Double? = nil) -> Observations {
        var rng = SplitMix64(seed: seed)
        var values = (0..<(n * d)).map { _ in rng.unit() }
        if let grid { values = values.map { ($0 / grid).rounded() * grid } }
        return try! Observations(count: n, dimension: d, values: values)
    }

    static func groups(n: Int, m: Int, seed: UInt64) -> GroupAssignment {
        var rng = SplitMix64(seed: seed ^ 0xABCDEF)
        var memberships = (0..<n).map { _ in rng.below(m) }
        for g in 0..<min(m, n) { memberships[g] = g }  // every group present
        return try! GroupAssignment(names: (0..<m).map { "g\($0)" }, memberships: memberships)
    }
}
