/// Everything a clustering run is asked to do, in one value: what the CLI's `cluster` options,
/// the C ABI's JSON request and the Python estimator's parameters all become. The defaults are
/// the product's defaults, set here once (``defaults``, ``defaultValue(_:)``): the front ends show
/// and read them from here. ``ClusteringPipeline/run(_:on:observer:)`` checks the request,
/// applies the memory and quality policies, dispatches the method and reports.
///
/// A parameter that only some methods read is optional: `nil` means not given (its default
/// applies), so "was it given" is decided by presence, never by comparing with the default.
///
/// Its keys (``Key``) are the Python package's parameter names; JSON requests use them.
public struct ClusteringRequest: Sendable, Equatable {
    /// k: the number of clusters of the cut (the first n - k merges).
    public var nClusters: Int
    public var method: ClusteringMethod = .hac
    public var linkage: Linkage = .average
    /// The metric between observations (features only; a distance matrix is used as given).
    public var metric: Metric = .euclidean

    // FHAC (method fhac). With none of rule, b, d, schedule_a and schedule_c given (and auto not
    // set to false), FHAC runs the recommended setting: fair by default (``runsRecommendation``).
    /// The selection rule with its parameter, if any: `gain`, `paper:strict` (``SelectionRule/init(spec:)``);
    /// `nil`: not given (gain for a fixed setting).
    public var rule: String?
    public var schedule: FairnessSchedule.Family = .exp
    public var scheduleArg: FairnessSchedule.Argument = .progress
    /// The schedule's a, b, c, d; `nil`: not given (``defaultScheduleA``, ``defaultB``, ...).
    public var scheduleA: Double?
    public var b: Double?
    public var scheduleC: Double?
    public var d: Double?
    /// data, uniform, shares in group order ("0.6,0.4"), or per attribute ("sex=uniform,race=data");
    /// `nil`: not given (``defaultIdeal``).
    public var ideal: String?
    public var implementation: FairHierarchicalClustering.Implementation = .fast
    /// Run the paper rule above its time guard.
    public var force = false
    /// Choose rule, b and d by the search's recommendation: `true`; `false`: run the given
    /// setting (b = d = 0 when none is given); `nil`: the recommendation unless a setting is given.
    public var auto: Bool?
    public var autoObjective: GridSearch.Objective = .mfc
    /// The rules `auto` searches; `nil`: `rule` when given, else ``ClusteringRequest/defaultAutoRules``.
    public var autoRules: [String]?
    /// How the recommendation is searched: ``SearchStrategy/fast`` (the default) or the full grid.
    public var search: SearchStrategy = .fast
    /// The grid's b and d values; `nil`: the defaults of the schedule argument (``autoGrids``).
    public var gridB: [Double]?
    public var gridD: [Double]?
    public var maxQualityLoss = 0.05
    /// The smallest cluster of a non-degenerate partition; `nil`: max(2, ceil(n / 100)).
    public var minClusterSize: Int?

    // AFHAC (methods afhac-v, afhac-r)
    public var alpha: Double?
    /// Two groups: "b:r".
    public var ratio: String?
    public var eps: Double?
    public var fairletSeed: UInt64?

    // MakeFair (method makefair)
    public var makefairVariant: MakeFair.Variant?
    public var makefairH: Int?
    public var makefairK: Int?
    public var makefairEps: Double?
    public var levelTolerance = LevelFairness.defaultTolerance

    // Form
    public var form: FormChoice = .auto
    public var microClusters: Int?
    public var summarySeed: UInt64 = 0
    /// Vanilla ward, centroid and median on features: the matrix, the vectors, or chosen by size.
    public var hacForm: HierarchicalClustering.Form = .automatic
    /// The width of the exact form's distance matrix (``Precision``): single is half the memory,
    /// heights within about 1e-6 relative of double's.
    public var precision: Precision = .double

    // Groups given as labels (the C ABI and Python): how several attributes combine.
    public var groupMode: ProtectedAttributes.Mode = .separate
    public var mergeRare = false
    public var rareFloor = 0.01

    // Quality and resources
    /// Silhouette and tree objectives (skipped anyway above ``ClusteringRequest/qualityLimit``).
    public var computeQuality = true
    /// Bytes the job may use; `nil`: the memory available (``MemoryBudget``).
    public var memoryLimit: Int?
    /// Worker threads; `nil`: all cores (more than the cores: lowered, with a note).
    public var nJobs: Int?

    public init(nClusters: Int) { self.nClusters = nClusters }

    /// The rules `auto` searches unless told: the fast ones.
    public static let defaultAutoRules = ["gain", "window", "gain-penalised"]
    /// Above this n the quality metrics (O(n^2)) run on a seeded sample.
    public static let qualityLimit = 20_000
    /// Rows of the seeded quality sample above ``qualityLimit``.
    public static let qualitySampleSize = 10_000
    /// AFHAC's default local-search eps.
    public static let defaultAFHACEps = 0.1
    /// AFHAC's default seed of the fairlets' round-robin start.
    public static let defaultFairletSeed: UInt64 = 0
    /// The defaults of the optional FHAC parameters: the schedule f(x) = a e^(b x), g(x) = c e^(d x)
    /// with b = d = 0 (no tightening or loosening), ideal shares from the data.
    public static let defaultScheduleA = 1.0, defaultB = 0.0, defaultScheduleC = 1.0, defaultD = 0.0
    public static let defaultIdeal = "data"

    /// Every parameter at its default (`n_clusters`, which has none, is 1): what a front end shows
    /// and fills in when a parameter is not given.
    public static var defaults: ClusteringRequest { ClusteringRequest(nClusters: 1) }

    /// The request's keys: the Python parameter names, and the JSON request's.
    public enum Key: String, CaseIterable, Sendable, CodingKey {
        case nClusters = "n_clusters", method, linkage, metric
        case rule, schedule, scheduleArg = "schedule_arg", scheduleA = "schedule_a", b, scheduleC = "schedule_c", d, ideal
        case implementation, force, auto, autoObjective = "auto_objective", autoRules = "auto_rules", search
        case gridB = "grid_b", gridD = "grid_d"
        case maxQualityLoss = "max_quality_loss", minClusterSize = "min_cluster_size"
        case alpha, ratio, eps, fairletSeed = "fairlet_seed"
        case makefairVariant = "makefair_variant", makefairH = "makefair_h", makefairK = "makefair_k", makefairEps = "makefair_eps"
        case levelTolerance = "level_tolerance"
        case form, microClusters = "micro_clusters", summarySeed = "summary_seed", hacForm = "hac_form", precision
        case groupMode = "group_mode", mergeRare = "merge_rare", rareFloor = "rare_floor"
        case computeQuality = "compute_quality", memoryLimit = "memory_limit", nJobs = "n_jobs"
    }
}
