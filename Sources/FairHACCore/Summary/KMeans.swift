/// The small k-means kernels the summariser is built from: k-means++ seeding, Lloyd passes and
/// nearest-centre assignment, on rows given by index into a row-major table. Squared Euclidean
/// distances throughout; exact ties go to the lowest centre index. All randomness comes from the
/// caller's ``SplitMix64``.
enum KMeans {
    /// The nearest of `k` centres (row-major, `d` each) to `point`: (index, squared distance).
    @inline(__always)
    static func nearest(
        _ point: UnsafePointer<Double>, centres: UnsafePointer<Double>, k: Int, d: Int
    ) -> (Int, Double) {
        var best = Double.infinity, at = 0
        for c in 0..<k {
            let v = squaredEuclideanLanes(point, centres + c &* d, d)
            if v < best {
                best = v
                at = c
            }
        }
        return (at, best)
    }

    /// k-means++ seeding (Arthur and Vassilvitskii 2007) over the rows `rows` of `x`: the first
    /// centre uniformly, each next one with probability proportional to its squared distance to
    /// the nearest centre chosen so far. Returns `min(k, rows.count)` centres (fewer when the rows
    /// run out of distinct points).
    /// - Complexity: O(k s d) for s rows.
    static func seedPlusPlus(
        _ x: UnsafePointer<Double>, d: Int, rows: [Int32], k: Int, rng: inout SplitMix64
    ) -> [Double] {
        let s = rows.count
        guard s > 0, k > 0 else { return [] }
        var centres = [Double]()
        centres.reserveCapacity(k * d)
        var minD = [Double](repeating: .infinity, count: s)
        var next = Int(rows[rng.below(s)])
        for _ in 0..<min(k, s) {
            let c = x + next &* d
            for j in 0..<d { centres.append(c[j]) }
            var total = 0.0
            for p in 0..<s {
                let v = squaredEuclideanLanes(x + Int(rows[p]) &* d, c, d)
                if v < minD[p] { minD[p] = v }
                total += minD[p]
            }
            guard total > 0, total.isFinite else { break }
            var target = rng.unit() * total
            var chosen = s - 1
            for p in 0..<s {
                target -= minD[p]
                if target < 0 && minD[p] > 0 {
                    chosen = p
                    break
                }
            }
            // Rounding can leave the target unspent: the last row with a positive weight.
            if minD[chosen] == 0, let last = (0..<s).last(where: { minD[$0] > 0 }) { chosen = last }
            next = Int(rows[chosen])
        }
        return centres
    }

    /// `passes` Lloyd iterations of the centres over the rows `rows` of `x`: assign each row to
    /// its nearest centre, move each centre to its rows' mean (a centre with no rows stays).
    /// Returns the label (centre index) of each row after the last assignment.
    /// - Complexity: O(passes s k d) for s rows and k centres.
    static func lloyd(
        _ x: UnsafePointer<Double>, d: Int, rows: [Int32], centres: inout [Double], passes: Int
    ) -> [Int32] {
        let s = rows.count, k = centres.count / max(1, d)
        var labels = [Int32](repeating: 0, count: s)
        guard k > 0 else { return labels }
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Int](repeating: 0, count: k)
        for pass in 0...max(0, passes) {
            centres.withUnsafeBufferPointer { cb in
                for p in 0..<s {
                    labels[p] = Int32(nearest(x + Int(rows[p]) &* d, centres: cb.baseAddress!, k: k, d: d).0)
                }
            }
            if pass == passes { break }
            for i in sums.indices { sums[i] = 0 }
            for i in counts.indices { counts[i] = 0 }
            for p in 0..<s {
                let c = Int(labels[p]), row = x + Int(rows[p]) &* d
                counts[c] += 1
                for j in 0..<d { sums[c * d + j] += row[j] }
            }
            for c in 0..<k where counts[c] > 0 {
                let inv = Double(counts[c])
                for j in 0..<d { centres[c * d + j] = sums[c * d + j] / inv }
            }
        }
        return labels
    }
}
