/// The summariser of the summarised form (spec section 10, level 1): a seeded, deterministic
/// two-level k-means that splits n observations into about m micro-clusters.
///
/// 1. Coarse: `k1 = round(sqrt(m))` centres by k-means++ on a seeded sample of
///    `min(n, max(64 k1, 4096))` rows, ``coarsePasses`` Lloyd passes on that sample; every row is
///    assigned to its nearest coarse centre (parallel over rows).
/// 2. Fine, per coarse cell c of n_c rows (parallel over cells): `m_c = min(n_c, max(1,
///    round(m n_c / n)))` centres by k-means++ on a seeded sample of `min(n_c, 16 m_c)` of its
///    rows, then ``finePasses`` Lloyd passes over all its rows; each row goes to its nearest fine
///    centre. Cell c's generator is `SplitMix64(seed: mix(seed ^ mix(c + 1)))`, so the result
///    does not depend on the number of threads.
/// 3. Micro-clusters are numbered cell by cell, fine centre by fine centre; empty ones are
///    dropped and the rest renumbered densely in that order (``MicroClusters``).
///
/// With `m >= n` every row is its own micro-cluster (micro-cluster i is row i), which makes the
/// summarised form equal to the exact one.
///
/// Why two levels: one k-means with m = 20,000-50,000 centres costs O(n m d) per pass (MiniBatch
/// k-means with 20,000 centres took 232 s at n = 10^6); two levels cost O(n (sqrt(m) + m/sqrt(m)) d),
/// about 2 sqrt(m) distance evaluations per row and pass.
public struct Summariser: Sendable, Equatable {
    /// The target number of micro-clusters m (the result has at most about m; empty ones are dropped).
    public var microClusters: Int
    public var seed: UInt64
    /// Lloyd passes of the coarse level (on its sample).
    public var coarsePasses: Int = 8
    /// Lloyd passes of the fine level (over all rows of each cell).
    public var finePasses: Int = 3
    public var parallelism: Parallelism = .allCores

    public init(microClusters: Int, seed: UInt64 = 0, parallelism: Parallelism = .allCores) {
        self.microClusters = microClusters
        self.seed = seed
        self.parallelism = parallelism
    }

    /// The summariser's name and settings, for summaries.
    public var settings: [(key: String, value: String)] {
        [("method", "two-level k-means"), ("seed", "\(seed)"), ("coarse_passes", "\(coarsePasses)"),
         ("fine_passes", "\(finePasses)"), ("target_micro_clusters", "\(microClusters)")]
    }

    public static func == (l: Summariser, r: Summariser) -> Bool {
        (l.microClusters, l.seed, l.coarsePasses, l.finePasses) == (r.microClusters, r.seed, r.coarsePasses, r.finePasses)
    }

    /// Summarises `x` (group counts from `groups`).
    /// - Throws: for m < 1, mismatched groups, data whose distances could overflow, or a cancellation.
    /// - Complexity: O(n sqrt(m) d (coarse + fine passes)) time, O(n + m d) extra memory.
    public func summarise(
        _ x: Observations, groups: ProtectedAttributes? = nil, cancellation: Cancellation? = nil
    ) throws -> MicroClusters {
        let n = x.count, d = x.dimension
        guard microClusters >= 1 else {
            throw ClusteringError.invalidInput("the number of micro-clusters must be at least 1; got \(microClusters)")
        }
        if let groups, groups.count != n {
            throw ClusteringError.invalidInput("\(groups.count) group labels for \(n) observations")
        }
        guard n >= 1 else { throw ClusteringError.invalidInput("micro-clusters need at least one observation") }
        try x.checkDistanceRange()
        if microClusters >= n { return MicroClusters.singletons(observations: x, groups: groups) }
        let m = microClusters
        let k1 = max(1, min(m, Int(Double(m).squareRoot().rounded())))
        let threads = max(1, parallelism.threads)

        // Coarse level on a sample.
        let sampleSize = min(n, max(64 * k1, 4096))
        let sample = Subsample.indices(population: n, size: sampleSize, seed: SplitMix64.mix(seed ^ 0xC0A2_5E)).map { Int32($0) }
        var rng = SplitMix64(seed: SplitMix64.mix(seed))
        var coarse = x.values.withUnsafeBufferPointer { xs in
            KMeans.seedPlusPlus(xs.baseAddress!, d: d, rows: sample, k: k1, rng: &rng)
        }
        _ = x.values.withUnsafeBufferPointer { xs in
            KMeans.lloyd(xs.baseAddress!, d: d, rows: sample, centres: &coarse, passes: coarsePasses)
        }
        try cancellation?.check()
        let kc = coarse.count / d
        var cellOf = [Int32](repeating: 0, count: n)
        x.values.withUnsafeBufferPointer { xs in
            coarse.withUnsafeBufferPointer { cs in
                cellOf.withUnsafeMutableBufferPointer { out in
                    let xb = xs.baseAddress!, cb = cs.baseAddress!, o = out.baseAddress!
                    let chunk = (n + threads - 1) / threads
                    Parallelism(threads: threads).run { t in
                        for i in (t * chunk)..<min(n, (t + 1) * chunk) {
                            o[i] = Int32(KMeans.nearest(xb + i &* d, centres: cb, k: kc, d: d).0)
                        }
                    }
                }
            }
        }
        try cancellation?.check()

        // Rows of each cell, ascending.
        var cellStart = [Int](repeating: 0, count: kc + 1)
        for c in cellOf { cellStart[Int(c) + 1] += 1 }
        for c in 0..<kc { cellStart[c + 1] += cellStart[c] }
        var cellRows = [Int32](repeating: 0, count: n)
        var fill = Array(cellStart.dropLast())
        for i in 0..<n {
            let c = Int(cellOf[i])
            cellRows[fill[c]] = Int32(i)
            fill[c] += 1
        }
        // Fine centres per cell and where each cell's labels start.
        var fineCount = [Int](repeating: 0, count: kc)
        var labelStart = [Int](repeating: 0, count: kc + 1)
        for c in 0..<kc {
            let nc = cellStart[c + 1] - cellStart[c]
            fineCount[c] = nc == 0 ? 0 : min(nc, max(1, Int((Double(m) * Double(nc) / Double(n)).rounded())))
            labelStart[c + 1] = labelStart[c] + fineCount[c]
        }

        // Fine level, one cell at a time per thread; each writes only its own rows' labels.
        var labels = [Int32](repeating: 0, count: n)
        let seed = self.seed, finePasses = self.finePasses
        x.values.withUnsafeBufferPointer { xs in
            labels.withUnsafeMutableBufferPointer { lb in
                let xb = xs.baseAddress!, out = lb.baseAddress!
                Parallelism(threads: min(threads, max(1, kc))).run { t in
                    var c = t
                    while c < kc {
                        defer { c += threads }
                        if cancellation.stopRequested { return }
                        let rows = Array(cellRows[cellStart[c]..<cellStart[c + 1]])
                        let k = fineCount[c]
                        guard k > 0 else { continue }
                        if k >= rows.count {
                            for (p, r) in rows.enumerated() { out[Int(r)] = Int32(labelStart[c] + p) }
                            continue
                        }
                        var rng = SplitMix64(seed: SplitMix64.mix(seed ^ SplitMix64.mix(UInt64(c + 1))))
                        let seedRows: [Int32]
                        if rows.count > 16 * k {
                            seedRows = Subsample.indices(population: rows.count, size: 16 * k, seed: rng.next()).map { rows[$0] }
                        } else {
                            seedRows = rows
                        }
                        var centres = KMeans.seedPlusPlus(xb, d: d, rows: seedRows, k: k, rng: &rng)
                        let local = KMeans.lloyd(xb, d: d, rows: rows, centres: &centres, passes: finePasses)
                        for (p, r) in rows.enumerated() { out[Int(r)] = Int32(labelStart[c] + Int(local[p])) }
                    }
                }
            }
        }
        try cancellation?.check()
        return try MicroClusters(assignment: labels.map { Int($0) }, observations: x, groups: groups)
    }
}
