import FairHACCore
import FairHACIO

/// The "fair at every level" table of `fairhac reproduce` (issue 20): per dataset x linkage x
/// method, how much of the whole tree is fair, not only its k-cut.
struct LevelComparison {
    /// One method's figures on one subsample.
    struct Measure {
        /// Shares of the tree's clusters of size >= 2, 10 and 1% of n within rho +- 0.1.
        var fair: [Double]
        /// Mean over k' = 2..20 of the mean cluster deviation max_l |p_l - rho_l| of the cut into k'
        /// (for an n-ary tree: its finest cut into real nodes with at most k' clusters).
        var profileDeviation: Double
        /// Dasgupta cost over vanilla HAC's (real nodes for an n-ary tree).
        var costRatio: Double?
        var silhouette: Double?
    }

    struct Entry {
        var dataset: BundledDataset
        var linkage: Linkage
        var method: String
        var measures: [Measure] = []
    }

    static let profileMaxK = 20

    /// A binary tree's figures.
    static func measure(
        tree: Dendrogram, observations x: Observations, groups: GroupAssignment, ideal: [Double], k: Int, vanillaCost: Double?
    ) throws -> Measure {
        let attributes = ProtectedAttributes(groups)
        let level = try LevelFairness(tree: tree, attributes: attributes, ideal: ideal)
        let n = tree.leafCount
        var deviation = 0.0, cuts = 0
        for kk in 2...min(profileMaxK, n) {
            deviation += meanDeviation(try tree.labels(clusterCount: kk), count: kk, attributes: attributes, ideal: ideal)
            cuts += 1
        }
        let cost = TreeObjectives(tree: tree, observations: x).dasguptaCost
        return Measure(
            fair: level.rows.map { $0.share ?? 1 }, profileDeviation: deviation / Double(max(1, cuts)),
            costRatio: vanillaCost.flatMap { $0 > 0 ? cost / $0 : nil },
            silhouette: try? Silhouette.score(x, labels: try tree.labels(clusterCount: k)))
    }

    /// A post-processed (n-ary) tree's figures, on its real nodes.
    static func measure(
        _ result: MakeFair.Result, observations x: Observations, groups: GroupAssignment, ideal: [Double], k: Int, vanillaCost: Double?
    ) throws -> Measure {
        let attributes = ProtectedAttributes(groups)
        let level = try LevelFairness(tree: result.tree, ideal: ideal)
        let n = result.tree.leafCount
        var deviation = 0.0, cuts = 0
        for kk in 2...min(profileMaxK, n) {
            let count = result.tree.realClusterCount(atMost: kk)
            deviation += meanDeviation(try result.dendrogram.labels(clusterCount: count), count: count, attributes: attributes, ideal: ideal)
            cuts += 1
        }
        let cost = TreeObjectives(tree: result.dendrogram, observations: x, lcaSizes: result.tree.realSizesPerMerge()).dasguptaCost
        let count = result.tree.realClusterCount(atMost: k)
        return Measure(
            fair: level.rows.map { $0.share ?? 1 }, profileDeviation: deviation / Double(max(1, cuts)),
            costRatio: vanillaCost.flatMap { $0 > 0 ? cost / $0 : nil },
            silhouette: try? Silhouette.score(x, labels: try result.dendrogram.labels(clusterCount: count)))
    }

    static func meanDeviation(_ labels: [Int], count: Int, attributes: ProtectedAttributes, ideal: [Double]) -> Double {
        PartitionFairness(labels: labels, clusterCount: count, attributes: attributes, ideal: ideal).mfc / Double(max(1, count))
    }

    static let heading = "Fair at every level: FHAC, AFHAC and MakeFair"

    /// What the table shows (the same words in report.md and report.html).
    static func introduction(n: Int, k: Int) -> String {
        var s = "How much of the whole tree is fair, not only its cut at k. Fair >= s: the share of the tree's clusters of size >= s "
        s += "whose every group share is within 0.1 of the data's (its merges for a binary tree, its real nodes for MakeFair's "
        s += "n-ary tree; s = 2, 10 and 1% of n = \(max(2, (n + 99) / 100))). Profile: the mean over k' = 2..\(profileMaxK) of the cut's mean "
        s += "cluster deviation max_l |p_l - rho_l| (lower is fairer; MakeFair's cut is its finest into real nodes with at most k' "
        s += "clusters). Cost ratio: Dasgupta cost over vanilla's (MakeFair: on its real nodes). Silhouette at k = \(k). "
        s += "`fhac-recommended`: the tree of the setting recommended for MFC (vanilla's when none improves); `makefair`: the "
        s += "vanilla tree post-processed with the defaults (docs/algorithm.md, MakeFair). Mean ± sd over the seeds."
        return s
    }

    static let header = ["dataset", "linkage", "method", "fair >= 2", "fair >= 10", "fair >= 1% n", "profile (k' = 2..\(profileMaxK))",
                         "cost ratio", "silhouette"]

    static func rows(_ entries: [Entry]) -> [[String]] {
        entries.map { e in
            let m = e.measures
            func column(_ i: Int) -> String { meanStd(m.map { $0.fair[i] }) }
            return [e.dataset.rawValue, e.linkage.rawValue, e.method, column(0), column(1), column(2), meanStd(m.map(\.profileDeviation)),
                    meanStd(m.compactMap(\.costRatio)), meanStd(m.compactMap(\.silhouette))]
        }
    }

    static let whichToUse = "Which to use when: FHAC changes the merges only as far as the cut at its k needs and keeps the clustering (silhouette "
        + "near vanilla's), so it is the choice when a user cuts at a known k (and every coarser cut stays as fair). MakeFair "
        + "restructures the whole tree so that nearly every cluster at every level is within the bounds, at a higher tree cost "
        + "and clusters that are mixtures (silhouette near 0): the choice when the tree itself is the product, browsed or cut "
        + "anywhere. AFHAC's fairlets keep every cut down to the fairlets within its cap, but only that cap, and the fairlets "
        + "themselves are not clusters of near points."

    static func markdown(_ entries: [Entry], n: Int, k: Int) -> String {
        var s = "## \(heading)\n\n" + introduction(n: n, k: k) + "\n\n"
        s += "| " + header.joined(separator: " | ") + " |\n" + "|" + String(repeating: "---|", count: header.count) + "\n"
        for row in rows(entries) { s += "| " + row.joined(separator: " | ") + " |\n" }
        s += "\n" + whichToUse + "\n\n"
        return s
    }
}
