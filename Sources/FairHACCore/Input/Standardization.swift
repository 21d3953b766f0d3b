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
    /// - Returns: the scaled observations and the indices of constant features (which were only centred).
    /// - Complexity: O(n d).
    public func scaled(_ scaling: FeatureScaling) -> (observations: Observations, constantFeatures: [Int]) {
        guard scaling == .zscore, count > 0 else { return (self, []) }
        var out = values
        var constant: [Int] = []
        let n = Double(count)
        for j in 0..<dimension {
            var mean = 0.0
            for i in 0..<count { mean += values[i * dimension + j] }
            mean /= n
            var ss = 0.0
            for i in 0..<count {
                let c = values[i * dimension + j] - mean
                ss += c * c
            }
            var sd = (ss / n).squareRoot()
            if !(sd > 0) {
                sd = 1
                constant.append(j)
            }
            for i in 0..<count { out[i * dimension + j] = (values[i * dimension + j] - mean) / sd }
        }
        return (try! Observations(count: count, dimension: dimension, values: out), constant)
    }
}
