/// What a distributed front end (the Spark port) collected of its m micro-clusters, the content of
/// a run over summaries (``SummarisedTopRun``): everything the top and the result's figures read,
/// and nothing of the rows beyond the member samples and the quality sample.
public struct MicroClusterContent: Sendable {
    /// n: the rows summarised.
    public var observationCount: Int
    /// Each micro-cluster's size (at least 1, adding up to n).
    public var sizes: [Int]
    /// Each micro-cluster's centroid (m x d).
    public var centroids: Observations
    /// Each micro-cluster's first (smallest) row: numbers the clusters by first appearance as the
    /// in-process labels, and names the top's leaves in the global tree.
    public var firstRows: [Int]
    /// How the groups were counted (`nil` without groups), and each micro-cluster's counts (m rows
    /// of one count per combination, or per value of each attribute).
    public var groups: GroupCounts?
    public var groupCounts: [Int] = []
    /// The member samples: micro-cluster c's are rows `representativeStart[c]..<representativeStart[c + 1]`
    /// (average, complete, single and weighted linkage).
    public var representatives: Observations?
    public var representativeStart: [Int] = []
    /// The micro-clusters' merges' part of fairness at every level, summed (``MicroClusterTask``);
    /// `nil`: not counted (fairness at every level is then left out).
    public var levelRows: [LevelFairness.Row]?
    /// Each micro-cluster's heights (`nil` for one row), in micro-cluster order; empty: unknown.
    public var heights: [LocalHeights?] = []
    /// The quality sample: its rows' features (in the plan's row order) and micro-clusters.
    public var qualityRows: Observations?
    public var qualityMicroClusters: [Int] = []
    /// The summariser and its settings, as summary.json records them.
    public var summariser: [String: String] = ["method": "given"]

    public init(observationCount: Int, sizes: [Int], centroids: Observations, firstRows: [Int]) {
        self.observationCount = observationCount
        self.sizes = sizes
        self.centroids = centroids
        self.firstRows = firstRows
    }

    /// Number of micro-clusters m.
    public var count: Int { sizes.count }

    /// Checks the shapes and that the counts add up: sizes to n, each micro-cluster's combination
    /// counts to its size, each combination's counts over the micro-clusters to its rows.
    func check() throws {
        let m = count, n = observationCount
        func fail(_ message: String) throws -> Never { throw ClusteringError.invalidInput(message) }
        guard m >= 1, centroids.count == m, firstRows.count == m else {
            try fail("micro-cluster summaries: \(m) sizes, \(centroids.count) centroids and \(firstRows.count) first rows; expected one of each per micro-cluster")
        }
        guard n >= 2, n <= Int(Int32.max) else { try fail("micro-cluster summaries: \(n) rows; expected 2 to \(Int32.max)") }
        var total = 0
        for (c, s) in sizes.enumerated() {
            guard s >= 1, s <= n else { try fail("micro-cluster \(c) has size \(s); sizes must be from 1 to n = \(n)") }
            total += s
        }
        guard total == n else { try fail("micro-cluster sizes add up to \(total); the data have n = \(n) rows") }
        guard Set(firstRows).count == m, firstRows.allSatisfy({ $0 >= 0 && $0 < n }) else {
            try fail("micro-cluster first rows must be distinct rows in 0..<\(n)")
        }
        if let groups {
            let g = groups.width
            guard groupCounts.count == m * g else {
                try fail("group counts: \(groupCounts.count) values; expected \(m) micro-clusters x \(g) \(groups.what)")
            }
            for c in 0..<m {
                for (a, range) in groups.attributeRanges.enumerated() {
                    var sum = 0
                    for j in range {
                        let v = groupCounts[c * g + j]
                        guard v >= 0, v <= sizes[c] else {
                            try fail("micro-cluster \(c): \(v) rows of \(groups.describe(j)); expected 0 to its size \(sizes[c])")
                        }
                        sum += v
                    }
                    guard sum == sizes[c] else {
                        try fail("micro-cluster \(c): its counts\(groups.attributeRanges.count > 1 ? " of attribute \(a)" : "") add up to \(sum) rows; its size is \(sizes[c]) (each row counts once)")
                    }
                }
            }
            if case .combinations(let combinations) = groups {
                for j in 0..<g {
                    let total = (0..<m).reduce(0) { $0 + groupCounts[$1 * g + j] }
                    guard total == combinations.counts[j] else {
                        try fail("label combination \(combinations.combinations[j]): \(total) rows over the micro-clusters, \(combinations.counts[j]) in the groups")
                    }
                }
            }
        }
        if !heights.isEmpty {
            guard heights.count == m, zip(heights, sizes).allSatisfy({ ($0 == nil) == ($1 == 1) }) else {
                try fail("heights: one entry per micro-cluster, none for a micro-cluster of one row")
            }
        }
        if qualityRows?.count ?? 0 != qualityMicroClusters.count || qualityMicroClusters.contains(where: { $0 < 0 || $0 >= m }) {
            try fail("quality sample: one micro-cluster in 0..<\(m) per row")
        }
    }
}

/// How a distributed front end counted the protected groups of each micro-cluster.
public enum GroupCounts: Sendable {
    /// Rows per distinct label combination (every group mode).
    case combinations(LabelCombinations)
    /// Rows per value of each attribute on its own (`values[a]`: attribute a's distinct values):
    /// enough for one attribute or several in separate mode.
    case attributes(names: [String], values: [[String]])

    /// Counts per micro-cluster.
    public var width: Int {
        switch self {
        case .combinations(let c): return c.combinations.count
        case .attributes(_, let values): return values.reduce(0) { $0 + $1.count }
        }
    }

    /// The counts that each add up to a micro-cluster's size: all of them, or each attribute's.
    public var attributeRanges: [Range<Int>] {
        switch self {
        case .combinations(let c): return [0..<c.combinations.count]
        case .attributes(_, let values):
            var start = 0
            return values.map { v in
                defer { start += v.count }
                return start..<(start + v.count)
            }
        }
    }

    var what: String {
        if case .combinations = self { return "label combinations" }
        return "attribute values"
    }

    func describe(_ j: Int) -> String {
        switch self {
        case .combinations(let c): return "label combination \(c.combinations[j])"
        case .attributes(let names, let values):
            for (a, range) in attributeRanges.enumerated() where range.contains(j) {
                return "\(names[a]) = '\(values[a][j - range.lowerBound])'"
            }
            return "count \(j)"
        }
    }

    /// The groups' layout under `request`'s mode and each micro-cluster's counts per (attribute,
    /// group) column (m x g) and per column of the attributes as given (m x g'), from `counts` (m x width).
    func columns(_ counts: [Int], microClusters m: Int, request: ClusteringRequest) throws -> (layout: GroupLayout, counts: [Int], sourceCounts: [Int]) {
        let w = width
        switch self {
        case .combinations(let combinations):
            let (attributes, layout) = try combinations.attributes(mode: request.groupMode, rareFloor: request.rareFloor, mergeRare: request.mergeRare)
            let g = layout.groupCount, gs = layout.separateSources.groupCount
            var out = [Int](repeating: 0, count: m * g), sources = [Int](repeating: 0, count: m * gs)
            for j in 0..<w {
                let columns = attributes.columns(of: j), sourceColumns = attributes.sourceColumns(of: j)
                for c in 0..<m where counts[c * w + j] > 0 {
                    for l in columns { out[c * g + l] += counts[c * w + j] }
                    for l in sourceColumns { sources[c * gs + l] += counts[c * w + j] }
                }
            }
            return (layout, out, sources)
        case .attributes(let names, let values):
            guard names.count == values.count, !names.isEmpty else {
                throw ClusteringError.invalidInput("groups: \(values.count) value lists for \(names.count) attributes")
            }
            if names.count > 1 && request.groupMode == .intersectional {
                throw ClusteringError.invalidRequest(
                    "group_mode 'intersectional' needs the rows of each label combination; counts per attribute give the separate mode only")
            }
            guard Set(names).count == names.count else { throw ClusteringError.invalidInput("groups: an attribute is named twice") }
            var attributes: [GroupLayout.Attribute] = [], map: [Int] = []
            for (a, range) in attributeRanges.enumerated() {
                guard Set(values[a]).count == values[a].count else {
                    throw ClusteringError.invalidInput("groups: a value of attribute '\(names[a])' is listed twice")
                }
                let totals = range.map { j in (0..<m).reduce(0) { $0 + counts[$1 * w + j] } }
                let kept = values[a].indices.filter { totals[$0] > 0 }.sorted { values[a][$0] < values[a][$1] }
                guard !kept.isEmpty else { throw ClusteringError.invalidInput("groups: attribute '\(names[a])' has no rows") }
                var rank = [Int](repeating: -1, count: values[a].count)
                for (r, v) in kept.enumerated() { rank[v] = r }
                let offset = attributes.reduce(0) { $0 + $1.groups.count }
                map += rank.map { $0 < 0 ? -1 : offset + $0 }
                attributes.append(.init(name: names[a], groups: kept.map { values[a][$0] }, counts: kept.map { totals[$0] }))
            }
            let layout = GroupLayout(attributes: attributes, mode: .separate, sources: attributes)
            let g = layout.groupCount
            var out = [Int](repeating: 0, count: m * g)
            for c in 0..<m { for j in 0..<w where map[j] >= 0 { out[c * g + map[j]] += counts[c * w + j] } }
            return (layout, out, out)
        }
    }
}
