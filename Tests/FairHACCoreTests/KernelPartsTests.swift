import Testing

@testable import FairHACCore

/// The parts every kernel shares (issue 22): the active-slot list, the condensed layout, the
/// arg-min reduction and the nearest-neighbour chain's tie and NaN rules.
@Suite("Kernel parts")
struct KernelPartsTests {
    @Test("ActiveSlots keeps the active slots in order through removals")
    func activeSlots() {
        var active = ActiveSlots(count: 10)
        var expected = Array(0..<10)
        var rng = SplitMix64(seed: 3)
        while expected.count > 1 {
            let slot = expected[Int(rng.next() % UInt64(expected.count))]
            #expect(expected[active.position(of: slot)] == slot)
            active.remove(slot)
            expected.removeAll { $0 == slot }
            #expect(active.count == expected.count)
            #expect((0..<active.count).map { active[$0] } == expected)
        }
        #expect(active.position(of: 100) == active.count)
    }

    @Test("CondensedLayout matches DistanceMatrix.index in both orders")
    func condensedLayout() {
        for n in [2, 3, 7, 40] {
            let layout = CondensedLayout(count: n)
            for i in 0..<n {
                for j in (i + 1)..<max(n, i + 1) {
                    #expect(layout.index(i, j) == DistanceMatrix.index(i, j, count: n))
                    #expect(layout.index(either: j, i) == layout.index(i, j))
                }
            }
        }
    }

    @Test("ArgMin.split equals one scan: first index on ties, NaN never taken, on 1 to 5 parts")
    func argMin() {
        var rng = SplitMix64(seed: 11)
        for count in [0, 1, 2, 5, 17, 64] {
            for trial in 0..<20 {
                // Few distinct values force ties; some NaN and +inf.
                let values: [Double] = (0..<count).map { _ in
                    switch rng.next() % 8 {
                    case 0: return .nan
                    case 1: return .infinity
                    default: return Double(rng.next() % 4)
                    }
                }
                var serial = ArgMin.empty
                for (i, v) in values.enumerated() { serial.consider(v, at: i) }
                if let first = values.indices.first(where: { values[$0] == values.filter { !$0.isNaN }.min() && values[$0] < .infinity }) {
                    #expect(serial.index == first, "count \(count), trial \(trial)")
                } else {
                    #expect(serial.isEmpty)
                }
                for parts in 1...5 {
                    let split = ArgMin.split(count: count, parts: parts) { range in
                        var best = ArgMin.empty
                        for i in range { best.consider(values[i], at: i) }
                        return best
                    }
                    #expect(split.index == serial.index && (split.isEmpty || split.value == serial.value),
                            "count \(count), trial \(trial), parts \(parts)")
                }
            }
        }
    }

    @Test("ArgMin.scan's four interleaved minima equal one scan in order: first index on ties, NaN never taken")
    func interleavedScan() {
        var rng = SplitMix64(seed: 12)
        for count in [0, 1, 3, 4, 5, 9, 33] {
            for trial in 0..<30 {
                let values: [Double] = (0..<count).map { _ in
                    switch rng.next() % 8 {
                    case 0: return .nan
                    case 1: return .infinity
                    default: return Double(rng.next() % 3)
                    }
                }
                // Slots increase with positions but are not the positions.
                let slots = (0..<count).map { 3 * $0 + 1 }
                var serial = ArgMin.empty
                for p in 0..<count { serial.consider(values[p], at: slots[p]) }
                let scanned = ArgMin.scan(0..<count, slot: { slots[$0] }, value: { values[($0 - 1) / 3] })
                #expect(scanned.index == serial.index && (serial.isEmpty || scanned.value == serial.value),
                        "count \(count), trial \(trial)")
            }
        }
    }

    @Test("FeatureColumns' eight-lane distances are bit-identical to squaredEuclidean, tails included")
    func featureColumns() throws {
        for (n, d) in [(1, 1), (7, 3), (8, 1), (19, 10), (40, 33)] {
            let x = RandomData.points(n: n, d: d, seed: UInt64(n * 100 + d))
            let columns = FeatureColumns(x)
            for i in 0..<n {
                var out = [Double](repeating: -1, count: n)
                out.withUnsafeMutableBufferPointer { columns.distances(from: i, to: 0..<n, root: false, into: $0.baseAddress!) }
                var roots = [Double](repeating: -1, count: n)
                roots.withUnsafeMutableBufferPointer { columns.distances(from: i, to: 0..<n, root: true, into: $0.baseAddress!) }
                x.values.withUnsafeBufferPointer { v in
                    for j in 0..<n {
                        let expected = squaredEuclidean(v.baseAddress! + i * d, v.baseAddress! + j * d, d)
                        #expect(out[j] == expected && roots[j] == expected.squareRoot(), "n \(n) d \(d) (\(i), \(j))")
                    }
                }
            }
        }
    }

    @Test("CentroidBlocks keeps centroids, sizes and slot order through merges and compactions")
    func centroidBlocks() throws {
        let n = 70, d = 3
        let x = RandomData.points(n: n, d: d, seed: 21)
        var blocks = CentroidBlocks(x, sizes: nil)
        // The reference: plain arrays, merged the same way.
        var centroids = (0..<n).map { Array(x.row($0)) }
        var sizes = [Double](repeating: 1, count: n)
        var alive = Array(0..<n)
        var rng = SplitMix64(seed: 22)
        while alive.count > 1 {
            let a = alive[rng.below(alive.count)]
            var b = a
            while b == a { b = alive[rng.below(alive.count)] }
            let (lo, hi) = (min(a, b), max(a, b))
            blocks.merge(lo, into: hi)
            let total = sizes[lo] + sizes[hi]
            centroids[hi] = (0..<d).map { (sizes[lo] * centroids[lo][$0] + sizes[hi] * centroids[hi][$0]) / total }
            sizes[hi] = total
            alive.removeAll { $0 == lo }
            #expect(blocks.live == alive.count)
            // Columns follow slot order, and every live slot's values are the reference's, bit for bit.
            #expect(zip(alive, alive.dropFirst()).allSatisfy { blocks.column(of: $0.0) < blocks.column(of: $0.1) })
            for s in alive {
                #expect(blocks.slot(at: blocks.column(of: s)) == s && blocks.size(ofSlot: s) == sizes[s])
                var c = [Double](repeating: 0, count: d)
                c.withUnsafeMutableBufferPointer { blocks.copyCentroid(ofSlot: s, into: $0.baseAddress!) }
                #expect(c == centroids[s])
            }
            if let s = alive.first, let t = alive.last, s != t {
                var expected = 0.0
                for k in 0..<d {
                    let u = centroids[s][k] - centroids[t][k]
                    expected += u * u
                }
                #expect(blocks.squaredDistance(s, t) == expected && blocks.squaredDistance(t, s) == expected)
            }
        }
        #expect(blocks.width < n)  // compacted at least once
    }

    @Test("the ward scan over CentroidBlocks finds the exact nearest slot (first on ties), on 1 and 2 threads")
    func wardScan() throws {
        for grid in [nil, 0.25] as [Double?] {
            let x = RandomData.points(n: 90, d: 4, seed: 31, grid: grid)
            let sizes = (0..<90).map { Double(1 + $0 % 5) }
            for threads in [1, 2] {
                var space = WardChainSpace(x, sizes: sizes, threads: threads, parallelThreshold: 1)
                var active = ActiveSlots(count: 90)
                var rng = SplitMix64(seed: 32)
                while active.count > 1 {
                    let x0 = active[rng.below(active.count)]
                    let found = active.withView { space.nearest(x0, among: $0) }
                    var brute = ArgMin.empty
                    for p in 0..<active.count where active[p] != x0 { brute.consider(space.distance(x0, active[p]), at: active[p]) }
                    #expect(found.index == brute.index && found.value == brute.value, "grid \(String(describing: grid)) threads \(threads)")
                    let (lo, hi) = (min(x0, found.index), max(x0, found.index))
                    active.withView { space.merge(lo, hi, at: found.value, active: $0) }
                    active.remove(lo)
                }
            }
        }
    }

    /// A space where every distance is NaN: the chain must still close and merge everything
    /// (the fallback the vector form had alone before issue 22).
    struct NaNSpace: ChainSpace {
        func nearest(_ x: Int, among active: ActiveSlots.View) -> ArgMin {
            var best = ArgMin.empty
            for p in 0..<active.count where active[p] != x { best.consider(.nan, at: active[p]) }
            return best
        }
        func distance(_ i: Int, _ j: Int) -> Double { .nan }
        func merge(_ lo: Int, _ hi: Int, at distance: Double, active: ActiveSlots.View) {}
    }

    @Test("the chain closes on NaN distances")
    func chainOnNaN() {
        var space = NaNSpace()
        let pairs = NearestNeighborChain.chain(&space, count: 6)
        #expect(pairs.count == 5)
        var alive = Set(0..<6)
        for (lo, hi, _) in pairs {
            #expect(lo < hi && alive.contains(lo) && alive.contains(hi))
            alive.remove(lo)
        }
        #expect(alive.count == 1)
    }

    @Test("the matrix and ward chains give the same merges on 1, 2 and 3 threads on tied data")
    func chainTies() throws {
        // Integer grid points: many exact ties.
        var rows: [[Double]] = []
        for i in 0..<6 { for j in 0..<5 { rows.append([Double(i), Double(j % 3)]) } }
        let x = try Observations(rows: rows)
        func flat(_ pairs: [(Int, Int, Double)]) -> [[Double]] { pairs.map { [Double($0.0), Double($0.1), $0.2] } }
        var serial: [[Double]] = []
        for threads in 1...3 {
            var matrix = try DistanceMatrix(observations: x, metric: .euclidean)
            let pairs = flat(NearestNeighborChain.run(
                AverageUpdate.self, matrix: &matrix, parallelism: Parallelism(threads: threads), parallelThreshold: 1))
            if threads == 1 { serial = pairs } else { #expect(pairs == serial, "average, \(threads) threads") }
        }
        let ward = flat(NearestNeighborChain.wardVectors(x))
        for threads in 2...3 {
            // Many calls, so that the adaptive split runs both ways.
            for _ in 0..<3 {
                #expect(flat(NearestNeighborChain.wardVectors(x, parallelism: Parallelism(threads: threads), parallelThreshold: 1)) == ward)
            }
        }
    }
}
