
/// Whether a run takes the exact or the summarised form, and with how many micro-clusters.
public struct FormDecision: Sendable {
    /// `nil`: the exact form.
    public var microClusters: Int?
    /// The one-line note `--form auto` prints when it summarises.
    public var note: String?

    public var summarised: Bool { microClusters != nil }

    /// The default number of micro-clusters of vanilla runs.
    public static let defaultMicroClusters = 20_000

    /// The default number of micro-clusters of fair runs: the fair loop over the top costs far more
    /// per micro-cluster than vanilla HAC (measured, docs/benchmarks.md: fair average over 20,000
    /// micro-clusters of 10-d blobs took 204 s at the top; issue 23's target is a minute at n = 100,000).
    public static let defaultFairMicroClusters = 10_000

    public static func defaultTarget(fair: Bool) -> Int { fair ? defaultFairMicroClusters : defaultMicroClusters }

    /// Seconds above which `--form auto` does not start the exact form.
    public static let exactSecondsLimit = 300.0

    /// A rough estimate of the exact form's seconds on 2 cores (docs/benchmarks.md: fair average
    /// 130 s at n = 50,000; exact vanilla ward on the vectors 283 s at n = 200,000, d = 10).
    public static func exactSeconds(n: Int, d: Int, linkage: Linkage, fair: Bool, form: HierarchicalClustering.Form) -> Double {
        let n2 = Double(n) * Double(n)
        let vectors = !MemoryEstimate(observations: n, dimension: d, linkage: linkage, input: .features, fair: fair, form: form).needsMatrix
        return vectors ? 7e-9 * n2 * max(1, Double(d) / 10) : 5.2e-8 * n2
    }

    /// The decision for `n` observations of `d` features (`features == false`: a distance matrix,
    /// always exact).
    /// - Throws: a request the data cannot run (the summarised form of a distance matrix or of
    ///   AFHAC, fewer micro-clusters than a fair run's k), or a budget that cannot hold the k
    ///   micro-clusters a fair cut needs.
    public static func decide(
        _ options: ClusteringRequest, n: Int, d: Int, features: Bool, linkage: Linkage, fair: Bool, afhac: Bool,
        form: HierarchicalClustering.Form, budget: Int?, threads: Int, spelling: ParameterSpelling
    ) throws -> FormDecision {
        let k = options.nClusters
        func count() throws -> Int {
            let m = try options.microClusters ?? defaultCount(n: n, d: d, linkage: linkage, fair: fair, budget: budget, threads: threads, clusters: k)
            // The fair top merges whole micro-clusters until k are left.
            if fair && min(m, n) < k {
                throw ClusteringError.invalidRequest(
                    "\(spelling.setting(.microClusters, "\(m)")) is fewer than \(spelling.name(.nClusters)) \(k): the fair top level merges "
                        + "whole micro-clusters until k are left; ask for at least \(k) micro-clusters")
            }
            return m
        }
        switch options.form {
        case .exact:
            return FormDecision()
        case .summarised:
            guard features else {
                throw ClusteringError.invalidRequest("\(spelling.setting(.form, "summarised")) needs features: a distance matrix is already the exact form's input")
            }
            guard !afhac else {
                throw ClusteringError.invalidRequest("AFHAC has no summarised form: its fairlets need the whole matrix; use \(spelling.method(.fhac)), or cluster a subsample")
            }
            return FormDecision(microClusters: try count())
        case .auto:
            // --micro-clusters asked for a form that auto did not choose: said, not silently dropped.
            let unused = options.microClusters.map {
                "\(spelling.setting(.microClusters, "\($0)")) configures the summarised form, and FairHAC runs the exact form "
                    + (features && !afhac ? "here (it fits); \(spelling.setting(.form, "summarised")) to insist" : "here (its only form)")
            }
            guard features, !afhac, n > 2 else { return FormDecision(note: unused) }
            let exact = MemoryEstimate(
                observations: n, dimension: d, linkage: linkage, input: .features, fair: fair, form: form, precision: options.precision)
            let bytes = exact.bytes
            let seconds = exactSeconds(n: n, d: d, linkage: linkage, fair: fair, form: form)
            if (budget.map { bytes <= $0 } ?? true) && seconds <= exactSecondsLimit { return FormDecision(note: unused) }
            let m = try count()
            let why = budget.map { bytes > $0 } ?? false
                ? "the exact form needs about \(ByteCount(bytes)) of \(ByteCount(budget ?? 0)) available"
                : "the exact form would take about \(ClusteringError.seconds(seconds))"
            return FormDecision(
                microClusters: m,
                note: "n = \(n): \(why), so FairHAC summarises: about \(min(m, n)) micro-clusters (the target; the count made is in the "
                    + "summary), exact \(fair ? "FHAC" : "HAC") over them "
                    + "and exact HAC inside each (\(spelling.setting(.form, "exact")) to insist; cuts into k <= m clusters keep micro-clusters whole)")
        }
    }

    /// Up to ``defaultMicroClusters`` (at most n; a fair run at least k), as many as the budget
    /// allows, never fewer than k.
    /// - Throws: ``ClusteringError/summaryTooSmallForClusters(requiredBytes:availableBytes:clusters:largestFittingMicroClusters:)``
    ///   when the budget holds fewer than k micro-clusters (a cut into k clusters would split them,
    ///   or the fair top could not make k).
    public static func defaultCount(
        n: Int, d: Int, linkage: Linkage, fair: Bool, budget: Int?, threads: Int, clusters k: Int = 2
    ) throws -> Int {
        var m = min(n, defaultTarget(fair: fair))
        if fair { m = min(n, max(m, k)) }
        guard let budget else { return m }
        func run(_ m: Int) -> SummarisedClustering {
            var run = SummarisedClustering(clustering: HierarchicalClustering(linkage: linkage, parallelism: Parallelism(threads: threads)), microClusters: m)
            run.fair = fair ? FairHierarchicalClustering(linkage: linkage, clusterCount: 1) : nil
            return run
        }
        func bytes(_ m: Int) -> Int { run(m).estimatedBytes(observations: n, dimension: d) }
        let floor = min(m, max(2, k))
        while m > floor && bytes(m) > budget { m = max(floor, m * 9 / 10) }
        // What the run itself checks (SummarisedClustering.fit): its least, with small problems below.
        func least(_ m: Int) -> Int { run(m).leastBytes(observations: n, dimension: d, microClusters: m) }
        if floor > 2, least(floor) > budget, least(2) <= budget {
            var lo = 2, hi = floor - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if least(mid) <= budget { lo = mid } else { hi = mid - 1 }
            }
            throw ClusteringError.summaryTooSmallForClusters(
                requiredBytes: least(floor), availableBytes: budget, clusters: k, largestFittingMicroClusters: lo)
        }
        return m
    }
}
