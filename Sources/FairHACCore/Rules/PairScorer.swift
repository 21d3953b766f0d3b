/// The per-pair quantities the rules compare, computed in one place for the fast loop and the
/// reference, so both see bit-identical values.
struct PairScorer: Sendable {
    let ideal: [Double]
    let m: Int
    /// Whether working values are squared distances (the relaxation applies to heights).
    let squared: Bool

    init(ideal: [Double], linkage: Linkage) {
        self.ideal = ideal
        m = ideal.count
        squared = linkage.worksOnSquaredDistances
    }

    /// `S(a, b)`: how many groups the union of two clusters keeps within `eps` of the ideal.
    @inline(__always)
    func keptFair(_ counts: UnsafeBufferPointer<Int32>, _ a: Int, _ b: Int, size: Double, eps: Double) -> Int {
        var s = 0
        for l in 0..<m {
            let p = Double(counts[a * m + l] + counts[b * m + l]) / size
            if abs(p - ideal[l]) <= eps { s += 1 }
        }
        return s
    }

    /// `cost(C) = max_l |p_l(C) - rho_l|` of one slot.
    @inline(__always)
    func cost(_ counts: UnsafeBufferPointer<Int32>, _ a: Int, size: Double) -> Double {
        var c = 0.0
        for l in 0..<m { c = max(c, abs(Double(counts[a * m + l]) / size - ideal[l])) }
        return c
    }

    /// `cost(a u b)` of the union of two slots.
    @inline(__always)
    func unionCost(_ counts: UnsafeBufferPointer<Int32>, _ a: Int, _ b: Int, size: Double) -> Double {
        var cu = 0.0
        for l in 0..<m {
            cu = max(cu, abs(Double(counts[a * m + l] + counts[b * m + l]) / size - ideal[l]))
        }
        return cu
    }

    /// `max(gain(a, b), 0)` rounded to 9 decimal places, where
    /// `gain = cost(a) + cost(b) - cost(a u b)`.
    @inline(__always)
    func gain(_ counts: UnsafeBufferPointer<Int32>, _ a: Int, _ b: Int, costA: Double, costB: Double, size: Double) -> Double {
        Self.rounded((costA + costB) - unionCost(counts, a, b, size: size))
    }

    /// A bound no gain of a pair with these costs exceeds: `cost(a u b) >= 0`, so the gain is
    /// at most `cost(a) + cost(b)`; the margin covers the rounding to 9 decimals.
    @inline(__always)
    static func gainBound(costA: Double, costB: Double) -> Double { (costA + costB) + 1e-9 }

    /// `max(g, 0)` rounded to 9 decimal places (half away from zero), so that gains equal in
    /// exact arithmetic compare equal.
    @inline(__always)
    static func rounded(_ g: Double) -> Double {
        g > 0 ? (g * 1e9).rounded() / 1e9 : 0
    }

    /// The largest working distance within the multiplicative relaxation of `reference`:
    /// `D <= dlt * reference` on heights (on squared working values, `dlt^2 * reference`).
    /// An infinite relaxation admits every pair, whatever the reference (even 0).
    @inline(__always)
    func multiplicativeLimit(_ reference: Double, dlt: Double) -> Double {
        let factor = squared ? dlt * dlt : dlt
        if factor == .infinity { return .infinity }
        return factor * reference
    }

    /// The largest working distance within `reference + (dlt - 1)` on heights. A negative
    /// height limit (dlt < 1) admits no pair, also on squared working values.
    @inline(__always)
    func additiveLimit(_ reference: Double, dlt: Double) -> Double {
        if squared {
            let h = reference.squareRoot() + (dlt - 1)
            return h < 0 ? -.infinity : h * h
        }
        return reference + (dlt - 1)
    }
}

/// A candidate's sort key for the near-pair rules: larger score, then smaller distance, then
/// the lexicographically smaller slot pair.
struct CandidateKey {
    var score: Double
    var distance: Double
    var a: Int
    var b: Int

    static let none = CandidateKey(score: -.infinity, distance: .infinity, a: Int.max, b: Int.max)

    var isNone: Bool { a == Int.max }

    @inline(__always)
    func isBetter(than o: CandidateKey) -> Bool {
        if score != o.score { return score > o.score }
        if distance != o.distance { return distance < o.distance }
        if a != o.a { return a < o.a }
        return b < o.b
    }
}
