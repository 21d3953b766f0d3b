/// How far up a tree a partition's largest deviation holds, worded truthfully: "fair" only when
/// that deviation is within the tolerance of fairness (``LevelFairness/defaultTolerance``, the
/// `level_tolerance` option). A vanilla partition whose largest deviation is 0.7 "holds" that
/// deviation far up the tree too, and calling it "fair up to k = 45" would say the opposite of
/// what it is.
extension FairCutExtent {
    /// Whether a largest deviation `alpha` is within `tolerance` (1e-12 slack for rounding).
    public static func isFair(alpha: Double, tolerance: Double) -> Bool { alpha <= tolerance + 1e-12 }

    /// The marker's label: "fair to k = 45", or "≤ 0.70 to k = 45" (the deviation it holds) when not fair.
    public static func shortLabel(alpha: Double, reach: Int, tolerance: Double) -> String {
        isFair(alpha: alpha, tolerance: tolerance)
            ? "fair to k = \(reach)" : "≤ \(ReportNumber.fixed(alpha, decimals: 2)) to k = \(reach)"
    }

    /// One sentence: "fair up to k = 45: every cut into at most 45 clusters keeps each cluster
    /// within 0.031 of the ideal shares (...)", or, over the tolerance, "not fair at k = 4: ...".
    public static func sentence(alpha: Double, reach: Int, k: Int, tolerance: Double) -> String {
        let a = ReportNumber.fixed(alpha, decimals: 4), t = ReportNumber.compact(tolerance, maxDecimals: 4)
        if isFair(alpha: alpha, tolerance: tolerance) {
            return "fair up to k = \(reach): every cut into at most \(reach) clusters keeps each cluster within \(a) of the ideal "
                + "shares (the k = \(k) partition's own largest deviation, within the tolerance \(t))"
        }
        return "not fair at k = \(k): its largest deviation from the ideal shares is \(a), over the tolerance \(t) "
            + "(every cut into at most \(reach) clusters stays within that deviation)"
    }
}
