/// How the dissimilarity between two clusters is defined: the scipy set, with scipy's conventions.
///
/// `ward`, `centroid` and `median` are defined for Euclidean input. They work internally on
/// squared Euclidean distances (their Lance–Williams rules are exact there) and report
/// Euclidean heights, so their heights equal scipy's.
public enum Linkage: String, CaseIterable, Sendable {
    case single, complete, average, weighted, ward, centroid, median

    /// Whether the linkage is only meaningful on Euclidean distances.
    public var requiresEuclidean: Bool {
        switch self {
        case .ward, .centroid, .median: return true
        default: return false
        }
    }

    /// Whether the working values are squared Euclidean distances.
    var worksOnSquaredDistances: Bool { requiresEuclidean }

    /// Whether merging two clusters never brings a third one closer (the reducibility property
    /// the nearest-neighbour chain needs). Centroid and median can produce inversions.
    public var isReducible: Bool { self != .centroid && self != .median }

    /// The height reported for a working value.
    @inline(__always)
    func height(fromWorking w: Double) -> Double {
        worksOnSquaredDistances ? w.squareRoot() : w
    }

    /// The working value of a reported height.
    @inline(__always)
    func working(fromHeight h: Double) -> Double {
        worksOnSquaredDistances ? h * h : h
    }

    /// Lance–Williams update: the working dissimilarity between cluster `k` and the union of `a`
    /// and `b`, given the working dissimilarities `dAK`, `dBK`, `dAB` and the cluster sizes.
    /// This is the slow, switch-based entry; fast loops use the ``LinkageUpdate`` types directly.
    public func merged(dAK: Double, dBK: Double, dAB: Double, sizeA: Int, sizeB: Int, sizeK: Int) -> Double {
        struct Apply: LinkageVisitor {
            var dAK, dBK, dAB, nA, nB, nK: Double
            func visit<U: LinkageUpdate>(_: U.Type) -> Double { U.merged(dAK, dBK, dAB, nA, nB, nK) }
        }
        var apply = Apply(dAK: dAK, dBK: dBK, dAB: dAB, nA: Double(sizeA), nB: Double(sizeB), nK: Double(sizeK))
        return dispatch(&apply)
    }

    /// Calls `visitor` with the update rule of this linkage as a type, so that hot loops are
    /// specialised for it.
    func dispatch<V: LinkageVisitor>(_ visitor: inout V) -> V.Result {
        switch self {
        case .single: return visitor.visit(SingleUpdate.self)
        case .complete: return visitor.visit(CompleteUpdate.self)
        case .average: return visitor.visit(AverageUpdate.self)
        case .weighted: return visitor.visit(WeightedUpdate.self)
        case .ward: return visitor.visit(WardUpdate.self)
        case .centroid: return visitor.visit(CentroidUpdate.self)
        case .median: return visitor.visit(MedianUpdate.self)
        }
    }
}

/// Something that runs with a linkage's update rule known at compile time.
protocol LinkageVisitor {
    associatedtype Result
    mutating func visit<U: LinkageUpdate>(_ update: U.Type) -> Result
}
