/// Grid points on the exact form: every setting is clustered from one shared working matrix
/// through the same fit as ``FairHierarchicalClustering`` and scored on the rows (MFC, balance,
/// silhouette and Dasgupta cost from one shared Euclidean matrix, cluster sizes).
///
/// The reference, vanilla HAC, is built as a plain run builds it (``GridSearch/vanillaForm``), so
/// that the quality loss is measured against the figures `fairhac cluster` prints without `--fair`,
/// ties included.
struct ExactGridEvaluator: GridPointEvaluator {
    let search: GridSearch
    let x: Observations
    let groups: ProtectedAttributes
    let ideal: [Double]
    /// The working matrix every fit copies.
    let matrix: DistanceMatrix
    /// Euclidean distances of the features, for the silhouette and the tree cost.
    let euclidean: DistanceMatrix
    let vanilla: PartitionEvaluation
    let vanillaTree: Dendrogram?

    var n: Int { x.count }
    var leafCount: Int { x.count }

    /// Checks every setting as a fit would, then builds the matrices and vanilla HAC.
    /// - Complexity: one or two O(n^2 d) matrices (the working one, and the Euclidean one the
    ///   quality measures read when the working one is not) and vanilla HAC.
    init(search: GridSearch, _ x: Observations, attributes groups: ProtectedAttributes, metric: Metric, settings: [GridSearch.Setting]) throws {
        let k = search.clusterCount
        if search.linkage.requiresEuclidean && metric != .euclidean {
            throw ClusteringError.invalidInput("\(search.linkage.rawValue) linkage requires the euclidean metric")
        }
        guard k >= 2, k <= x.count else {
            throw ClusteringError.invalidInput("the number of clusters k must be between 2 and n = \(x.count); got \(k)")
        }
        // Every check a fit would make, before any work.
        for s in settings { try search.model(s).check(n: x.count, groups: groups, force: search.force) }
        self.search = search
        self.x = x
        self.groups = groups
        ideal = try search.ideal.resolve(for: groups)
        var hac = HierarchicalClustering(linkage: search.linkage, parallelism: search.parallelism, form: search.vanillaForm)
        hac.cancellation = search.cancellation
        let tree = try hac.fit(x, metric: metric)
        vanillaTree = tree
        matrix = try DistanceMatrix(
            observations: x, metric: metric, squaringEuclidean: search.linkage.worksOnSquaredDistances, parallelism: search.parallelism)
        euclidean = metric == .euclidean && !search.linkage.worksOnSquaredDistances
            ? matrix : try DistanceMatrix(observations: x, metric: .euclidean, parallelism: search.parallelism)
        vanilla = try PartitionEvaluation(
            tree: tree, clusterCount: k, observations: x, attributes: groups, ideal: ideal, distances: euclidean)
    }

    func evaluate(_ setting: GridSearch.Setting, keepTree: Bool) throws -> GridSearch.Point {
        let start = ContinuousClock().now
        let fit = try search.model(setting).fit(sharedWorkingMatrix: matrix, groups: groups, force: search.force)
        let evaluation = try PartitionEvaluation(
            tree: fit.dendrogram, clusterCount: search.clusterCount, observations: x, attributes: groups, ideal: ideal,
            distances: euclidean)
        return GridSearch.Point(
            rule: setting.rule, b: setting.b, d: setting.d, evaluation: evaluation, seconds: seconds(since: start),
            tree: keepTree ? fit.dendrogram : nil)
    }
}
