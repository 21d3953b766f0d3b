import Testing
@testable import FairHACCore

@Suite("AFHAC: fairlets and the fairlet tree")
struct FairletTests {
    /// Group counts of every node id of a tree (leaves, then merges).
    func nodeCounts(_ tree: Dendrogram, _ groups: GroupAssignment) -> [[Int]] {
        var counts = (0..<tree.leafCount).map { i in
            (0..<groups.groupCount).map { $0 == groups.memberships[i] ? 1 : 0 }
        }
        for m in tree.merges { counts.append(zip(counts[m.a], counts[m.b]).map { $0 + $1 }) }
        return counts
    }

    @Test("every fairlet, every node above the fairlets and every k-cut up to F meet the cap", arguments: [2, 3, 4, 5])
    func capRespected(m: Int) throws {
        for seed in UInt64(1)...6 {
            let n = 40 + Int(seed) * 13
            let x = RandomData.points(n: n, d: 3, seed: seed)
            let groups = RandomData.groups(n: n, m: m, seed: seed)
            let shareCap = FairnessCap.dataShares(groups)
            let caps = [shareCap, try FairnessCap(alpha: 1 / min(1, shareCap.maxShare + 0.1)), try FairnessCap(alpha: 1 / min(1, shareCap.maxShare + 0.3))]
                + (m == 2 ? [try FairnessCap(ratio: 1, 3)].filter { $0.allows(counts: groups.counts) } : [])
            for cap in caps {
                for objective in FairletHierarchicalClustering.Objective.allCases {
                    let result = try FairletHierarchicalClustering(objective: objective, cap: cap, seed: seed).fit(x, groups: groups)
                    let fairlets = result.fairlets
                    #expect(Set(fairlets.members.flatMap { $0 }) == Set(0..<n))
                    for members in fairlets.members {
                        var c = [Int](repeating: 0, count: m)
                        for p in members { c[groups.memberships[p]] += 1 }
                        #expect(cap.allows(counts: c), "fairlet \(members) over cap \(cap)")
                    }
                    let tree = result.dendrogram
                    let counts = nodeCounts(tree, groups)
                    let f = fairlets.count
                    // The last F - 1 merges join whole fairlets: each meets the cap.
                    for id in (2 * n - f)..<(2 * n - 1) {
                        #expect(cap.allows(counts: counts[id]), "node \(id) over cap")
                    }
                    for k in 1...f {
                        let labels = try tree.labels(clusterCount: k)
                        for members in fairlets.members {
                            #expect(Set(members.map { labels[$0] }).count == 1, "k = \(k) splits a fairlet")
                        }
                    }
                    // At k = F the clusters are exactly the fairlets.
                    let atF = try tree.labels(clusterCount: f)
                    #expect(Set(fairlets.members.map { atF[$0[0]] }).count == f)
                }
            }
        }
    }

    @Test("round-robin fairlet count equals a search over every dealing")
    func roundRobinCount() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<300 {
            let m = 2 + rng.below(3)
            let counts = (0..<m).map { _ in 1 + rng.below(12) }
            let n = counts.reduce(0, +)
            let cap = rng.below(2) == 0
                ? FairnessCap(numerator: counts.max()!, denominator: n)
                : try FairnessCap(alpha: 1 / (Double(counts.max()!) / Double(n) + rng.unit() * 0.3).clamped(to: 0.01...1))
            // Deal explicitly for every F and keep the largest that meets the cap.
            let order = counts.indices.sorted { (-counts[$0], $0) < (-counts[$1], $1) }
            let sequence = order.flatMap { l in [Int](repeating: l, count: counts[l]) }
            var expected: Int?
            for f in stride(from: n, through: 1, by: -1) {
                var c = [[Int]](repeating: [Int](repeating: 0, count: m), count: f)
                for (i, l) in sequence.enumerated() { c[i % f][l] += 1 }
                if c.allSatisfy({ cap.allows(counts: $0) }) { expected = f; break }
            }
            #expect(FairletDecomposition.roundRobinFairletCount(counts: counts, cap: cap) == expected, "\(counts) \(cap)")
        }
    }

    @Test("the local search lowers the cost and ends at an eps/n local optimum")
    func localSearch() throws {
        for seed in UInt64(1)...8 {
            let n = 60
            let x = RandomData.points(n: n, d: 2, seed: seed)
            let groups = RandomData.groups(n: n, m: 3, seed: seed)
            let dm = try DistanceMatrix(observations: x, metric: .euclidean)
            let cap = try FairnessCap(alpha: 1 / min(1, FairnessCap.dataShares(groups).maxShare + 0.15))
            let eps = 0.1
            let fl = try FairletDecomposition(distances: dm, groups: groups, cap: cap, epsilon: eps, seed: seed)
            #expect(fl.converged)
            #expect(fl.cost <= fl.initialCost)
            if fl.count > 1 { #expect(fl.swaps > 0 && fl.cost < fl.initialCost) }
            func cost(_ a: [Int]) -> Double {
                var t = 0.0
                for i in 0..<n { for j in (i + 1)..<n where a[i] == a[j] { t += dm[i, j] } }
                return t
            }
            #expect(abs(cost(fl.assignment) - fl.cost) <= 1e-9 * fl.cost)
            // No same-group swap lowers the cost by more than the factor 1 + eps/n.
            for u in 0..<n {
                for v in (u + 1)..<n where groups.memberships[u] == groups.memberships[v] && fl.assignment[u] != fl.assignment[v] {
                    var a = fl.assignment
                    a.swapAt(u, v)
                    #expect(cost(a) >= fl.cost / (1 + eps / Double(n)) - 1e-9)
                }
            }
        }
    }

    @Test("cap 1: AFHAC-V is plain average linkage, AFHAC-R is average linkage on d/(1+d)")
    func capOne() throws {
        for seed in UInt64(1)...5 {
            let x = RandomData.points(n: 50, d: 3, seed: seed)
            let groups = RandomData.groups(n: 50, m: 3, seed: seed)
            let v = try FairletHierarchicalClustering(objective: .value, cap: FairnessCap(alpha: 1)).fit(x, groups: groups)
            #expect(v.fairlets.count == 50)
            let plain = try HierarchicalClustering(linkage: .average).fit(x)
            #expect(v.dendrogram == plain)
            let dm = try DistanceMatrix(observations: x, metric: .euclidean)
            let r = try FairletHierarchicalClustering(objective: .revenue, cap: FairnessCap(alpha: 1)).fit(distances: dm, groups: groups)
            let transformed = try DistanceMatrix(condensed: dm.condensed.map { $0 / (1 + $0) }, count: 50)
            #expect(r.dendrogram == (try HierarchicalClustering(linkage: .average).fit(distances: transformed)))
        }
    }

    @Test("fairlet merges are average linkage over weighted fairlets: heights are mean pair dissimilarities",
          arguments: FairletHierarchicalClustering.Objective.allCases)
    func fairletHeights(objective: FairletHierarchicalClustering.Objective) throws {
        let n = 45
        let x = RandomData.points(n: n, d: 2, seed: 3)
        let groups = RandomData.groups(n: n, m: 2, seed: 3)
        let dm = try DistanceMatrix(observations: x, metric: .euclidean)
        // AFHAC-V on distances; AFHAC-R on 1 - w = d/(1+d), w = 1/(1+d) the similarity.
        let dissimilarity: (Double) -> Double = objective == .value ? { $0 } : { 1 - 1 / (1 + $0) }
        let result = try FairletHierarchicalClustering(objective: objective, cap: FairnessCap(ratio: 1, 2)).fit(distances: dm, groups: groups)
        let tree = result.dendrogram, f = result.fairlets.count
        #expect(f > 5)
        var members = (0..<n).map { [$0] }
        for m in tree.merges { members.append(members[m.a] + members[m.b]) }
        for (i, m) in tree.merges.enumerated() {
            var total = 0.0
            for p in members[m.a] { for q in members[m.b] { total += dissimilarity(dm[p, q]) } }
            let mean = total / Double(members[m.a].count * members[m.b].count)
            #expect(abs(m.height - mean) <= 1e-12 * max(1, mean), "merge \(i)")
        }
        // Heights rise within each of the two phases.
        let inner = tree.merges.prefix(n - f).map(\.height), outer = tree.merges.suffix(f - 1).map(\.height)
        #expect(inner == inner.sorted() && outer == outer.sorted())
    }

    @Test("edge cases: two points, an empty group, one fairlet, the pass limit, huge ratios")
    func edgeCases() throws {
        // Two points of two groups: one fairlet under cap 1/2, one merge.
        let two = try Observations(rows: [[0, 0], [3, 4]])
        let pair = try FairletHierarchicalClustering(objective: .value, cap: FairnessCap(alpha: 2))
            .fit(two, groups: try GroupAssignment(labels: ["a", "b"]))
        #expect(pair.fairlets.count == 1 && pair.dendrogram.merges.count == 1)
        #expect(pair.dendrogram.merges[0].height == 5)

        // A named group without members changes nothing.
        let x = RandomData.points(n: 30, d: 2, seed: 4)
        let labels = RandomData.groups(n: 30, m: 2, seed: 4)
        let withEmpty = try GroupAssignment(names: labels.names + ["none"], memberships: labels.memberships)
        let cap = try FairnessCap(alpha: 1 / min(1, FairnessCap.dataShares(labels).maxShare + 0.1))
        let a = try FairletHierarchicalClustering(objective: .value, cap: cap).fit(x, groups: labels)
        let b = try FairletHierarchicalClustering(objective: .value, cap: cap).fit(x, groups: withEmpty)
        #expect(a.dendrogram == b.dendrogram && a.fairlets == b.fairlets)

        // All one group: the only feasible cap is 1, and the error says so without a --ratio.
        let single = try GroupAssignment(labels: Array(repeating: "a", count: 30))
        do {
            _ = try FairletHierarchicalClustering(objective: .value, cap: FairnessCap(alpha: 2)).fit(x, groups: single)
            Issue.record("expected an error")
        } catch let error as ClusteringError {
            #expect(error.description.contains("alpha 1 (no cap)"))
            guard case let .infeasibleCap(_, group, count, total, smallest, twoGroups) = error else {
                Issue.record("expected .infeasibleCap, got \(error)")
                return
            }
            #expect(group == "a" && count == 30 && total == 30 && smallest.alpha == 1 && !twoGroups)
        }
        // Two named groups, one empty: no --ratio with a zero term is suggested.
        let oneSided = try GroupAssignment(names: ["a", "b"], memberships: Array(repeating: 0, count: 30))
        do {
            _ = try FairletHierarchicalClustering(objective: .value, cap: FairnessCap(alpha: 2)).fit(x, groups: oneSided)
            Issue.record("expected an error")
        } catch let error as ClusteringError {
            #expect(!error.description.contains("--ratio"))
        }

        // The default cap on 2 groups of 15: every fairlet has exactly the data's shares.
        let halves = try GroupAssignment(names: ["a", "b"], memberships: (0..<30).map { $0 % 2 })
        let even = try FairletHierarchicalClustering(objective: .value).fit(x, groups: halves)
        #expect(even.cap.fraction! == (1, 2) && even.fairlets.count == 15)

        // One pass allowed and a swap made in it: not converged, and the cost still matches.
        let start = try FairletDecomposition(
            distances: try DistanceMatrix(observations: x, metric: .euclidean), groups: halves,
            cap: FairnessCap(alpha: 2), epsilon: 0.1, seed: 1, maxPasses: 1)
        #expect(start.swaps > 0 && start.passes == 1 && !start.converged)
        #expect(start.cost < start.initialCost)

        // Ratio terms beyond 2^31 - 1 are refused (their products would overflow), not trapped on.
        #expect(throws: ClusteringError.self) { try FairnessCap(ratio: 1, Int.max) }
        #expect(throws: ClusteringError.self) { try FairnessCap(ratio: 1_000_000_000_000_000_000, 1) }
        let widest = try FairnessCap(ratio: 1, FairnessCap.maxRatioTerm)
        #expect(widest.allows(count: 1_000_000_000, size: 1_000_000_001))
    }

    @Test("value and revenue of AFHAC trees equal a brute-force sum over pairs")
    func objectivesBruteForce() throws {
        for (seed, objective) in [(UInt64(2), FairletHierarchicalClustering.Objective.value), (3, .revenue), (4, .value)] {
            let n = 24
            let x = RandomData.points(n: n, d: 2, seed: seed)
            let groups = RandomData.groups(n: n, m: 2, seed: seed)
            let cap = try FairnessCap(alpha: 1 / min(1, FairnessCap.dataShares(groups).maxShare + 0.1))
            let tree = try FairletHierarchicalClustering(objective: objective, cap: cap).fit(x, groups: groups).dendrogram
            let t = TreeObjectives(tree: tree, observations: x)
            var sets = (0..<n).map { Set([$0]) }
            var lca = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
            for m in tree.merges {
                for i in sets[m.a] { for j in sets[m.b] { lca[i][j] = m.size; lca[j][i] = m.size } }
                sets.append(sets[m.a].union(sets[m.b]))
            }
            let dm = try DistanceMatrix(observations: x, metric: .euclidean)
            var revenue = 0.0, value = 0.0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    revenue += 1 / (1 + dm[i, j]) * Double(n - lca[i][j])
                    value += dm[i, j] * Double(lca[i][j])
                }
            }
            #expect(abs(t.revenue - revenue) <= 1e-9 * revenue)
            #expect(abs(t.value - value) <= 1e-9 * value)
        }
    }

    @Test("an infeasible cap names the smallest feasible one")
    func infeasible() throws {
        let groups = try GroupAssignment(labels: ["a", "a", "a", "b", "a", "b"])
        let x = RandomData.points(n: 6, d: 2, seed: 1)
        #expect(FairnessCap.dataShares(groups).fraction! == (2, 3))
        do {
            _ = try FairletHierarchicalClustering(objective: .value, cap: FairnessCap(alpha: 2)).fit(x, groups: groups)
            Issue.record("expected an error")
        } catch let error as ClusteringError {
            #expect(error.description.contains("'a' has 4 of 6"))
            #expect(error.description.contains("smallest feasible cap is 2/3"))
            #expect(error.description.contains("alpha 1.5 or less"))
            // No command-line flag in the library's words; the structured value carries the rest.
            #expect(!error.description.contains("--"))
            guard case let .infeasibleCap(requested, _, count, total, smallest, twoGroups) = error else {
                Issue.record("expected .infeasibleCap, got \(error)")
                return
            }
            #expect(requested.alpha == 2 && count == 4 && total == 6 && smallest.fraction! == (2, 3) && twoGroups)
        }
        #expect(throws: ClusteringError.invalidParameter(
            .alpha, value: "0.5", expected: "a number >= 1 (the cap on any group's share is 1/alpha)")) { try FairnessCap(alpha: 0.5) }
        do {
            _ = try FairnessCap(ratio: 0, 2)
            Issue.record("expected an error")
        } catch let ClusteringError.invalidParameter(parameter, value, _) {
            #expect(parameter == .ratio && value == "0:2")
        }
        #expect(throws: ClusteringError.self) {
            try FairletHierarchicalClustering(objective: .value, epsilon: 0).fit(x, groups: groups)
        }
        // Exactly at the cap is feasible; a shade below is not.
        #expect(throws: Never.self) { try FairletHierarchicalClustering(objective: .value, cap: FairnessCap(alpha: 1.5)).fit(x, groups: groups) }
        #expect(throws: ClusteringError.self) { try FairletHierarchicalClustering(objective: .value, cap: FairnessCap(alpha: 1.5001)).fit(x, groups: groups) }
    }

    @Test("same seed, same tree; the seed changes the start")
    func deterministic() throws {
        let x = RandomData.points(n: 80, d: 3, seed: 7)
        let groups = RandomData.groups(n: 80, m: 4, seed: 7)
        let cap = try FairnessCap(alpha: 1 / min(1, FairnessCap.dataShares(groups).maxShare + 0.1))
        let a = try FairletHierarchicalClustering(objective: .value, cap: cap, seed: 1).fit(x, groups: groups)
        let b = try FairletHierarchicalClustering(objective: .value, cap: cap, seed: 1).fit(x, groups: groups)
        #expect(a.dendrogram == b.dendrogram && a.fairlets == b.fairlets)
        let c = try FairletHierarchicalClustering(objective: .value, cap: cap, seed: 2).fit(x, groups: groups)
        #expect(c.fairlets.initialCost != a.fairlets.initialCost)
    }

    @Test("the tightest cap for F fairlets allows at least F")
    func tightestCap() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let counts = (0..<(2 + rng.below(3))).map { _ in 1 + rng.below(40) }
            let n = counts.reduce(0, +)
            let f = 1 + rng.below(n)
            let cap = FairletDecomposition.tightestCap(counts: counts, fairletCount: f)
            #expect(FairletDecomposition.roundRobinFairletCount(counts: counts, cap: cap)! >= f)
            #expect(cap.maxShare >= Double(counts.max()!) / Double(n) - 1e-15)
        }
    }

    @Test("the two-group ratio form is the cap r/(b+r)")
    func ratioForm() throws {
        let cap = try FairnessCap(ratio: 2, 1)
        #expect(cap == (try FairnessCap(ratio: 1, 2)))
        #expect(cap.fraction! == (2, 3))
        #expect(cap.allows(count: 2, size: 3) && !cap.allows(count: 3, size: 4) && cap.allows(count: 4, size: 6))
    }
}

extension Double {
    fileprivate func clamped(to range: ClosedRange<Double>) -> Double { min(max(self, range.lowerBound), range.upperBound) }
}
