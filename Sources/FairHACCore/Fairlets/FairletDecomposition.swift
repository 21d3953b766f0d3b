/// A partition of the points into *fairlets*: small clusters in which no group exceeds the cap,
/// with a small sum of intra-fairlet distances (Ahmadian et al. 2020, the first step of AFHAC).
///
/// Construction (the project's reading of the spec, section 7):
/// 1. **Round-robin start.** The points of each group are shuffled with the seed, the groups are
///    laid end to end (largest group first, ties by group index), and the i-th point of that
///    sequence goes to fairlet `i mod F`. Every fairlet then gets `floor` or `ceil` of
///    `c_l / F` points of group l. `F` is the largest count for which this dealing meets the
///    cap, found in O(m) per candidate (so small fairlets: size 2-4 for caps like 1/2 or 2/3).
///    When the cap is exactly the largest group's share of the data, every fairlet must have
///    exactly that share, so `F` divides `gcd(n, c_max)`: with real data this can force a few
///    large fairlets (`largestFairletSize` says so).
/// 2. **eps/n local search.** Swap two points of the *same* group that sit in different
///    fairlets (so every fairlet keeps its group counts, and the cap) whenever the swap lowers
///    the sum of intra-fairlet distances by more than a factor `1 + eps/n`. u runs over the
///    points in index order and, for each, v over the later-indexed points of u's group in the
///    seeded order of step 1; a pass that makes no swap ends it.
///
/// The sums `S[f][x]` (distance from point x to the members of fairlet f) are kept in an
/// `F x n` table, so a swap is judged in O(1) and applied in O(n) with two contiguous row
/// updates (fairlet-major: the point-major layout touched a different cache line for every x,
/// and was measurably slower; see docs/benchmarks.md).
public struct FairletDecomposition: Sendable, Equatable {
    /// Fairlet index of every point.
    public let assignment: [Int]
    /// Members of each fairlet, in increasing order; fairlets in order of their smallest member.
    public let members: [[Int]]
    /// Sum of intra-fairlet distances after the round-robin start and after the local search.
    public let initialCost: Double
    public let cost: Double
    /// Swaps made and passes run by the local search; `converged` is false when it stopped at
    /// the pass limit rather than at a local optimum.
    public let swaps: Int
    public let passes: Int
    public let converged: Bool

    public var count: Int { members.count }
    public var largestFairletSize: Int { members.map(\.count).max() ?? 0 }

    /// Estimated bytes beyond the distance matrix: the `F x n` table of the local search, the
    /// matrix between fairlets, and the copy of the largest fairlet's matrix that its inner tree
    /// is built on (a second whole matrix when there is one fairlet).
    public static func workspaceBytes(observations n: Int, groups: GroupAssignment, cap: FairnessCap) -> Int {
        let f = roundRobinFairletCount(counts: groups.counts, cap: cap) ?? 1
        let largest = (n + f - 1) / f
        return (f > 1 && f < n ? 8 * n * f : 0) + 8 * (f * (f - 1) / 2) + 8 * (largest * (largest - 1) / 2) + 64 * n
    }

    /// - Parameters:
    ///   - epsilon: the local search's `eps` (> 0); a swap must lower the cost by more than a
    ///     factor `1 + eps/n`.
    ///   - maxPasses: a bound on the passes of the local search (each pass is O(sum_l c_l^2)).
    /// - Throws: when the data cannot meet the cap (its largest group's share is above it), with
    ///   the smallest feasible cap in the message.
    public init(
        distances: DistanceMatrix, groups: GroupAssignment, cap: FairnessCap,
        epsilon: Double = 0.1, seed: UInt64 = 0, maxPasses: Int = 200
    ) throws {
        let n = distances.count
        guard groups.count == n else {
            throw ClusteringError.invalidInput("\(groups.count) group labels for \(n) observations")
        }
        guard epsilon.isFinite, epsilon > 0 else {
            throw ClusteringError.invalidParameter(.epsilon, value: "\(epsilon)", expected: "a positive number")
        }
        guard maxPasses >= 0 else { throw ClusteringError.invalidInput("maxPasses must be >= 0") }
        let counts = groups.counts
        guard let fairletCount = Self.roundRobinFairletCount(counts: counts, cap: cap) else {
            throw Self.infeasible(groups: groups, cap: cap)
        }
        let f = fairletCount

        // 1. Round-robin start.
        var rng = SplitMix64(seed: seed)
        var byGroup = [[Int]](repeating: [], count: groups.groupCount)
        for i in 0..<n { byGroup[groups.memberships[i]].append(i) }
        for l in byGroup.indices {
            for i in stride(from: byGroup[l].count - 1, to: 0, by: -1) {
                byGroup[l].swapAt(i, rng.below(i + 1))
            }
        }
        let groupOrder = byGroup.indices.sorted { (-byGroup[$0].count, $0) < (-byGroup[$1].count, $1) }
        var assignment = [Int](repeating: 0, count: n)
        var position = 0
        for l in groupOrder {
            for point in byGroup[l] {
                assignment[point] = position % f
                position += 1
            }
        }

        // 2. Local search on the F x n table of sums.
        // One fairlet, or n singletons: no swap can change the cost, so no table and no search.
        let searching = f > 1 && f < n
        var table = [Double](repeating: 0, count: searching ? n * f : 0)
        var cost = 0.0, startCost = 0.0
        var swaps = 0, passes = 0, converged = true
        if searching {
            distances.condensed.withUnsafeBufferPointer { dc in
                table.withUnsafeMutableBufferPointer { tb in
                    assignment.withUnsafeMutableBufferPointer { fa in
                        let d = dc.baseAddress!, s = tb.baseAddress!, a = fa.baseAddress!
                        var k = 0
                        for i in 0..<n {
                            let fi = a[i]
                            for j in (i + 1)..<n {
                                let v = d[k]
                                k += 1
                                s[a[j] * n + i] += v
                                s[fi * n + j] += v
                            }
                        }
                        for i in 0..<n { cost += s[a[i] * n + i] }
                        cost /= 2
                        startCost = cost
                        let layout = CondensedLayout(count: n)
                        @inline(__always) func dist(_ x: Int, _ y: Int) -> Double { d[layout.index(either: x, y)] }
                        let shrink = (epsilon / Double(n)) / (1 + epsilon / Double(n))
                        var improved = true
                        while improved && passes < maxPasses {
                            improved = false
                            passes += 1
                            for u in 0..<n {
                                let members = byGroup[groups.memberships[u]]
                                for v in members where v > u {
                                    let fu = a[u], fv = a[v]
                                    if fu == fv { continue }
                                    let duv = dist(u, v)
                                    let delta = (s[fu * n + v] - s[fu * n + u]) + (s[fv * n + u] - s[fv * n + v]) - 2 * duv
                                    guard delta < 0, delta < -cost * shrink else { continue }
                                    let rowU = s + fu * n, rowV = s + fv * n
                                    for x in 0..<n {
                                        let dxu = x == u ? 0 : dist(x, u), dxv = x == v ? 0 : dist(x, v)
                                        rowU[x] += dxv - dxu
                                        rowV[x] += dxu - dxv
                                    }
                                    a[u] = fv
                                    a[v] = fu
                                    cost += delta
                                    swaps += 1
                                    improved = true
                                }
                            }
                        }
                        converged = !improved
                    }
                }
            }
        }
        // The reported cost is recomputed exactly (the running sum drifts by rounding).
        let finalCost = Self.intraCost(distances, assignment)
        let initialCost = !searching || swaps == 0 ? finalCost : startCost

        // Fairlets numbered by smallest member.
        var renumber = [Int](repeating: -1, count: f)
        var members: [[Int]] = []
        for i in 0..<n where renumber[assignment[i]] < 0 {
            renumber[assignment[i]] = members.count
            members.append([])
        }
        for i in 0..<n {
            assignment[i] = renumber[assignment[i]]
            members[assignment[i]].append(i)
        }
        self.assignment = assignment
        self.members = members
        self.initialCost = initialCost
        self.cost = finalCost
        self.swaps = swaps
        self.passes = passes
        self.converged = converged
    }

    /// The largest fairlet count `F` for which round-robin dealing (see the type's notes) meets
    /// the cap; `nil` when no partition can (the data's largest group is above the cap).
    /// - Complexity: O(n m).
    public static func roundRobinFairletCount(counts: [Int], cap: FairnessCap) -> Int? {
        let n = counts.reduce(0, +)
        guard n > 0, cap.allows(count: counts.max() ?? 0, size: n) else { return nil }
        let order = counts.indices.sorted { (-counts[$0], $0) < (-counts[$1], $1) }
        var start = [Int](repeating: 0, count: counts.count)
        var position = 0
        for l in order {
            start[l] = position
            position += counts[l]
        }
        for f in stride(from: n, through: 1, by: -1) {
            let small = n / f, lo = n % f  // fairlets 0..<lo have small + 1 points
            let big = lo > 0 ? small + 1 : small
            var ok = true
            for l in counts.indices where counts[l] > 0 {
                let base = counts[l] / f, r = counts[l] % f, first = start[l] % f
                if r > 0 {
                    // The fairlets with one extra point: a cyclic run of r from `first`.
                    let allBig = first + r <= lo
                    if !cap.allows(count: base + 1, size: allBig ? big : small) { ok = false; break }
                }
                if f - r > 0 {
                    let restFirst = (first + r) % f
                    let allBig = restFirst + (f - r) <= lo
                    if !cap.allows(count: base, size: allBig ? big : small) { ok = false; break }
                }
            }
            if ok { return f }
        }
        return nil
    }

    /// The tightest cap under which round-robin dealing into `fairletCount` fairlets is
    /// feasible: the largest group share in any of those fairlets, as an exact fraction. Used to
    /// suggest a cap when the default one (the data's largest share) forces few, large fairlets.
    /// - Complexity: O(n m).
    public static func tightestCap(counts: [Int], fairletCount f: Int) -> FairnessCap {
        let n = counts.reduce(0, +)
        precondition(n > 0 && f >= 1 && f <= n)
        let order = counts.indices.sorted { (-counts[$0], $0) < (-counts[$1], $1) }
        var dealt = [[Int]](repeating: [Int](repeating: 0, count: counts.count), count: f)
        var position = 0
        for l in order {
            for _ in 0..<counts[l] {
                dealt[position % f][l] += 1
                position += 1
            }
        }
        var best = (numerator: 0, denominator: 1)
        for c in dealt {
            let size = c.reduce(0, +), top = c.max() ?? 0
            if top * best.denominator > best.numerator * size { best = (top, size) }
        }
        return FairnessCap(numerator: max(1, best.numerator), denominator: max(1, best.denominator))
    }

    static func infeasible(groups: GroupAssignment, cap: FairnessCap) -> ClusteringError {
        let counts = groups.counts, n = groups.count
        let top = counts.indices.max { (counts[$0], -$0) < (counts[$1], -$1) } ?? 0
        return .infeasibleCap(
            requested: cap, group: groups.names[top], count: counts[top], total: n,
            smallest: FairnessCap.dataShares(groups), twoGroups: groups.groupCount == 2 && n - counts[top] >= 1)
    }

    /// Sum of distances over pairs in the same fairlet.
    static func intraCost(_ distances: DistanceMatrix, _ assignment: [Int]) -> Double {
        let n = distances.count
        var total = 0.0, k = 0
        distances.condensed.withUnsafeBufferPointer { d in
            for i in 0..<n {
                let fi = assignment[i]
                for j in (i + 1)..<n {
                    if assignment[j] == fi { total += d[k] }
                    k += 1
                }
            }
        }
        return total
    }
}
