/// The reference fair merge loop: Algorithm 1 and the selection rules written as the spec states
/// them, on a dense matrix, scanning every pair at every merge. O(m n^3); for tests.
///
/// It shares with the fast loop only the one-line pieces that define the arithmetic (the
/// Lance–Williams rules and ``PairScorer``), so both produce bit-identical values.
enum FairMergeReference {
    static func run(
        linkage: Linkage, matrix: DistanceMatrix, groups: GroupAssignment, configuration c: FairMergeLoop.Configuration
    ) -> [(Int, Int, Double)] {
        let n = matrix.count
        let m = groups.groupCount
        var D = (0..<n).map { i in (0..<n).map { j in matrix[i, j] } }
        var size = [Int](repeating: 1, count: n)
        var alive = [Bool](repeating: true, count: n)
        var counts = [Int32](repeating: 0, count: n * m)
        for i in 0..<n { counts[i * m + groups.memberships[i]] = 1 }
        let scorer = c.scorer
        var pairs: [(Int, Int, Double)] = []

        for step in 0..<(n - 1) {
            let clusters = n - step
            var chosen = (a: -1, b: -1)
            counts.withUnsafeBufferPointer { cb in
                let cp = cb.baseAddress!
                if clusters <= c.k {
                    // Above k: plain linkage, the closest pair, the first in slot order on ties.
                    var best = Double.infinity
                    for a in 0..<n where alive[a] {
                        for b in (a + 1)..<n where alive[b] && D[a][b] < best {
                            best = D[a][b]
                            chosen = (a, b)
                        }
                    }
                    return
                }
                let (eps, dlt) = c.schedule.tolerances(n: n, clusters: clusters, k: c.k)
                switch c.rule {
                case .paper:
                    // T <- 0, d_min <- +inf; scan pairs a < b in slot order.
                    var sumT = 0
                    var dMin = Double.infinity
                    for a in 0..<n where alive[a] {
                        for b in (a + 1)..<n where alive[b] {
                            let s = scorer.keptFair(cp, a, b, size: Double(size[a] + size[b]), eps: eps)
                            let dist = D[a][b]
                            let mult = scorer.multiplicativeLimit(dMin, dlt: dlt)
                            let accept: Bool
                            switch c.paperVariant {
                            case .literal: accept = s >= sumT && dist <= mult
                            case .strict: accept = (s > sumT && dist <= mult) || (s == sumT && dist < dMin)
                            case .additive: accept = s >= sumT && dist <= scorer.additiveLimit(dMin, dlt: dlt)
                            }
                            if accept {
                                sumT = s
                                dMin = dist
                                chosen = (a, b)
                            }
                        }
                    }
                case .window, .gain:
                    var dStar = Double.infinity
                    for a in 0..<n where alive[a] {
                        for b in (a + 1)..<n where alive[b] { dStar = min(dStar, D[a][b]) }
                    }
                    let limit = scorer.multiplicativeLimit(dStar, dlt: dlt)
                    var best = CandidateKey.none
                    for a in 0..<n where alive[a] {
                        for b in (a + 1)..<n where alive[b] && D[a][b] <= limit {
                            let s = Double(size[a] + size[b])
                            let score: Double
                            if c.rule == .window {
                                score = Double(scorer.keptFair(cp, a, b, size: s, eps: eps))
                            } else {
                                score = scorer.gain(
                                    cp, a, b, costA: scorer.cost(cp, a, size: Double(size[a])),
                                    costB: scorer.cost(cp, b, size: Double(size[b])), size: s)
                            }
                            let key = CandidateKey(score: score, distance: D[a][b], a: a, b: b)
                            if key.isBetter(than: best) { best = key }
                        }
                    }
                    chosen = (best.a, best.b)
                }
            }
            let (a, b) = chosen
            let dab = D[a][b]
            pairs.append((a, b, dab))
            for z in 0..<n where alive[z] && z != a && z != b {
                let v = linkage.merged(dAK: D[a][z], dBK: D[b][z], dAB: dab, sizeA: size[a], sizeB: size[b], sizeK: size[z])
                D[b][z] = v
                D[z][b] = v
            }
            size[b] += size[a]
            alive[a] = false
            for l in 0..<m { counts[b * m + l] += counts[a * m + l] }
        }
        return pairs
    }
}
