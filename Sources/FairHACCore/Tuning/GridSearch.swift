import Dispatch

/// A grid search over the schedule parameters (b, d), and optionally the rule, of FHAC
/// (spec section 5): every grid point is clustered from one shared distance matrix through the
/// same fit as ``FairHierarchicalClustering``, in parallel over the given threads, and scored for
/// fairness (MFC, balance), quality (silhouette, Dasgupta cost) and cluster sizes, beside vanilla
/// HAC on the same data. ``Outcome`` recommends a setting (spec section 8).
public struct GridSearch: Sendable {
    /// One evaluated setting.
    public struct Point: Sendable, Equatable {
        public var rule: SelectionRule
        public var b: Double
        public var d: Double
        public var evaluation: PartitionEvaluation
        public var seconds: Double
        /// The setting's tree over the rows, when the search kept it (the fast search keeps the
        /// trees of the points it confirms, so that the chosen one need not be built again).
        public var tree: Dendrogram?

        public init(rule: SelectionRule, b: Double, d: Double, evaluation: PartitionEvaluation, seconds: Double, tree: Dendrogram? = nil) {
            self.rule = rule
            self.b = b
            self.d = d
            self.evaluation = evaluation
            self.seconds = seconds
            self.tree = tree
        }

        public var setting: Setting { Setting(rule: rule, b: b, d: d) }

        /// Equal settings and figures (the kept tree is not compared).
        public static func == (l: Point, r: Point) -> Bool {
            l.rule == r.rule && l.b == r.b && l.d == r.d && l.evaluation == r.evaluation && l.seconds == r.seconds
        }

        public var mfc: Double { evaluation.mfc }
        public var balance: Double { evaluation.balance }
        /// `nil` when undefined (fewer than 2 non-empty clusters).
        public var silhouette: Double? { evaluation.silhouette }
        public var minClusterSize: Int { evaluation.minClusterSize }
    }

    public enum Objective: String, CaseIterable, Sendable {
        /// Lowest Max Fairness Cost.
        case mfc
        /// Highest balance.
        case balance

        /// The objective as a number where larger is better (MFC negated), rounded to 9 decimal
        /// places so that values equal in exact arithmetic (an MFC summed in another cluster order)
        /// tie, and the stated tie-breaks decide.
        public func goodness(mfc: Double, balance: Double) -> Double {
            let v = self == .mfc ? -mfc : balance
            return v.isFinite ? (v * 1e9).rounded() / 1e9 : v
        }
        public func goodness(_ p: Point) -> Double { goodness(mfc: p.mfc, balance: p.balance) }
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
    /// Threads: grid points run concurrently, one per thread.
    public var parallelism: Parallelism
    /// Run rules above their size limit anyway (as `FairHierarchicalClustering.fit`'s `force`).
    public var force: Bool
    /// How vanilla HAC, the reference of every point, is built: the form a plain run takes
    /// (``HierarchicalClustering/Form``), so that its figures are a plain run's, ties included.
    public var vanillaForm: HierarchicalClustering.Form = .automatic
    /// Called when a point starts (`true`) and ends (`false`), from its worker; for tests.
    var pointObserver: (@Sendable (_ index: Int, _ started: Bool) -> Void)?
    /// A stop request: no new point starts once it is set, running fits stop at their next look,
    /// and ``run(_:groups:metric:progress:)`` throws ``ClusteringError/cancelled``.
    public var cancellation: Cancellation?
    /// Bytes the grid's results may take (``checkSize(n:groupCount:budget:)``); `nil`: no check.
    public var memoryBudget: Int?

    public init(
        linkage: Linkage, clusterCount: Int, rules: [SelectionRule] = [.gain], gridB: [Double] = defaultGridB,
        gridD: [Double] = defaultGridD, family: FairnessSchedule.Family = .exp,
        argument: FairnessSchedule.Argument = .progress, ideal: IdealShares = .data, parallelism: Parallelism = .allCores,
        force: Bool = false
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
        self.force = force
    }

    /// The settings in evaluation order: rule, then b, then d. Rules that do not read b are
    /// evaluated at b = 0 only.
    public var settings: [Setting] {
        rules.flatMap { rule in
            (rule.readsB ? gridB : [0]).flatMap { b in gridD.map { d in Setting(rule: rule, b: b, d: d) } }
        }
    }

    /// The fit of one setting: the one fit path of ``FairHierarchicalClustering``.
    public func model(rule: SelectionRule, b: Double, d: Double) -> FairHierarchicalClustering {
        var model = FairHierarchicalClustering(
            linkage: linkage, clusterCount: clusterCount, rule: rule,
            schedule: FairnessSchedule(family: family, argument: argument, b: b, d: d), ideal: ideal,
            parallelism: .serial)
        model.cancellation = cancellation
        return model
    }

    /// The fit of one setting.
    func model(_ s: Setting) -> FairHierarchicalClustering { model(rule: s.rule, b: s.b, d: s.d) }

    /// Evaluates vanilla HAC and every setting, calling `progress(0, total)` when the first
    /// starts and `progress(done, total)` as points finish (from worker threads, serialised).
    /// - Complexity: one or two O(n^2 d) matrices (the working one, and the Euclidean one the
    ///   quality measures read when the working one is not), then per point the fair loop and an
    ///   O(n^2) silhouette and Dasgupta cost.
    public func run(
        _ x: Observations, groups: GroupAssignment, metric: Metric = .euclidean,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> Outcome {
        try run(x, attributes: ProtectedAttributes(groups), metric: metric, progress: progress)
    }

    /// Evaluates vanilla HAC and every setting on several protected attributes (spec section 9):
    /// the points are scored, and the recommendation made, on the combined MFC and balance;
    /// every evaluation also carries each attribute's own.
    public func run(
        _ x: Observations, attributes groups: ProtectedAttributes, metric: Metric = .euclidean,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> Outcome {
        guard clusterCount >= 2, clusterCount <= x.count else {
            throw ClusteringError.invalidInput("the number of clusters k must be between 2 and n = \(x.count); got \(clusterCount)")
        }
        try checkSize(n: x.count, groupCount: groups.groupCount, budget: memoryBudget)
        let settings = self.settings
        guard !settings.isEmpty else { throw ClusteringError.invalidInput("the grid is empty") }
        let evaluator = try ExactGridEvaluator(search: self, x, attributes: groups, metric: metric, settings: settings)
        progress(0, settings.count)
        nonisolated(unsafe) var done = 0
        let points = try evaluate(settings, on: evaluator) { _, _ in
            done += 1
            progress(done, settings.count)
        }
        return Outcome(n: x.count, k: clusterCount, vanilla: evaluator.vanilla, points: points, vanillaTree: evaluator.vanillaTree)
    }
}
