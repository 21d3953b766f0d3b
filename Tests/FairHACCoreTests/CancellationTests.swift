import Dispatch
import Foundation
import Testing

@testable import FairHACCore

@Suite("Cancellation")
struct CancellationTests {
    @Test("a request made before the fit stops every algorithm with .cancelled", arguments: Linkage.allCases)
    func beforeTheFit(linkage: Linkage) throws {
        let x = RandomData.points(n: 700, d: 3, seed: 2)
        let groups = RandomData.groups(n: 700, m: 2, seed: 2)
        let stop = Cancellation()
        stop.cancel()
        #expect(stop.isCancelled)
        for form in [HierarchicalClustering.Form.matrix, .vectors] {
            var hac = HierarchicalClustering(linkage: linkage, form: form)
            hac.cancellation = stop
            #expect(throws: ClusteringError.cancelled) { try hac.fit(x) }
        }
        var fair = FairHierarchicalClustering(linkage: linkage, clusterCount: 4, rule: .window, schedule: FairnessSchedule(b: 1, d: 1))
        fair.cancellation = stop
        #expect(throws: ClusteringError.cancelled) { try fair.fit(x, groups: groups) }
        var grid = GridSearch(linkage: linkage, clusterCount: 4, rules: [.gain], gridB: [0], gridD: [0, 1])
        grid.cancellation = stop
        #expect(throws: ClusteringError.cancelled) { try grid.run(x, groups: groups) }
        // Without a request, the same fits run (and a fresh request is not cancelled).
        #expect(!Cancellation().isCancelled)
        #expect(try HierarchicalClustering(linkage: linkage).fit(x).merges.count == 699)
    }

    @Test("a request from another thread stops a long fair fit early; a flag the caller owns works too")
    func fromAnotherThread() throws {
        let x = RandomData.points(n: 2500, d: 2, seed: 8)
        let groups = RandomData.groups(n: 2500, m: 2, seed: 8)
        let flag = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        flag.initialize(to: 0)
        defer { flag.deallocate() }
        var fair = FairHierarchicalClustering(
            linkage: .average, clusterCount: 4, rule: .paper, schedule: FairnessSchedule(b: 4, d: 2), parallelism: .serial)
        fair.cancellation = Cancellation(watching: flag)
        let box = UncheckedSendableBox(flag)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { box.value.pointee = 1 }
        var merges = 0
        #expect(throws: ClusteringError.cancelled) {
            try fair.fit(x, groups: groups, force: true) { done, _ in merges = done }
        }
        // Stopped long before the 2496 fair merges (it looks every 64).
        #expect(merges < 2496)
    }
}
