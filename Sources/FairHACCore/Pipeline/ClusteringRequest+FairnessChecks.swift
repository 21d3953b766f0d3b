extension ClusteringRequest {
    /// What a fair result must say about itself against vanilla HAC's on the same data and form:
    /// a warning when it is less fair (MFC higher or balance lower) or loses more silhouette than
    /// the quality limit; with b = d = 0 given, a note that the schedule is vanilla HAC's.
    /// The in-process pipeline and the distributed top (``SummarisedTopRun``) both call it. The
    /// warnings' text is the same from every front end (summary.json carries it).
    func fairnessChecks(
        _ f: PartitionFairness, labels: [Int], silhouette: Double?, vanilla v: ClusteringOutcome.VanillaReference,
        spelling: ParameterSpelling
    ) -> [ClusteringOutcome.Notice] {
        func x(_ value: Double) -> String { ReportNumber.fixed(value, decimals: 3) }
        var out: [ClusteringOutcome.Notice] = []
        if runsVanillaSchedule {
            let same = labels == v.labels
            out.append(.init(
                .note,
                "b = d = 0 makes f = g = 1: every merge takes a closest pair, as vanilla HAC does, so "
                    + (same ? "this k-partition is vanilla HAC's (MFC \(x(v.mfc)))"
                        : "this result is vanilla HAC's up to the order of exactly tied merges (MFC \(x(f.mfc)) here, \(x(v.mfc)) for vanilla HAC)")
                    + "; leave out \(spelling.name(.b)) and \(spelling.name(.d)) (\(spelling.method(.fhac)) alone) for the recommended fair setting"))
        }
        var worse: [String] = []
        if f.mfc > v.mfc + 1e-9 { worse.append("MFC \(x(v.mfc)) -> \(x(f.mfc)) (higher is less fair)") }
        if f.balance < v.balance - 1e-9 { worse.append("balance \(x(v.balance)) -> \(x(f.balance)) (lower is less fair)") }
        if !worse.isEmpty {
            out.append(.init(.lessFair, "the fair result is less fair than vanilla HAC's on the same data: " + worse.joined(separator: ", ")))
        }
        if let s = silhouette, let vs = v.silhouette, vs - s > maxQualityLoss + 1e-12 {
            out.append(.init(
                .qualityLoss,
                "the fair result loses \(x(vs - s)) of vanilla HAC's silhouette (\(x(vs)) -> \(x(s))), more than the quality limit "
                    + "\(x(maxQualityLoss))"))
        }
        return out
    }
}
