import Dispatch

/// A grid search over the schedule parameters (b, d), and optionally the rule, of FHAC
/// (spec section 5): every grid point is clustered from one shared distance matrix, in
/// parallel over cores, and scored for fairness (MFC, balance) and quality (silhouette).
public struct GridSearch: Sendable {
    /// One evaluated setting.
    public struct Point: Sendable, Equatable {
        public var rule: SelectionRule
        public var b: Double
        public var d: Double
        public var mfc: Double
        public var balance: Double
        /// `nil` when undefined (fewer than 2 non-empty clusters).
        public var silhouette: Double?
        public var seconds: Double
    }

    public enum Objective: String, CaseIterable, Sendable {
        /// Lowest Max Fairness Cost.
        case mfc
        /// Highest balance.
        case balance
    }

    /// Default grid of b for the `progress` argument.
    public static let defaultGridB: [Double] = [0, 0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 32]
    /// Default grid of d for the `progress` argument (g grows from 1 to e^d).
    public static let defaultGridD: [Double] = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2]
    /// The values the paper reports, for the `merges` argument.
    public static let paperGrid: [Double] = [0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0]

    public var linkage: Linkage
    public var clusterCount: Int
    public var rules: [SelectionRule]
    public var gridB: [Double]
    public var gridD: [Double]
    public var family: FairnessSchedule.Family
    public var argument: FairnessSchedule.Argument
    public var ideal: IdealShares
    public var parallelism: Parallelism

    public init(
        linkage: Linkage, clusterCount: Int, rules: [SelectionRule] = [.gain], gridB: [Double] = defaultGridB,
        gridD: [Double] = defaultGridD, family: FairnessSchedule.Family = .exp,
        argument: FairnessSchedule.Argument = .progress, ideal: IdealShares = .data, parallelism: Parallelism = .allCores
    ) {
        self.linkage = linkage
        self.clusterCount = clusterCount
        self.rules = rules
        self.gridB = gridB
        self.gridD = gridD
        self.family = family
        self.argument = argument
        self.ideal = ideal
        self.parallelism = parallelism
    }

    /// The settings in evaluation order: rule, then b, then d. The gain rule ignores b, so it
    /// is evaluated at b = 0 only.
    public var settings: [(SelectionRule, Double, Double)] {
        rules.flatMap { rule in
            (rule == .gain ? [0] : gridB).flatMap { b in gridD.map { d in (rule, b, d) } }
        }
    }

    /// Evaluates every setting, calling `progress(0, total)` when the first starts and
    /// `progress(done, total)` as points finish (from worker threads, serialised).
    /// - Complexity: one O(n^2 d) matrix, then per point the fair loop and an O(n^2 d) silhouette.
    public func run(
        _ x: Observations, groups: GroupAssignment, metric: Metric = .euclidean,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> [Point] {
        let settings = self.settings
        guard !settings.isEmpty else { throw ClusteringError.invalidInput("the grid is empty") }
        for (_, b, d) in settings { try FairnessSchedule(family: family, argument: argument, b: b, d: d).validate() }
        if linkage.requiresEuclidean && metric != .euclidean {
            throw ClusteringError.invalidInput("\(linkage.rawValue) linkage requires the euclidean metric")
        }
        let ideal = try self.ideal.resolve(for: groups)
        let matrix = try DistanceMatrix(
            observations: x, metric: metric, squaringEuclidean: linkage.worksOnSquaredDistances, parallelism: parallelism)
        var points = [Point?](repeating: nil, count: settings.count)
        let lock = DispatchSemaphore(value: 1)
        nonisolated(unsafe) var done = 0
        let total = settings.count
        let linkage = self.linkage, k = clusterCount, family = self.family, argument = self.argument
        progress(0, total)
        points.withUnsafeMutableBufferPointer { out in
            let box = UncheckedSendableBox(out)
            DispatchQueue.concurrentPerform(iterations: total) { i in
                let (rule, b, d) = settings[i]
                let clock = ContinuousClock()
                let start = clock.now
                let configuration = FairMergeLoop.Configuration(
                    k: k, rule: rule, paperVariant: .literal,
                    schedule: FairnessSchedule(family: family, argument: argument, b: b, d: d),
                    scorer: PairScorer(ideal: ideal, linkage: linkage))
                struct Run: LinkageVisitor {
                    var matrix: DistanceMatrix
                    var groups: GroupAssignment
                    var configuration: FairMergeLoop.Configuration
                    mutating func visit<U: LinkageUpdate>(_ u: U.Type) -> [(Int, Int, Double)] {
                        FairMergeLoop.run(u, matrix: matrix, groups: groups, configuration: configuration)
                    }
                }
                var visitor = Run(matrix: matrix, groups: groups, configuration: configuration)
                let pairs = linkage.dispatch(&visitor)
                let tree = Dendrogram(
                    leafCount: x.count, memberPairs: pairs.map { ($0.0, $0.1, linkage.height(fromWorking: $0.2)) },
                    sortedByHeight: false)
                let labels = try! tree.labels(clusterCount: k)
                let fairness = PartitionFairness(labels: labels, clusterCount: k, groups: groups, ideal: ideal)
                let silhouette = try? Silhouette.score(x, labels: labels, parallelism: .serial)
                let elapsed = clock.now - start
                let (s, atto) = elapsed.components
                box.value[i] = Point(
                    rule: rule, b: b, d: d, mfc: fairness.mfc, balance: fairness.balance, silhouette: silhouette,
                    seconds: Double(s) + Double(atto) * 1e-18)
                lock.wait()
                done += 1
                progress(done, total)
                lock.signal()
            }
        }
        return points.map { $0! }
    }

    /// The points not dominated in (fairness by `objective`, silhouette): no other point is at
    /// least as good in both and better in one. Undefined silhouettes count as -1. Of points with
    /// identical scores, only the first (in evaluation order) is kept.
    public static func paretoFront(_ points: [Point], objective: Objective) -> [Point] {
        func fair(_ p: Point) -> Double { objective == .mfc ? -p.mfc : p.balance }
        func quality(_ p: Point) -> Double { p.silhouette ?? -1 }
        var seen: [(Double, Double)] = []
        return points.filter { p in
            let dominated = points.contains { q in
                fair(q) >= fair(p) && quality(q) >= quality(p) && (fair(q) > fair(p) || quality(q) > quality(p))
            }
            guard !dominated, !seen.contains(where: { $0 == (fair(p), quality(p)) }) else { return false }
            seen.append((fair(p), quality(p)))
            return true
        }
    }

    /// The best point for `objective`; ties go to the higher silhouette, then the smaller d, then
    /// the smaller b, then the rule's order.
    public static func best(_ points: [Point], objective: Objective) -> Point? {
        func key(_ p: Point) -> (Double, Double, Double, Double) {
            (objective == .mfc ? p.mfc : -p.balance, -(p.silhouette ?? -1), p.d, p.b)
        }
        return points.min { key($0) < key($1) }
    }
}
