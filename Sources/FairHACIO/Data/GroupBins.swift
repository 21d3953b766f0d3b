import Foundation

/// Buckets for turning a numeric attribute into groups: `--group-bins "<=1,2,3,>=4"`.
///
/// Each bin is `<=v`, `<v`, `>=v`, `>v`, `a..b` (inclusive range) or an exact value `v`, and
/// may be named with `name=rule` (otherwise the rule is its name). A value goes to the first
/// bin that matches it; a value that matches none is an error.
public struct GroupBins: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        enum Rule: Sendable, Equatable {
            case atMost(Double), below(Double), atLeast(Double), above(Double), range(Double, Double), exactly(Double)
        }
        public let name: String
        let rule: Rule

        func contains(_ x: Double) -> Bool {
            switch rule {
            case .atMost(let v): return x <= v
            case .below(let v): return x < v
            case .atLeast(let v): return x >= v
            case .above(let v): return x > v
            case .range(let a, let b): return x >= a && x <= b
            case .exactly(let v): return x == v
            }
        }
    }

    public let bins: [Bin]

    /// Bins given directly (the bundled datasets' fixed bins: nothing to parse, nothing to fail).
    init(_ bins: [Bin]) { self.bins = bins }

    /// Parses the option's text.
    public init(parsing text: String) throws {
        var bins: [Bin] = []
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let token = raw.trimmingCharacters(in: .whitespaces)
            var name = token, ruleText = token
            if let eq = token.firstIndex(of: "="), !token.hasPrefix("<="), !token.hasPrefix(">=") {
                name = String(token[..<eq]).trimmingCharacters(in: .whitespaces)
                ruleText = String(token[token.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            }
            func number(_ s: Substring) throws -> Double {
                guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                    throw DataError("--group-bins: '\(token)' is not a bin; expected <=v, <v, >=v, >v, a..b or v (optionally name=rule)")
                }
                return v
            }
            let rule: Bin.Rule
            if ruleText.hasPrefix("<=") {
                rule = .atMost(try number(ruleText.dropFirst(2)))
            } else if ruleText.hasPrefix(">=") {
                rule = .atLeast(try number(ruleText.dropFirst(2)))
            } else if ruleText.hasPrefix("<") {
                rule = .below(try number(ruleText.dropFirst()))
            } else if ruleText.hasPrefix(">") {
                rule = .above(try number(ruleText.dropFirst()))
            } else if let r = ruleText.range(of: "..") {
                let a = try number(ruleText[..<r.lowerBound]), b = try number(ruleText[r.upperBound...])
                guard a <= b else { throw DataError("--group-bins: empty range '\(token)'") }
                rule = .range(a, b)
            } else {
                rule = .exactly(try number(Substring(ruleText)))
            }
            if name.isEmpty { throw DataError("--group-bins: empty bin name in '\(token)'") }
            bins.append(Bin(name: name, rule: rule))
        }
        guard bins.count >= 2 else { throw DataError("--group-bins needs at least two bins; got '\(text)'") }
        if let dup = Dictionary(grouping: bins.map(\.name), by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw DataError("--group-bins: bin name '\(dup)' is used twice")
        }
        self.bins = bins
    }

    /// Index of the first bin containing `x`, if any.
    public func bin(of x: Double) -> Int? { bins.firstIndex { $0.contains(x) } }
}
