/// The schedules `f` (fairness tightening) and `g` (distance loosening) of Algorithm 1: at each
/// fair merge, the fairness tolerance is `eps = 1 / f(x)` and the distance relaxation `dlt = g(x)`.
///
/// With `b = d = 0`, `f = g = 1`: every merge is the vanilla one.
public struct FairnessSchedule: Sendable, Equatable, Hashable {
    public enum Family: String, CaseIterable, Sendable {
        /// `f(x) = a e^(b x)`, `g(x) = c e^(d x)` (the default).
        case exp
        /// `f(x) = a (1 + x)^b`, `g(x) = c (1 + x)^d`.
        case power
        /// `f(x) = a + b x`, `g(x) = c + d x`.
        case linear
    }

    public enum Argument: String, CaseIterable, Sendable {
        /// `x = (n - |C|) / (n - k)`, in [0, 1], so parameters carry over between data sizes (default).
        case progress
        /// `x = n - |C|`, the number of merges made so far (the paper's reading).
        case merges
    }

    public var family: Family
    public var argument: Argument
    /// Scale of `f` (default 1).
    public var a: Double
    /// Fairness tightening rate.
    public var b: Double
    /// Scale of `g` (default 1).
    public var c: Double
    /// Distance loosening rate.
    public var d: Double

    public init(family: Family = .exp, argument: Argument = .progress, a: Double = 1, b: Double = 0, c: Double = 1, d: Double = 0) {
        self.family = family
        self.argument = argument
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    /// The vanilla schedule, `f = g = 1`.
    public static let vanilla = FairnessSchedule()

    /// Checks that `f` and `g` are positive and non-decreasing.
    public func validate() throws {
        for (name, v) in [("a", a), ("b", b), ("c", c), ("d", d)] where !v.isFinite {
            throw ClusteringError.invalidInput("schedule parameter \(name) = \(v) is not finite")
        }
        guard a > 0, c > 0 else {
            throw ClusteringError.invalidInput("schedule scales a and c must be positive (got a = \(a), c = \(c))")
        }
        guard b >= 0, d >= 0 else {
            throw ClusteringError.invalidInput("schedule rates b and d must be >= 0 so that f and g do not decrease (got b = \(b), d = \(d))")
        }
    }

    /// The schedule's argument before a merge, with `clusters` clusters left.
    public func x(n: Int, clusters: Int, k: Int) -> Double {
        switch argument {
        case .progress: return n > k ? Double(n - clusters) / Double(n - k) : 0
        case .merges: return Double(n - clusters)
        }
    }

    public func f(_ x: Double) -> Double { value(scale: a, rate: b, x) }
    public func g(_ x: Double) -> Double { value(scale: c, rate: d, x) }

    private func value(scale: Double, rate: Double, _ x: Double) -> Double {
        switch family {
        case .exp: return rate == 0 ? scale : scale * (rate * x).exp
        case .power: return rate == 0 ? scale : scale * pow(1 + x, rate)
        case .linear: return scale + rate * x
        }
    }

    /// `(eps, dlt)` before a merge with `clusters` clusters left.
    func tolerances(n: Int, clusters: Int, k: Int) -> (eps: Double, dlt: Double) {
        let x = x(n: n, clusters: clusters, k: k)
        return (1 / f(x), g(x))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Double {
    fileprivate var exp: Double {
        #if canImport(Glibc)
        return Glibc.exp(self)
        #else
        return Darwin.exp(self)
        #endif
    }
}
