/// The mean silhouette coefficient of a partition, Euclidean on the given features, exactly as
/// `sklearn.metrics.silhouette_score` defines it: for each point, `a` = mean distance to the other
/// members of its cluster, `b` = the smallest mean distance to another cluster, `s = (b - a) /
/// max(a, b)`; points in singleton clusters score 0.
public enum Silhouette {
    /// - Parameters:
    ///   - labels: cluster of each observation, in `0..<clusterCount` (empty labels are allowed).
    /// - Throws: when fewer than 2 or more than n - 1 clusters are non-empty (undefined, as in
    ///   scikit-learn).
    /// - Complexity: O(n^2 d) time computed on the fly, O(n k) memory; rows split across threads.
    public static func score(
        _ x: Observations, labels: [Int], parallelism: Parallelism = .allCores
    ) throws -> Double {
        let n = x.count, d = x.dimension
        precondition(labels.count == n)
        let size = try clusterSizes(labels, n: n)
        let k = size.count
        var s = [Double](repeating: 0, count: n)
        let threads = min(parallelism.threads, max(1, n / 256))
        x.values.withUnsafeBufferPointer { xs in
            s.withUnsafeMutableBufferPointer { out in
                Parallelism(threads: threads).run { t in
                    var sums = [Double](repeating: 0, count: k)
                    var i = t
                    while i < n {
                        for c in 0..<k { sums[c] = 0 }
                        let u = xs.baseAddress! + i * d
                        for j in 0..<n where j != i {
                            sums[labels[j]] += squaredEuclidean(u, xs.baseAddress! + j * d, d).squareRoot()
                        }
                        out[i] = pointScore(sums, own: labels[i], size: size)
                        i += threads
                    }
                }
            }
        }
        return s.reduce(0, +) / Double(n)
    }

    /// The same score from precomputed Euclidean distances (``DistanceMatrix`` of the features
    /// with `metric: .euclidean`): O(n^2) lookups instead of O(n^2 d) arithmetic, and bit-identical
    /// to ``score(_:labels:parallelism:)`` (the same distances summed in the same order).
    /// - Complexity: O(n^2) time, O(n k) memory.
    public static func score(distances: DistanceMatrix, labels: [Int]) throws -> Double {
        let n = distances.count
        precondition(labels.count == n)
        let size = try clusterSizes(labels, n: n)
        let k = size.count
        // One pass over the condensed matrix in storage order: D(i, j) goes to point i's sum for
        // j's cluster and to point j's for i's. Point i's sums then receive j < i in increasing
        // order (rows before i), then j > i in increasing order (its own row): the order of the
        // features' silhouette, so the result is bit-identical, with the matrix read contiguously.
        var sums = [Double](repeating: 0, count: n * k)
        sums.withUnsafeMutableBufferPointer { s in
            labels.withUnsafeBufferPointer { label in
                distances.condensed.withUnsafeBufferPointer { d in
                    var at = 0
                    for i in 0..<n {
                        let li = label[i], rowI = i &* k
                        for j in (i &+ 1)..<max(n, i &+ 1) {
                            let v = d[at]
                            s[rowI &+ label[j]] += v
                            s[j &* k &+ li] += v
                            at &+= 1
                        }
                    }
                }
            }
        }
        var total = 0.0
        var point = [Double](repeating: 0, count: k)
        for i in 0..<n {
            for c in 0..<k { point[c] = sums[i * k + c] }
            total += pointScore(point, own: labels[i], size: size)
        }
        return total / Double(n)
    }

    /// Cluster sizes by label, checking that the silhouette is defined (2 to n - 1 non-empty clusters).
    static func clusterSizes(_ labels: [Int], n: Int) throws -> [Int] {
        var size = [Int](repeating: 0, count: (labels.max() ?? -1) + 1)
        for l in labels { size[l] += 1 }
        let used = size.filter { $0 > 0 }.count
        guard used >= 2 && used <= n - 1 else {
            throw ClusteringError.invalidInput("the silhouette needs 2 to n - 1 non-empty clusters; got \(used) for n = \(n)")
        }
        return size
    }

    /// One point's `s = (b - a) / max(a, b)` from its distance sums per cluster; 0 in a singleton.
    @inline(__always)
    static func pointScore(_ sums: [Double], own: Int, size: [Int]) -> Double {
        guard size[own] > 1 else { return 0 }
        let a = sums[own] / Double(size[own] - 1)
        var b = Double.infinity
        for c in 0..<size.count where c != own && size[c] > 0 { b = min(b, sums[c] / Double(size[c])) }
        let m = max(a, b)
        return m > 0 ? (b - a) / m : 0
    }
}
