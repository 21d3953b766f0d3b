/// AFHAC's fairness constraint (Ahmadian et al. 2020): one common cap on every group's share
/// of a cluster, "no group above 1/alpha".
///
/// Three ways to state it:
/// - ``init(alpha:)``: the share cap `1/alpha`, for any number of groups;
/// - ``init(ratio:_:)``: the two-group `(b, r)` form, at most `r` points of one group per `b` of
///   the other, which is the cap `r / (b + r)` (for two groups the two forms are the same
///   constraint);
/// - ``dataShares(_:)``: the spec's default, `1/alpha = max_l rho_l`, the largest group's share
///   of the data, kept as the exact fraction `c_max / n`. It is also the smallest feasible cap.
///
/// Caps that are fractions of integers are compared exactly (`count * q <= p * size`); a cap
/// from a real `alpha` is compared as `count * alpha <= size` with a relative slack of 1e-12, so
/// that `alpha = 1.5` admits 2 of 3.
public struct FairnessCap: Sendable, Equatable, CustomStringConvertible {
    /// The cap as `numerator / denominator` when it is an exact fraction.
    public let fraction: (numerator: Int, denominator: Int)?
    /// `alpha`, the reciprocal of the cap.
    public let alpha: Double

    /// The largest share any group may have in a cluster, `1 / alpha`.
    public var maxShare: Double {
        if let fraction { return Double(fraction.numerator) / Double(fraction.denominator) }
        return 1 / alpha
    }

    /// - Throws: unless `alpha >= 1` (a share cap above 1 would allow nothing).
    public init(alpha: Double) throws {
        guard alpha.isFinite, alpha >= 1 else {
            throw ClusteringError.invalidParameter(
                .alpha, value: "\(alpha)", expected: "a number >= 1 (the cap on any group's share is 1/alpha)")
        }
        self.alpha = alpha
        fraction = nil
    }

    /// The largest `b` or `r` of the ratio form: with counts below 2^31 the exact comparisons
    /// `count * denominator` then stay inside 64 bits.
    public static let maxRatioTerm = Int(Int32.max)

    /// The two-group form: at most `r` of one group per `b` of the other (`1 <= b, r <=`
    /// ``maxRatioTerm``; the order does not matter, `1:2` and `2:1` are the same constraint).
    public init(ratio b: Int, _ r: Int) throws {
        guard (1...Self.maxRatioTerm).contains(b), (1...Self.maxRatioTerm).contains(r) else {
            throw ClusteringError.invalidParameter(
                .ratio, value: "\(b):\(r)", expected: "b:r with two integers from 1 to \(Self.maxRatioTerm)")
        }
        let (lo, hi) = (min(b, r), max(b, r))
        self.init(numerator: hi, denominator: lo + hi)
    }

    /// The cap `numerator / denominator`, exactly (reduced to lowest terms).
    init(numerator: Int, denominator: Int) {
        precondition(numerator > 0 && denominator >= numerator)
        let g = Self.gcd(numerator, denominator)
        fraction = (numerator / g, denominator / g)
        alpha = Double(denominator) / Double(numerator)
    }

    /// The spec's default cap: the largest group's share of the data, `max_l c_l / n`.
    ///
    /// It is also the smallest cap the data can meet: the clusters of any partition average to
    /// the data's shares, so they cannot all hold the largest group below its data share.
    public static func dataShares(_ groups: GroupAssignment) -> FairnessCap {
        FairnessCap(numerator: max(1, groups.counts.max() ?? 1), denominator: max(1, groups.count))
    }

    /// Whether a cluster of `size` points may hold `count` points of one group.
    @inline(__always)
    public func allows(count: Int, size: Int) -> Bool {
        if let fraction { return count * fraction.denominator <= fraction.numerator * size }
        return Double(count) * alpha <= Double(size) * (1 + 1e-12)
    }

    /// Whether every group count of a cluster is within the cap.
    public func allows(counts: [Int]) -> Bool {
        let size = counts.reduce(0, +)
        return counts.allSatisfy { allows(count: $0, size: size) }
    }

    public var description: String {
        if let fraction { return "\(fraction.numerator)/\(fraction.denominator)" }
        return alpha == alpha.rounded() && alpha < 1e15 ? "1/\(Int(alpha))" : "1/\(alpha)"
    }

    public static func == (lhs: FairnessCap, rhs: FairnessCap) -> Bool {
        lhs.alpha == rhs.alpha && lhs.fraction?.numerator == rhs.fraction?.numerator
            && lhs.fraction?.denominator == rhs.fraction?.denominator
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
