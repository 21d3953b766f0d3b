import Dispatch

extension GridSearch {
    /// One setting of a grid: a rule and its schedule's b and d.
    public struct Setting: Sendable, Hashable, CustomStringConvertible {
        public var rule: SelectionRule
        public var b: Double
        public var d: Double

        public init(rule: SelectionRule, b: Double, d: Double) {
            self.rule = rule
            self.b = b
            self.d = d
        }

        public var description: String { "\(rule), b \(gridValue(b)), d \(gridValue(d))" }
    }
}

/// Evaluates grid settings on one form of the data (the exact rows, or micro-clusters), with
/// everything the settings share built once: the working matrix, the distances the quality
/// measures read, and vanilla HAC's evaluation on the same form.
protocol GridPointEvaluator: Sendable {
    /// The number of rows the partitions are scored on.
    var n: Int { get }
    /// The number of leaves the fair loop runs over (n, or the number of micro-clusters).
    var leafCount: Int { get }
    /// Vanilla HAC on the same form, cut at k.
    var vanilla: PartitionEvaluation { get }
    /// Vanilla HAC's tree over the rows, when built.
    var vanillaTree: Dendrogram? { get }
    /// Clusters one setting and scores its k-partition; `keepTree` keeps the tree in the point.
    func evaluate(_ setting: GridSearch.Setting, keepTree: Bool) throws -> GridSearch.Point
}

extension GridSearch {
    /// Evaluates `settings` on `evaluator`, concurrently on the search's threads (one point per
    /// thread at a time), and returns the points in the order of `settings`. `finished(i, point)`
    /// is called as each point ends (from its worker, serialised). The points do not depend on
    /// the number of threads.
    func evaluate(
        _ settings: [Setting], on evaluator: any GridPointEvaluator, keepTrees: Bool = false,
        finished: (Int, Point) -> Void = { _, _ in }
    ) throws -> [Point] {
        let total = settings.count
        guard total > 0 else { return [] }
        var points = [Point?](repeating: nil, count: total)
        var failure: (any Error)?
        let lock = DispatchSemaphore(value: 1)
        nonisolated(unsafe) var next = 0
        let observer = pointObserver
        let cancellation = self.cancellation
        let workers = min(parallelism.threads, total)
        withoutActuallyEscaping(finished) { finished in
            points.withUnsafeMutableBufferPointer { out in
                let box = UncheckedSendableBox((out, finished))
                Parallelism(threads: workers).run { _ in
                    while true {
                        lock.wait()
                        let i = next
                        next += 1
                        let stop = failure != nil
                        lock.signal()
                        guard i < total, !stop, !cancellation.stopRequested else { return }
                        observer?(i, true)
                        do {
                            let point = try evaluator.evaluate(settings[i], keepTree: keepTrees)
                            box.value.0[i] = point
                            lock.wait()
                            box.value.1(i, point)
                            lock.signal()
                        } catch {
                            lock.wait()
                            if failure == nil { failure = error }
                            lock.signal()
                        }
                        observer?(i, false)
                    }
                }
            }
        }
        try cancellation?.check()
        if let failure { throw failure }
        return points.compactMap { $0 }
    }
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let (s, atto) = (ContinuousClock().now - start).components
    return Double(s) + Double(atto) * 1e-18
}
