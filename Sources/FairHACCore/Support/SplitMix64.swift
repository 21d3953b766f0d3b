/// A small, fast, seedable generator (SplitMix64, Steele et al. 2014).
///
/// Our outputs must not change between Swift versions, so seeded randomness never goes through
/// the standard library's `random(in:using:)`, whose algorithm is not part of its contract.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= Self.golden
        return Self.mix(state)
    }

    /// The increment of the state, 2^64 / golden ratio.
    public static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// SplitMix64's finaliser (the mixing step of ``next()``), a bijection of 64-bit words:
    /// `z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31`
    /// (wrapping multiplications).
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (Lemire's unbiased method).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

/// Seeded subsampling without replacement.
public enum Subsample {
    /// `size` distinct indices from `0..<population`, chosen uniformly with the given seed and
    /// returned in increasing order (so the input order of the rows is kept): the first `size`
    /// steps of a Fisher-Yates shuffle driven by ``SplitMix64``, so another implementation (the
    /// Spark port, through the C ABI) draws the same rows.
    /// - Complexity: O(population) time and memory, or O(size) when `size` is far below it.
    public static func indices(population: Int, size: Int, seed: UInt64) -> [Int] {
        precondition(size >= 0 && size <= population)
        var rng = SplitMix64(seed: seed)
        if size * 8 < population {
            // The same shuffle with only the moved positions stored.
            var moved: [Int: Int] = [:]
            var chosen = [Int]()
            chosen.reserveCapacity(size)
            for i in 0..<size {
                let j = i + rng.below(population - i)
                let atJ = moved[j] ?? j
                moved[j] = moved[i] ?? i
                chosen.append(atJ)
            }
            return chosen.sorted()
        }
        var pool = Array(0..<population)
        for i in 0..<size {
            let j = i + rng.below(population - i)
            pool.swapAt(i, j)
        }
        return pool[0..<size].sorted()
    }
}
