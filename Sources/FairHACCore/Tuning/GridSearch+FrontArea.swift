extension GridSearch.Outcome {
    /// The area of the (MFC, silhouette) region that the non-degenerate points dominate and
    /// vanilla HAC does not beat on fairness: points `(m, s)` with MFC at most vanilla's count,
    /// each dominating `[m, vanilla MFC] x [-1, s]`. Larger is better: fairer points that keep
    /// their silhouette widen it. Undefined silhouettes count as -1 (no area).
    public func frontArea(minimumClusterSize: Int) -> Double {
        let limit = vanilla.mfc
        let front = paretoFront(.mfc, minimumClusterSize: minimumClusterSize)
            .filter { $0.mfc <= limit }
            .map { (mfc: $0.mfc, silhouette: $0.silhouette ?? -1) }
            .sorted { $0.mfc < $1.mfc }
        // Sweep from the fairest: each point's strip reaches to the next point's MFC (or vanilla's).
        var area = 0.0
        for (i, p) in front.enumerated() {
            let next = i + 1 < front.count ? front[i + 1].mfc : limit
            area += max(0, next - p.mfc) * (p.silhouette + 1)
        }
        return area
    }
}
