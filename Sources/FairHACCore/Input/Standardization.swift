/// How features are scaled before distances are computed.
public enum FeatureScaling: String, CaseIterable, Sendable {
    /// Each feature minus its mean, divided by its population standard deviation (ddof = 0,
    /// as scikit-learn's `StandardScaler`). A constant feature is only centred (scale 1).
    case zscore
    /// Features are used as given.
    case none
}

extension Observations {
    /// The observations scaled feature by feature.
    ///
    /// Each feature is first divided by its largest magnitude (a power of two, so exactly), and
    /// the mean and standard deviation are computed on those values: a column near 1e308, whose
    /// plain sum would overflow, is z-scored like any other. The z-scores are the same (to
    /// rounding) as without that step, and always finite.
    /// - Returns: the scaled observations and the indices of constant features (which were only centred).
    /// - Complexity: O(n d).
    public func scaled(_ scaling: FeatureScaling) -> (observations: Observations, constantFeatures: [Int]) {
        let s = scaledWithUnits(scaling)
        return (s.observations, s.constantFeatures)
    }

    /// ``scaled(_:)``, with the map back to the input's units (``FeatureUnits``).
    /// - Complexity: O(n d).
    public func scaledWithUnits(_ scaling: FeatureScaling) -> (observations: Observations, constantFeatures: [Int], units: FeatureUnits) {
        guard scaling == .zscore, count > 0 else { return (self, [], .identity(dimension: dimension)) }
        var out = values
        var constant: [Int] = []
        var units = FeatureUnits.identity(dimension: dimension)
        let n = Double(count)
        for j in 0..<dimension {
            var largest = 0.0
            for i in 0..<count { largest = max(largest, abs(values[i * dimension + j])) }
            // A power of two near the largest magnitude: dividing by it is exact and keeps every
            // value within [-2, 2], so neither the sum nor the squares can overflow.
            let unit = largest > 0 ? Self.powerOfTwo(atLeast: largest) : 1
            var mean = 0.0
            for i in 0..<count { mean += values[i * dimension + j] / unit }
            mean /= n
            var ss = 0.0
            for i in 0..<count {
                let c = values[i * dimension + j] / unit - mean
                ss += c * c
            }
            let sd = (ss / n).squareRoot()
            units.unit[j] = unit
            units.centre[j] = mean
            units.spread[j] = sd > 0 ? sd : 1 / unit
            if !(sd > 0) {
                constant.append(j)
                // Only centred, in the column's own units.
                for i in 0..<count { out[i * dimension + j] = (values[i * dimension + j] / unit - mean) * unit }
            } else {
                for i in 0..<count { out[i * dimension + j] = (values[i * dimension + j] / unit - mean) / sd }
            }
        }
        // Every value is finite by construction; the fallback is never taken.
        return ((try? Observations(count: count, dimension: dimension, values: out)) ?? self, constant, units)
    }

    /// The smallest power of two that is at least `x` (`x` positive and finite), or the largest
    /// finite power of two.
    static func powerOfTwo(atLeast x: Double) -> Double {
        let p = Double(sign: .plus, exponent: x.exponent, significand: 1)
        return p >= x || p.exponent == Double.greatestFiniteMagnitude.exponent ? p : p * 2
    }
}
