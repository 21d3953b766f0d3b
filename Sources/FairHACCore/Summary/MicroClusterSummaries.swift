/// What the top level reads of the m micro-clusters (spec section 10, level 2), with no reference
/// to the rows: sizes, centroids, group counts, and, for the member-pair linkages (average,
/// complete, single, weighted), the members that stand for each micro-cluster (all of them, or a
/// ``MemberSample``). Built from a ``MicroClusters`` and the data, or given (a distributed
/// summariser, the Spark port) through ``init(sizes:centroids:groupCounts:groupCount:representatives:representativeStart:)``.
public struct MicroClusterSummaries: Sendable {
    /// Size of each micro-cluster (>= 1).
    public let sizes: [Int]
    /// Centroids, one row per micro-cluster.
    public let centroids: Observations
    /// Group counts, `groupCount` per micro-cluster (empty without groups).
    public let groupCounts: [Int32]
    public let groupCount: Int
    /// The representative members, contiguous per micro-cluster: micro-cluster c's are rows
    /// `representativeStart[c]..<representativeStart[c + 1]`; `nil` when the linkage needs none.
    public let representatives: Observations?
    public let representativeStart: [Int]
    /// Whether the representatives are every member (the member-pair dissimilarities are exact).
    public let representativesAreAllMembers: Bool

    /// The most observations summaries may stand for: the tree numbers them in 32 bits.
    public static let largestObservationCount = Int(Int32.max)

    /// Number of micro-clusters m.
    public var count: Int { sizes.count }
    /// Number of observations summarised.
    public var observationCount: Int { sizes.reduce(0, +) }
    /// Whether every micro-cluster is one point.
    var unit: Bool { sizes.allSatisfy { $0 == 1 } }

    /// Summaries given from outside.
    /// - Throws: when the shapes disagree, a size is below 1, the sizes add up to more than
    ///   ``largestObservationCount``, a group count is negative or above its micro-cluster's size,
    ///   or a micro-cluster has no representative.
    public init(
        sizes: [Int], centroids: Observations, groupCounts: [Int32] = [], groupCount: Int = 0, representatives: Observations? = nil,
        representativeStart: [Int] = []
    ) throws {
        let m = sizes.count
        guard m >= 1, centroids.count == m else {
            throw ClusteringError.invalidInput("micro-cluster summaries: \(m) sizes and \(centroids.count) centroids; expected one centroid per micro-cluster, at least one")
        }
        if let bad = sizes.firstIndex(where: { $0 < 1 }) {
            throw ClusteringError.invalidInput("micro-cluster \(bad) has size \(sizes[bad]); sizes must be at least 1")
        }
        // The tree over the observations numbers them in 32 bits, and the merges add sizes up.
        var total = 0
        for (c, size) in sizes.enumerated() {
            let (sum, overflow) = total.addingReportingOverflow(size)
            guard !overflow, sum <= Self.largestObservationCount else {
                throw ClusteringError.invalidInput(
                    "micro-cluster sizes add up to more than \(Self.largestObservationCount) observations (2^31 - 1, the most a tree takes) "
                        + "by micro-cluster \(c) (size \(size))")
            }
            total = sum
        }
        guard groupCount >= 0, groupCount == 0 ? groupCounts.isEmpty : groupCounts.count % groupCount == 0 && groupCounts.count / groupCount == m else {
            throw ClusteringError.invalidInput("micro-cluster summaries: \(groupCounts.count) group counts; expected \(m) x \(groupCount)")
        }
        for c in 0..<(groupCount == 0 ? 0 : m) {
            for l in 0..<groupCount {
                let count = Int(groupCounts[c * groupCount + l])
                guard count >= 0, count <= sizes[c] else {
                    throw ClusteringError.invalidInput(
                        "micro-cluster \(c) has group count \(count) in group column \(l); expected 0 to its size \(sizes[c])")
                }
            }
        }
        if let representatives {
            guard representativeStart.count == m + 1, representativeStart.first == 0,
                representativeStart.last == representatives.count,
                zip(representativeStart, representativeStart.dropFirst()).allSatisfy({ $0 < $1 }),
                representatives.dimension == centroids.dimension
            else {
                throw ClusteringError.invalidInput(
                    "member samples: the offsets must start at 0, rise strictly (every micro-cluster at least one member) and end at the number of sample rows (\(representatives.count)), with the centroids' \(centroids.dimension) features")
            }
        }
        self.sizes = sizes
        self.centroids = centroids
        self.groupCounts = groupCounts
        self.groupCount = groupCount
        self.representatives = representatives
        self.representativeStart = representatives == nil ? [] : representativeStart
        representativesAreAllMembers = representatives != nil && zip(sizes.indices, sizes).allSatisfy {
            representativeStart[$0 + 1] - representativeStart[$0] == $1
        }
    }

    /// The summaries of `summary` over `x`: representatives only for the member-pair linkages,
    /// as `members` says.
    init(_ summary: MicroClusters, observations x: Observations, linkage: Linkage, members: TopDissimilarities.Members) throws {
        var reps: [Int] = []
        var start = [0]
        let needsMembers = !linkage.worksOnSquaredDistances
        if needsMembers {
            for c in 0..<summary.count {
                switch members {
                case .all: reps.append(contentsOf: summary.rows(c).map { Int($0) })
                case .sample(let q, let seed): reps.append(contentsOf: MemberSample.sample(summary.rows(c), q: q, seed: seed))
                }
                start.append(reps.count)
            }
        }
        try self.init(
            sizes: (0..<summary.count).map(summary.size), centroids: try summary.centroidObservations(),
            groupCounts: summary.groupCounts, groupCount: summary.groupCount,
            representatives: needsMembers ? x.selecting(rows: reps) : nil, representativeStart: start)
    }

    /// The leaves of the merge state.
    var leaves: WeightedLeaves {
        WeightedLeaves(sizes: sizes.map(Double.init), counts: groupCounts, groupCount: groupCount)
    }

    /// The ideal shares of the data's own group shares (counts summed over micro-clusters), one
    /// per (attribute, group); `offsets` delimit the attributes (`[0, groupCount]` for one).
    public func dataShares(attributeOffsets offsets: [Int]) throws -> [Double] {
        var totals = [Double](repeating: 0, count: groupCount)
        for c in 0..<count { for l in 0..<groupCount { totals[l] += Double(groupCounts[c * groupCount + l]) } }
        var shares = totals
        for a in 0..<max(0, offsets.count - 1) {
            let range = offsets[a]..<offsets[a + 1]
            let sum = range.reduce(0.0) { $0 + totals[$1] }
            guard sum > 0 else { throw ClusteringError.invalidInput("attribute \(a) has no counted observations") }
            for l in range { shares[l] = totals[l] / sum }
        }
        return shares
    }
}
