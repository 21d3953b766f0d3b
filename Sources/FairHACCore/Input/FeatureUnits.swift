/// How the features a run clusters map back to the input's own units, feature by feature:
/// `input = (x * spread + centre) * unit`. Scaling (``FeatureScaling/zscore``) makes them; the
/// identity is features used as given. Per-cluster feature means (``ClusterProfile``) go
/// through it so that a person reads "age 41", not "age 0.3 standard deviations".
public struct FeatureUnits: Sendable, Equatable {
    public var spread: [Double]
    public var centre: [Double]
    /// A power of two per feature (so that neither the scaling nor this map overflows for
    /// values near the largest Double).
    public var unit: [Double]

    public init(spread: [Double], centre: [Double], unit: [Double]) {
        precondition(spread.count == centre.count && centre.count == unit.count)
        self.spread = spread
        self.centre = centre
        self.unit = unit
    }

    /// Features used as given.
    public static func identity(dimension d: Int) -> FeatureUnits {
        FeatureUnits(spread: Array(repeating: 1, count: d), centre: Array(repeating: 0, count: d), unit: Array(repeating: 1, count: d))
    }

    public var dimension: Int { unit.count }

    /// The value `x` of feature `j` in the input's units.
    @inline(__always)
    public func inputValue(_ x: Double, feature j: Int) -> Double { (x * spread[j] + centre[j]) * unit[j] }
}
