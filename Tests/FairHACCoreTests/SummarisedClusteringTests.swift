import Testing

@testable import FairHACCore

/// Blobs in `d` dimensions: `centres` clusters of spread 0.3 around seeded centres in [0, 10)^d.
func summaryBlobs(n: Int, d: Int, centres: Int, seed: UInt64) -> Observations {
    var rng = SplitMix64(seed: seed)
    let c = (0..<(centres * d)).map { _ in 10 * rng.unit() }
    var values = [Double]()
    for i in 0..<n {
        let k = i % centres
        for j in 0..<d { values.append(c[k * d + j] + 0.3 * (rng.unit() - 0.5)) }
    }
    return try! Observations(count: n, dimension: d, values: values)
}

@Suite("Summarised form")
struct SummarisedClusteringTests {
    static let fairRules: [SelectionRule] = [.gain, .window, .paper, .paper(.strict), .paper(.additive), .gainPenalised]

    @Test("m = n gives the exact form's tree, every linkage and form", arguments: Linkage.allCases)
    func singletonsEqualExact(linkage: Linkage) throws {
        for (seed, ties) in [(UInt64(3), false), (4, true)] {
            let x = RandomData.points(n: 90, d: 3, seed: seed, grid: ties ? 0.125 : nil)
            for form in HierarchicalClustering.Form.allCases {
                let hac = HierarchicalClustering(linkage: linkage, form: form)
                let exact = try hac.fit(x)
                let run = SummarisedClustering(clustering: hac, microClusters: 90)
                let summarised = try run.fit(x)
                #expect(summarised.summary.count == 90)
                #expect(summarised.dendrogram == exact, "\(linkage) \(form) ties \(ties)")
                // A given assignment of every row to its own micro-cluster: the same.
                let given = try MicroClusters(assignment: Array(0..<90), observations: x)
                #expect(try run.fit(x, summary: given).dendrogram == exact)
                // Asking for more micro-clusters than points is the same summary.
                #expect(try SummarisedClustering(clustering: hac, microClusters: 1000).fit(x).dendrogram == exact)
            }
        }
    }

    @Test("m = n gives the exact fair tree, every rule, fast and reference", arguments: Linkage.allCases)
    func singletonsEqualExactFair(linkage: Linkage) throws {
        let n = 60
        let x = RandomData.points(n: n, d: 2, seed: 11)
        let groups = ProtectedAttributes(RandomData.groups(n: n, m: 3, seed: 11))
        for rule in Self.fairRules {
            for implementation in FairHierarchicalClustering.Implementation.allCases {
                let fhac = FairHierarchicalClustering(
                    linkage: linkage, clusterCount: 4, rule: rule, schedule: FairnessSchedule(b: 2, d: 1),
                    implementation: implementation)
                let exact = try fhac.fit(x, attributes: groups)
                let run = SummarisedClustering(clustering: HierarchicalClustering(linkage: linkage), fair: fhac, microClusters: n)
                let summarised = try run.fit(x, groups: groups)
                #expect(summarised.dendrogram == exact.dendrogram, "\(linkage) \(rule) \(implementation)")
                #expect(summarised.ideal == exact.ideal)
                #expect(summarised.fairMergeCount == exact.fairMergeCount)
            }
        }
    }

    @Test("two attributes: m = n equals the exact fair tree")
    func singletonsSeveralAttributes() throws {
        let n = 70
        let x = RandomData.points(n: n, d: 2, seed: 5)
        let groups = try ProtectedAttributes(
            names: ["a", "b"], attributes: [RandomData.groups(n: n, m: 2, seed: 1), RandomData.groups(n: n, m: 3, seed: 2)])
        let fhac = FairHierarchicalClustering(linkage: .ward, clusterCount: 5, rule: .gain, schedule: FairnessSchedule(d: 1))
        let exact = try fhac.fit(x, attributes: groups)
        let run = SummarisedClustering(clustering: HierarchicalClustering(linkage: .ward), fair: fhac, microClusters: n)
        #expect(try run.fit(x, groups: groups).dendrogram == exact.dendrogram)
    }

    @Test("every point in exactly one micro-cluster; micro-cluster merges come first; cuts at k <= m keep them whole",
          arguments: [Linkage.average, .ward, .single, .complete, .centroid, .median, .weighted])
    func structure(linkage: Linkage) throws {
        let n = 1500
        let x = summaryBlobs(n: n, d: 4, centres: 6, seed: 7)
        let groups = ProtectedAttributes(RandomData.groups(n: n, m: 2, seed: 7))
        var run = SummarisedClustering(clustering: HierarchicalClustering(linkage: linkage), microClusters: 120, seed: 3)
        run.memberSampleSize = linkage.worksOnSquaredDistances ? nil : 4
        let result = try run.fit(x, groups: groups)
        let s = result.summary
        #expect(s.count >= 100 && s.count <= 140)
        // Every row once, in the micro-cluster its assignment names, members ascending.
        var seen = [Int](repeating: 0, count: n)
        for c in 0..<s.count {
            let rows = s.rows(c).map { Int($0) }
            #expect(!rows.isEmpty)
            #expect(rows == rows.sorted())
            for r in rows {
                seen[r] += 1
                #expect(Int(s.assignment[r]) == c)
            }
        }
        #expect(seen.allSatisfy { $0 == 1 })
        // Group counts add up to the sizes.
        for c in 0..<s.count { #expect(Int(s.groupCounts[2 * c] + s.groupCounts[2 * c + 1]) == s.size(c)) }
        // The first n - m merges join points of one micro-cluster; the rest join whole ones.
        let tree = result.dendrogram
        #expect(tree.merges.count == n - 1)
        var members = (0..<n).map { [$0] }
        for (i, merge) in tree.merges.enumerated() {
            let joined = members[merge.a] + members[merge.b]
            members.append(joined)
            #expect(merge.size == joined.count)
            let micro = Set(joined.map { s.assignment[$0] })
            if i < n - s.count {
                #expect(micro.count == 1, "merge \(i) crosses micro-clusters")
            } else {
                let whole = micro.reduce(0) { $0 + s.size(Int($1)) }
                #expect(whole == joined.count, "merge \(i) splits a micro-cluster")
            }
        }
        // The partition into m clusters is the summary.
        let labels = try tree.labels(clusterCount: s.count)
        for c in 0..<s.count { #expect(Set(s.rows(c).map { labels[Int($0)] }).count == 1) }
        #expect(Set(labels).count == s.count)
    }

    @Test("vanilla HAC over a fair run's micro-clusters, its trees below reused, equals a vanilla run over them", arguments: [Linkage.ward, .average])
    func vanillaSharingBelow(linkage: Linkage) throws {
        let n = 1500
        let x = summaryBlobs(n: n, d: 4, centres: 6, seed: 12)
        let groups = ProtectedAttributes(RandomData.groups(n: n, m: 2, seed: 12))
        var run = SummarisedClustering(
            clustering: HierarchicalClustering(linkage: linkage), fair: FairHierarchicalClustering(linkage: linkage, clusterCount: 4, rule: .gain, schedule: FairnessSchedule(d: 1)),
            microClusters: 120, seed: 3)
        run.exactPairLimit = 1e5
        run.samplePairLimit = 1e5
        let fair = try run.fit(x, groups: groups)
        var vanilla = run
        vanilla.fair = nil
        let full = try vanilla.fit(x, groups: groups, summary: fair.summary)
        let shared = try vanilla.vanillaTree(sharingBelowWith: fair, observations: x, metric: .euclidean)
        #expect(shared == full.dendrogram)
        #expect(shared != fair.dendrogram)
    }

    @Test("the same seed gives the same tree, on 1 and 2 threads; another seed another summary")
    func deterministic() throws {
        let n = 3000
        let x = summaryBlobs(n: n, d: 5, centres: 8, seed: 9)
        let groups = ProtectedAttributes(RandomData.groups(n: n, m: 2, seed: 9))
        for linkage in [Linkage.ward, .average] {
            let fhac = FairHierarchicalClustering(linkage: linkage, clusterCount: 4, rule: .gain, schedule: FairnessSchedule(d: 1))
            var trees: [Dendrogram] = []
            for threads in [1, 2, 2] {
                var run = SummarisedClustering(
                    clustering: HierarchicalClustering(linkage: linkage, parallelism: Parallelism(threads: threads)),
                    fair: fhac, microClusters: 200, seed: 42)
                run.fair?.parallelism = Parallelism(threads: threads)
                run.samplePairLimit = 1e5
                run.exactPairLimit = 1e5
                trees.append(try run.fit(x, groups: groups).dendrogram)
            }
            #expect(trees[0] == trees[1])
            #expect(trees[1] == trees[2])
            let other = try SummarisedClustering(
                clustering: HierarchicalClustering(linkage: linkage), fair: fhac, microClusters: 200, seed: 43
            ).fit(x, groups: groups)
            #expect(other.dendrogram != trees[0])
        }
    }

    @Test("the assembly follows the documented contract")
    func assemblyContract() throws {
        // Rows 0..5; micro-clusters {0, 3, 5}, {1}, {2, 4}.
        let x = try Observations(rows: [[0], [10], [20], [0.5], [21], [1.5]])
        let summary = try MicroClusters(assignment: [0, 1, 2, 0, 2, 0], observations: x)
        let local0 = try Dendrogram(leafCount: 3, merges: [Merge(a: 0, b: 1, height: 0.5, size: 2), Merge(a: 2, b: 3, height: 1.25, size: 3)])
        let local1 = try Dendrogram(leafCount: 1, merges: [])
        let local2 = try Dendrogram(leafCount: 2, merges: [Merge(a: 0, b: 1, height: 1, size: 2)])
        let top = try Dendrogram(leafCount: 3, merges: [Merge(a: 0, b: 1, height: 9, size: 2), Merge(a: 2, b: 3, height: 15, size: 3)])
        let z = try SummarisedAssembly.assemble(summary: summary, local: [local0, local1, local2], top: top)
        // n = 6, m = 3: micro-cluster 0's merges are nodes 6, 7; micro-cluster 2's node 8; the top's 9, 10.
        #expect(z.merges == [
            Merge(a: 0, b: 3, height: 0.5, size: 2),
            Merge(a: 5, b: 6, height: 1.25, size: 3),
            Merge(a: 2, b: 4, height: 1, size: 2),
            Merge(a: 1, b: 7, height: 9, size: 4),
            Merge(a: 8, b: 9, height: 15, size: 6),
        ])
        #expect(TopLevel.weightedMerges(top, sizes: [3, 1, 2]).map(\.size) == [4, 6])
        // Shapes that do not fit are refused.
        #expect(throws: ClusteringError.self) {
            try SummarisedAssembly.assemble(summary: summary, local: [local1, local1, local2], top: top)
        }
    }

    @Test("member samples: the documented key, the q smallest keys, in row order")
    func memberSample() {
        // key(row) = mix(seed * golden + row), mix = SplitMix64's finaliser: the first output of
        // SplitMix64 seeded with seed * golden + row - golden.
        for (seed, row) in [(UInt64(0), 0), (7, 12345)] {
            var g = SplitMix64(seed: seed &* SplitMix64.golden &+ UInt64(row) &- SplitMix64.golden)
            #expect(MemberSample.key(row: row, seed: seed) == g.next())
        }
        #expect(MemberSample.key(row: 0, seed: 0) == 0)
        let rows = Array(100..<200)
        let sample = MemberSample.sample(rows, q: 5, seed: 3)
        #expect(sample.count == 5 && sample == sample.sorted())
        let keys = rows.map { MemberSample.key(row: $0, seed: 3) }.sorted()
        #expect(sample.map { MemberSample.key(row: $0, seed: 3) }.sorted() == Array(keys.prefix(5)))
        #expect(MemberSample.sample([9, 4, 7], q: 5, seed: 3) == [4, 7, 9])
    }

    @Test("weighted leaves: ward and centroid on the vectors equal the matrix form over the same summary")
    func weightedTopForms() throws {
        let n = 2000
        let x = summaryBlobs(n: n, d: 3, centres: 5, seed: 21)
        let summary = try Summariser(microClusters: 150, seed: 1).summarise(x)
        let summaries = try MicroClusterSummaries(summary, observations: x, linkage: .ward, members: .all)
        for linkage in [Linkage.ward, .centroid, .median] {
            let vectors = try HierarchicalClustering(linkage: linkage, form: .vectors).fitTop(summaries)
            let matrix = try HierarchicalClustering(linkage: linkage, form: .matrix).fitTop(summaries)
            #expect(vectors.merges.map { [$0.a, $0.b] } == matrix.merges.map { [$0.a, $0.b] }, "\(linkage)")
            for (u, v) in zip(vectors.merges, matrix.merges) {
                #expect(abs(u.height - v.height) <= 1e-9 * max(1, abs(v.height)))
            }
        }
        // Ward over weighted leaves: the first merge's height is scipy's Ward distance of the two clusters.
        let top = try HierarchicalClustering(linkage: .ward).fitTop(summaries)
        let first = top.merges[0]
        let a = first.a, b = first.b
        let na = Double(summary.size(a)), nb = Double(summary.size(b))
        var sq = 0.0
        for k in 0..<3 {
            let t = summary.centroids[a * 3 + k] - summary.centroids[b * 3 + k]
            sq += t * t
        }
        #expect(abs(first.height - (2 * na * nb / (na + nb) * sq).squareRoot()) <= 1e-9 * first.height)
    }

    @Test("average over every member pair equals the mean of the pair distances between the micro-clusters")
    func exactAverageDissimilarity() throws {
        let x = summaryBlobs(n: 300, d: 2, centres: 3, seed: 4)
        let summary = try Summariser(microClusters: 20, seed: 2).summarise(x)
        let matrix = try TopDissimilarities.matrix(
            MicroClusterSummaries(summary, observations: x, linkage: .average, members: .all), linkage: .average, metric: .euclidean,
            parallelism: .serial, cancellation: nil)
        let full = try DistanceMatrix(observations: x, metric: .euclidean)
        for (a, b) in [(0, 1), (3, 17), (5, 19)] {
            var sum = 0.0
            for i in summary.rows(a) { for j in summary.rows(b) { sum += full[Int(i), Int(j)] } }
            let mean = sum / Double(summary.size(a) * summary.size(b))
            #expect(abs(matrix[a, b] - mean) <= 1e-12 * mean)
        }
    }

    @Test("a job that cannot fit the memory budget is refused before it allocates, naming what fits")
    func memoryRefusal() throws {
        let x = summaryBlobs(n: 5000, d: 3, centres: 4, seed: 1)
        var hac = HierarchicalClustering(linkage: .average)
        hac.memoryBudget = 40 << 20
        let run = SummarisedClustering(clustering: hac, microClusters: 4000)
        do {
            _ = try run.fit(x)
            Issue.record("expected a refusal")
        } catch let ClusteringError.summaryTooLarge(_, available, fitting) {
            #expect(available == 40 << 20)
            #expect((fitting ?? 0) >= 2 && (fitting ?? 0) < 4000)
            #expect(ClusteringError.summaryTooLarge(requiredBytes: 1, availableBytes: 1, largestFittingMicroClusters: fitting)
                .description.contains("at most about"))
        }
        hac.memoryBudget = 1 << 10
        do {
            _ = try SummarisedClustering(clustering: hac, microClusters: 100).fit(x)
            Issue.record("expected a refusal")
        } catch let ClusteringError.summaryTooLarge(_, _, fitting) {
            #expect(fitting == nil)
        }
        hac.memoryBudget = 1 << 30
        #expect(try SummarisedClustering(clustering: hac, microClusters: 400).fit(x).dendrogram.merges.count == 4999)
    }

    @Test("a cancelled request stops every phase with .cancelled")
    func cancellation() throws {
        let x = summaryBlobs(n: 2000, d: 3, centres: 4, seed: 1)
        let groups = ProtectedAttributes(RandomData.groups(n: 2000, m: 2, seed: 1))
        let stop = Cancellation()
        stop.cancel()
        var run = SummarisedClustering(clustering: HierarchicalClustering(linkage: .average), microClusters: 200)
        run.cancellation = stop
        #expect(throws: ClusteringError.cancelled) { try run.fit(x) }
        #expect(throws: ClusteringError.cancelled) { try run.summariser.summarise(x, cancellation: stop) }
        let summary = try Summariser(microClusters: 200).summarise(x, groups: groups)
        #expect(throws: ClusteringError.cancelled) { try run.fit(x, groups: groups, summary: summary) }
        run.fair = FairHierarchicalClustering(linkage: .average, clusterCount: 4)
        run.cancellation = stop
        #expect(throws: ClusteringError.cancelled) { try run.fit(x, groups: groups, summary: summary) }
    }

    @Test("bad input gives a clear error")
    func badInput() throws {
        let x = RandomData.points(n: 50, d: 2, seed: 1)
        let groups = ProtectedAttributes(RandomData.groups(n: 50, m: 2, seed: 1))
        #expect(throws: ClusteringError.self) { try MicroClusters(assignment: [0, 1], observations: x) }
        #expect(throws: ClusteringError.self) { try MicroClusters(assignment: [Int](repeating: -1, count: 50), observations: x) }
        // Labels with gaps are renumbered densely, in label order.
        let gaps = try MicroClusters(assignment: (0..<50).map { $0 % 2 == 0 ? 7 : 3 }, observations: x)
        #expect(gaps.count == 2 && gaps.rows(0).first == 1 && gaps.rows(1).first == 0)
        let fhac = FairHierarchicalClustering(linkage: .average, clusterCount: 10)
        let run = SummarisedClustering(clustering: HierarchicalClustering(linkage: .average), fair: fhac, microClusters: 5)
        #expect(throws: ClusteringError.self) { try run.fit(x) }  // fair without groups
        #expect(throws: ClusteringError.self) { try run.fit(x, groups: groups) }  // k = 10 > m = 5
        #expect(throws: ClusteringError.self) {
            try SummarisedClustering(clustering: HierarchicalClustering(linkage: .ward), microClusters: 5).fit(x, metric: .cityblock)
        }
        #expect(throws: ClusteringError.self) { try Summariser(microClusters: 0).summarise(x) }
        let other = try MicroClusters(assignment: Array(0..<50), observations: RandomData.points(n: 50, d: 3, seed: 2))
        #expect(throws: ClusteringError.self) {
            try SummarisedClustering(clustering: HierarchicalClustering(linkage: .average), microClusters: 5).fit(x, summary: other)
        }
    }

    @Test("identical points and oversized micro-clusters are split again below")
    func recursion() throws {
        let x = try Observations(count: 400, dimension: 2, values: [Double](repeating: 1, count: 800))
        var run = SummarisedClustering(clustering: HierarchicalClustering(linkage: .average), microClusters: 3)
        run.belowLimit = 50
        let result = try run.fit(x)
        #expect(result.dendrogram.merges.count == 399)
        let blobs = summaryBlobs(n: 900, d: 2, centres: 3, seed: 2)
        let r2 = try run.fit(blobs)
        #expect(r2.summary.largestSize > 50)
        #expect(r2.dendrogram.merges.count == 899)
    }

    @Test("the top over given summaries (sizes, centroids, counts, member samples) equals the pipeline's top; data shares from counts")
    func topFromSummaries() throws {
        let n = 1200
        let x = summaryBlobs(n: n, d: 3, centres: 4, seed: 31)
        let g = RandomData.groups(n: n, m: 2, seed: 31)
        let groups = ProtectedAttributes(g)
        for linkage in [Linkage.average, .ward, .complete] {
            let fhac = FairHierarchicalClustering(linkage: linkage, clusterCount: 4, rule: .gain, schedule: FairnessSchedule(d: 1))
            var run = SummarisedClustering(clustering: HierarchicalClustering(linkage: linkage), fair: fhac, microClusters: 80, seed: 2)
            run.memberSampleSize = 3
            run.sampleSeed = 9
            let result = try run.fit(x, groups: groups)
            let s = result.summary
            // What a distributed summariser would hand over: the sample rows by the documented key.
            var rows: [Int] = [], start = [0]
            for c in 0..<s.count {
                rows += MemberSample.sample(s.rows(c), q: 3, seed: 9)
                start.append(rows.count)
            }
            let given = try MicroClusterSummaries(
                sizes: (0..<s.count).map(s.size), centroids: try Observations(count: s.count, dimension: 3, values: s.centroids),
                groupCounts: s.groupCounts, groupCount: 2, representatives: x.selecting(rows: rows), representativeStart: start)
            let ideal = try given.dataShares(attributeOffsets: [0, 2])
            #expect(ideal == (try IdealShares.data.resolve(for: g)))
            let top = try fhac.fitTop(given, ideal: ideal)
            #expect(top.dendrogram == result.top, "\(linkage)")
            // The assembly from the per-micro-cluster trees and that top is the pipeline's tree.
            let local = try (0..<s.count).map { c -> Dendrogram in
                s.size(c) == 1 ? try Dendrogram(leafCount: 1, merges: [])
                    : try HierarchicalClustering(linkage: linkage, parallelism: .serial).fit(x.selecting(rows: s.rows(c).map { Int($0) }))
            }
            #expect(try SummarisedAssembly.assemble(summary: s, local: local, top: top.dendrogram) == result.dendrogram)
        }
        #expect(throws: ClusteringError.self) {
            try MicroClusterSummaries(sizes: [1, 0], centroids: try Observations(rows: [[0], [1]]))
        }
    }
}
