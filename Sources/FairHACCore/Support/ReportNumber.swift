/// Locale-independent, deterministic number formatting for the report: the same value always
/// gives the same bytes, whatever the machine's locale.
public enum ReportNumber {
    /// `x` rounded half away from zero to exactly `decimals` digits after the point
    /// (`fixed(0.125, decimals: 2)` is `"0.13"`, `fixed(-0.001, decimals: 2)` is `"0.00"`).
    ///
    /// Non-finite values give `"NaN"`, `"inf"` or `"-inf"`; values too large for exact integer
    /// arithmetic fall back to Swift's shortest round-trip description.
    public static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x < 0 ? "-inf" : "inf") }
        let d = max(0, min(decimals, 12))
        var scale: Int64 = 1
        for _ in 0..<d { scale *= 10 }
        let scaled = (abs(x) * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return "\(x)" }
        let units = Int64(scaled)
        let sign = x < 0 && units != 0 ? "-" : ""
        guard d > 0 else { return sign + String(units) }
        let fraction = String(units % scale)
        let padding = String(repeating: "0", count: d - fraction.count)
        return sign + String(units / scale) + "." + padding + fraction
    }

    /// Like ``fixed(_:decimals:)`` with trailing zeros (and a trailing point) removed:
    /// `compact(12.50, maxDecimals: 2)` is `"12.5"`, `compact(3.0)` is `"3"`.
    public static func compact(_ x: Double, maxDecimals: Int = 2) -> String {
        var s = fixed(x, decimals: maxDecimals)
        guard s.contains("."), x.isFinite, !s.contains("e") else { return s }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
