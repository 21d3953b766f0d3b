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
