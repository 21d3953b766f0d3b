
extension Recommendation {
    /// One line for people: "MFC 0.733 -> 0.090 at silhouette 0.354 -> 0.341 (paper, b 4, d 0.1)",
    /// or "no improvement" with why. Numbers through ``ReportNumber`` (locale-free, no overflow).
    public func line(outcome: GridSearch.Outcome) -> String {
        let name = objective == .mfc ? "MFC" : "balance"
        func value(_ mfc: Double, _ balance: Double) -> String { ReportNumber.fixed(objective == .mfc ? mfc : balance, decimals: 3) }
        let v = outcome.vanilla
        guard improved, let p = point else {
            var s = "no improvement on vanilla HAC's \(name) \(value(v.mfc, v.balance)) "
            s += "within a silhouette loss of \(ReportNumber.fixed(criteria.maxQualityLoss, decimals: 3)) "
            s += "and clusters of at least \(criteria.minimumClusterSize) points"
            s += outcome.screen.map { " (\(qualifyingCount) of the \(outcome.points.count) settings confirmed on the data, of \($0.points.count) screened, qualify" }
                ?? " (\(qualifyingCount) of \(outcome.points.count) grid points qualify"
            s += qualifyingCount > 0 ? ", none fairer than vanilla)" : ")"
            return s
        }
        return "\(name) \(value(v.mfc, v.balance)) -> \(value(p.mfc, p.balance)) at silhouette "
            + "\(v.silhouette.map { ReportNumber.fixed($0, decimals: 3) } ?? "undefined") -> "
            + "\(p.silhouette.map { ReportNumber.fixed($0, decimals: 3) } ?? "undefined") "
            + "(\(p.rule), b \(gridValue(p.b)), d \(gridValue(p.d)); smallest cluster \(p.minClusterSize))"
    }
}

/// A grid value as people write it: 0.1, 4, 0.00005.
public func gridValue(_ v: Double) -> String { ReportNumber.compact(v, maxDecimals: 6) }
