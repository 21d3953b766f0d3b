/// A summary of n observations as m micro-clusters (spec section 10, level 1): each row in exactly
/// one micro-cluster `0..<m`, none empty, with its members (ascending rows), size, centroid and
/// group counts per (attribute, group).
///
/// Built from any assignment of rows to labels: labels that no row uses are dropped and the rest
/// renumbered densely in increasing label order, so the numbering is deterministic and
/// ``init(assignment:observations:groups:)`` with an assignment already in `0..<m` (none empty)
/// keeps it as given.
public struct MicroClusters: Sendable, Equatable {
    /// Number of observations n.
    public let observationCount: Int
    /// Number of features d.
    public let dimension: Int
    /// The micro-cluster of each row, in `0..<count`.
    public let assignment: [Int32]
    /// Members of micro-cluster c: `members[memberStart[c]..<memberStart[c + 1]]`, ascending rows.
    public let members: [Int32]
    /// `count + 1` offsets into ``members``.
    public let memberStart: [Int]
    /// Centroids, `count x dimension`, row-major: the mean of the members, summed in row order.
    public let centroids: [Double]
    /// Group counts, `groupCount` per micro-cluster (concatenated (attribute, group) order).
    public let groupCounts: [Int32]
    /// Number of (attribute, group) pairs counted (0 without groups).
    public let groupCount: Int

    /// Number of micro-clusters m.
    public var count: Int { memberStart.count - 1 }

    /// Size of micro-cluster `c`.
    public func size(_ c: Int) -> Int { memberStart[c + 1] - memberStart[c] }

    /// The rows of micro-cluster `c`, ascending.
    public func rows(_ c: Int) -> ArraySlice<Int32> { members[memberStart[c]..<memberStart[c + 1]] }

    /// The largest micro-cluster's size.
    public var largestSize: Int { (0..<count).map(size).max() ?? 0 }

    /// Whether every micro-cluster is one point (the summary of the exact form).
    public var isSingletons: Bool { count == observationCount }

    /// Summarises `observations` by a given assignment of rows to labels (any integers >= 0).
    /// - Throws: when the assignment's length differs from n, a label is negative, or
    ///   `groups` covers a different number of rows.
    /// - Complexity: O(n (d + g)) for g (attribute, group) pairs, plus O(L) for the largest label L.
    public init(assignment labels: [Int], observations x: Observations, groups: ProtectedAttributes? = nil) throws {
        let n = x.count
        guard labels.count == n else {
            throw ClusteringError.invalidInput("micro-cluster labels: \(labels.count) labels for \(n) observations")
        }
        if let groups, groups.count != n {
            throw ClusteringError.invalidInput("\(groups.count) group labels for \(n) observations")
        }
        guard n >= 1 else { throw ClusteringError.invalidInput("micro-clusters need at least one observation") }
        var largest = 0
        for (i, l) in labels.enumerated() {
            guard l >= 0, l < Int(Int32.max) else {
                throw ClusteringError.invalidInput(
                    "micro-cluster label of row \(i) is \(l); expected a number in 0..<m (at most \(Int32.max - 1))")
            }
            largest = max(largest, l)
        }
        guard largest < 8 * n + 1_000_000 else {
            throw ClusteringError.invalidInput(
                "micro-cluster labels go up to \(largest) for \(n) rows; number them 0..<m with m <= n")
        }
        var dense = [Int32](repeating: -1, count: largest + 1)
        for l in labels { dense[l] = 0 }
        var m: Int32 = 0
        for l in 0...largest where dense[l] == 0 {
            dense[l] = m
            m += 1
        }
        self.init(dense: labels.map { dense[$0] }, count: Int(m), observations: x, groups: groups)
    }

    /// From labels already dense in `0..<m`, every one used.
    init(dense assignment: [Int32], count m: Int, observations x: Observations, groups: ProtectedAttributes?) {
        let n = x.count, d = x.dimension
        var start = [Int](repeating: 0, count: m + 1)
        for a in assignment { start[Int(a) + 1] += 1 }
        for c in 0..<m { start[c + 1] += start[c] }
        var fill = Array(start.dropLast())
        var members = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let c = Int(assignment[i])
            members[fill[c]] = Int32(i)
            fill[c] += 1
        }
        var centroids = [Double](repeating: 0, count: m * d)
        x.values.withUnsafeBufferPointer { xs in
            centroids.withUnsafeMutableBufferPointer { cs in
                for c in 0..<m {
                    let out = cs.baseAddress! + c * d
                    for p in start[c]..<start[c + 1] {
                        let row = xs.baseAddress! + Int(members[p]) * d
                        for k in 0..<d { out[k] += row[k] }
                    }
                    let s = Double(start[c + 1] - start[c])
                    for k in 0..<d { out[k] /= s }
                }
            }
        }
        let g = groups?.groupCount ?? 0
        var counts = [Int32](repeating: 0, count: m * g)
        if let groups {
            for i in 0..<n {
                let c = Int(assignment[i])
                groups.forEachColumn(of: i) { counts[c * g + $0] += 1 }
            }
        }
        observationCount = n
        dimension = d
        self.assignment = assignment
        self.members = members
        memberStart = start
        self.centroids = centroids
        groupCounts = counts
        groupCount = g
    }

    /// Every row its own micro-cluster (micro-cluster i is row i): the exact form's summary.
    public static func singletons(observations x: Observations, groups: ProtectedAttributes? = nil) -> MicroClusters {
        MicroClusters(dense: (0..<x.count).map { Int32($0) }, count: x.count, observations: x, groups: groups)
    }

    /// The centroids as observations (one row per micro-cluster).
    /// - Throws: when a sum overflowed (features near a Double's limit; the distance range check
    ///   refuses such data first).
    func centroidObservations() throws -> Observations {
        try Observations(count: count, dimension: dimension, values: centroids)
    }

    /// Sizes as the merge state takes them.
    var sizes: [Double] { (0..<count).map { Double(size($0)) } }
}
