/// The slow path of ``MergeState/bestPair(within:parallelism:maxScore:minimumParallelWork:score:)``:
/// rows read whole, in the order given, a batch at a time split across threads.
///
/// Each row `x` read yields its nearest slot above it (the first on exact ties), the entries
/// within `radius` for its near list (see ``NearLists/Collector``), and every pair `(x, j)`
/// within `limit` scored; the best pair is kept by ``CandidateKey``'s total order, so the answer
/// does not depend on how the rows are dealt to threads. When `maxScore` is given and the best
/// pair so far reaches it, the scan stops at the first row whose bound exceeds that pair's
/// distance (rows come in increasing order of bound).
struct WholeRowScan {
    /// Per row read, by position in the rows given: its nearest slot above it and distance.
    private(set) var nearest: [ArgMin]
    /// Per row read: its entries within the radius (none when the radius is `-inf`).
    private(set) var lists: [ContiguousArray<NearLists.Entry>]
    /// How many of the rows given were read (a prefix).
    private(set) var scanned: Int
    /// The best pair found, starting from the one given.
    private(set) var best: CandidateKey

    /// Reads `rows` (sorted by their bounds `bounds[x]`) of the condensed matrix `d`.
    /// `score(a, b, D)` runs concurrently: it must only read shared state.
    init<S: MatrixScalar>(
        rows: [Int], bounds: [Double], within limit: Double, radius: Double, capacity: Int, startingFrom best: CandidateKey,
        maxScore: Double?, threads: Int, minimumParallelWork: Int,
        matrix d: UnsafeBufferPointer<S>, layout base: CondensedLayout.Rows, active: ActiveSlots.View,
        score: (Int, Int, Double, Double) -> Double
    ) {
        var best = best, scanned = 0
        var nearest = [ArgMin](repeating: .empty, count: rows.count)
        var lists = [ContiguousArray<NearLists.Entry>](repeating: [], count: radius > -.infinity ? rows.count : 0)
        var partBest = [CandidateKey](repeating: .none, count: threads)
        let count = active.count
        nearest.withUnsafeMutableBufferPointer { nOut in
            lists.withUnsafeMutableBufferPointer { lOut in
                partBest.withUnsafeMutableBufferPointer { bestOut in
                    while scanned < rows.count {
                        if let maxScore, best.score >= maxScore, bounds[rows[scanned]] > best.distance { break }
                        let batch = min(rows.count - scanned, threads * 16)
                        let parts = batch * count >= minimumParallelWork ? min(threads, batch) : 1
                        let first = scanned
                        let best0 = best
                        Parallelism(threads: parts).run { t in
                            let best = best0
                            var local = CandidateKey.none
                            var r = first + t
                            while r < first + batch {
                                let x = rows[r]
                                let row = base[x]
                                var rowBest = ArgMin.empty
                                var list = NearLists.Collector(radius: radius, capacity: capacity)
                                let start = active.position(of: x) + 1
                                for p in start..<max(count, start) {
                                    let j = active[p]
                                    let v = d[row &+ j].widened
                                    rowBest.consider(v, at: j)
                                    list.consider(j, v)
                                    if v <= limit {
                                        let floor = max(local.score, best.score)
                                        let key = CandidateKey(score: score(x, j, v, floor), distance: v, a: x, b: j)
                                        if key.isBetter(than: local) { local = key }
                                    }
                                }
                                nOut[r] = rowBest
                                if radius > -.infinity { lOut[r] = list.list }
                                r += parts
                            }
                            bestOut[t] = local
                        }
                        for t in 0..<parts where bestOut[t].isBetter(than: best) { best = bestOut[t] }
                        scanned += batch
                    }
                }
            }
        }
        self.nearest = nearest
        self.lists = lists
        self.scanned = scanned
        self.best = best
    }
}
