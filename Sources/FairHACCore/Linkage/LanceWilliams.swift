/// One Lance–Williams update rule: the working dissimilarity between a cluster `k` and the
/// union of clusters `a` and `b`. Every rule is one line, here, and shared by the fast
/// algorithms, the fair merge loop and the reference implementations.
///
/// Working values are the metric's distances, except for ward, centroid and median, whose
/// working values are squared Euclidean distances.
protocol LinkageUpdate {
    static func merged(
        _ dAK: Double, _ dBK: Double, _ dAB: Double, _ nA: Double, _ nB: Double, _ nK: Double
    ) -> Double
}

enum SingleUpdate: LinkageUpdate {
    @inline(__always)
    static func merged(_ dAK: Double, _ dBK: Double, _: Double, _: Double, _: Double, _: Double) -> Double {
        min(dAK, dBK)
    }
}

enum CompleteUpdate: LinkageUpdate {
    @inline(__always)
    static func merged(_ dAK: Double, _ dBK: Double, _: Double, _: Double, _: Double, _: Double) -> Double {
        max(dAK, dBK)
    }
}

enum AverageUpdate: LinkageUpdate {
    @inline(__always)
    static func merged(_ dAK: Double, _ dBK: Double, _: Double, _ nA: Double, _ nB: Double, _: Double) -> Double {
        (nA * dAK + nB * dBK) / (nA + nB)
    }
}

enum WeightedUpdate: LinkageUpdate {
    @inline(__always)
    static func merged(_ dAK: Double, _ dBK: Double, _: Double, _: Double, _: Double, _: Double) -> Double {
        0.5 * (dAK + dBK)
    }
}

enum WardUpdate: LinkageUpdate {
    @inline(__always)
    static func merged(_ dAK: Double, _ dBK: Double, _ dAB: Double, _ nA: Double, _ nB: Double, _ nK: Double) -> Double {
        ((nA + nK) * dAK + (nB + nK) * dBK - nK * dAB) / (nA + nB + nK)
    }
}

enum CentroidUpdate: LinkageUpdate {
    @inline(__always)
    static func merged(_ dAK: Double, _ dBK: Double, _ dAB: Double, _ nA: Double, _ nB: Double, _: Double) -> Double {
        let s = nA + nB
        return (nA * dAK + nB * dBK) / s - nA * nB * dAB / (s * s)
    }
}

enum MedianUpdate: LinkageUpdate {
    @inline(__always)
    static func merged(_ dAK: Double, _ dBK: Double, _ dAB: Double, _: Double, _: Double, _: Double) -> Double {
        0.5 * (dAK + dBK) - 0.25 * dAB
    }
}
