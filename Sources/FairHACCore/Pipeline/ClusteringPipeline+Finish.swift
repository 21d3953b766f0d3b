/// After the tree: the cut, the fairness (once), vanilla's figures for comparison, the quality
/// policy, and the notes and warnings.
extension ClusteringPipeline.Context {
    mutating func finish() throws -> ClusteringOutcome {
        guard let tree else { throw ClusteringError.invalidInput("no tree was built for \(method.rawValue)") }
        let n = data.count
        // A post-processed tree is cut into real (n-ary) nodes: at most k clusters.
        let clusterCount = post?.nary.realClusterCount(atMost: k) ?? k
        let labels = try tree.labels(clusterCount: clusterCount)
        let sizes = clusterSizes(labels: labels, clusterCount: clusterCount)
        var fairness: ResultFairness?
        var levels: LevelFairnessRecord?
        if let attributes = data.attributes, let ideal {
            // Summarised: the profile and the fair cut from the top (cuts that keep micro-clusters whole).
            let top = post == nil ? summarised.map { ($0.result.top, $0.result.summary) } : nil
            var f = ResultFairness(tree: tree, labels: labels, clusterCount: clusterCount, attributes: attributes, ideal: ideal, summary: top)
            if let post {
                // The profile at the cuts into real nodes only (the other counts cut through helper merges).
                f.keepProfileLevels { post.nary.realClusterCount(atMost: $0) == $0 }
            }
            fairness = f
            levels = LevelFairnessRecord(
                try post.map { try LevelFairness(tree: $0.nary, ideal: ideal, tolerance: request.levelTolerance) }
                    ?? LevelFairness(
                        tree: tree, attributes: attributes, ideal: ideal, tolerance: request.levelTolerance, composition: f.composition),
                clustersCounted: post == nil ? "merges" : "n-ary nodes")
        }
        var notes = self.notes
        if let summarised {
            let s = summarised.result, target = summarised.run.summariser.microClusters
            // The summariser aims at a target; its count m can differ a little (each coarse cell's
            // share is rounded, empty micro-clusters are dropped): say which number is which.
            let made = s.summary.count == target || data.microClusterLabels != nil || target >= n
                ? "m = \(s.summary.count) micro-clusters"
                : "m = \(s.summary.count) micro-clusters (the summariser's target was \(target): it rounds each coarse cell's share)"
            notes.insert(
                "summarised form: \(made), the largest \(s.summary.largestSize) points; the first n - m merges are "
                    + "inside micro-clusters, so cuts into k <= m clusters keep each whole (\"form\" in summary.json)", at: 0)
        }
        let vanilla = methodName == "vanilla" ? nil : try vanillaReference(clusterCount: clusterCount)
        let degenerateBelow = request.minimumClusterSize(n: n)
        if let warning = degenerateWarning(sizes: sizes, minimumSize: degenerateBelow, what: "the k = \(k) partition (\(methodName))") {
            let notice = ClusteringOutcome.Notice(.degenerate, warning)
            notices.append(notice)
            observer.notice(notice)
        }
        if let post, clusterCount != k {
            notes.append(
                "the post-processed tree has no cut into exactly k = \(k) real clusters (a node with c children splits into c at once); "
                    + "the labels hold the finest cut into at most \(k): \(clusterCount) clusters (\(post.nary.internalCount) nodes)")
        }
        let featureMeans = try data.features.map {
            try ClusterFeatureMeans($0, labels: labels, clusterCount: clusterCount, units: data.featureUnits)
        }
        var quality: ClusteringOutcome.Quality?
        var qualitySample: ClusteringOutcome.QualitySample?
        switch data.content {
        case .features(let x) where request.computeQuality:
            if x.count <= ClusteringRequest.qualityLimit {
                observer.stage("quality metrics…")
                // The silhouette, the tree and its 5 random-tree baselines from one pass over the distances.
                let q = QualityPass.evaluate(tree: tree, labels: labels, observations: x, seeds: 5, parallelism: parallelism)
                if var p = post {
                    // The objectives on the real nodes, and the input tree's cost for the ratio.
                    let real = TreeObjectives(tree: tree, observations: x, lcaSizes: p.nary.realSizesPerMerge())
                    let before = TreeObjectives(tree: p.input, observations: x)
                    quality = .init(silhouette: q.silhouette, objectives: real, baseline: q.baseline)
                    p.record.dasguptaCost = real.dasguptaCost
                    p.record.inputDasguptaCost = before.dasguptaCost
                    p.record.costRatio = before.dasguptaCost > 0 ? real.dasguptaCost / before.dasguptaCost : nil
                    post = p
                } else {
                    quality = .init(silhouette: q.silhouette, objectives: q.tree, baseline: q.baseline)
                }
            } else {
                observer.stage("quality metrics on a sample…")
                qualitySample = sampledQuality(x, labels: labels)
                notes.append(
                    "quality above n = \(ClusteringRequest.qualityLimit): the silhouette on a seeded sample of "
                        + "\(min(x.count, ClusteringRequest.qualitySampleSize)) rows (qualitySample in summary.json); the tree objectives are skipped (O(n^2))")
            }
        case .distances where request.computeQuality:
            notes.append("no quality metrics: silhouette and the tree objectives need features, and a distance matrix has none")
        default:
            break
        }
        if methodName == "fhac", let vanilla, let fairness {
            for notice in request.fairnessChecks(
                fairness.partition, labels: labels, silhouette: quality?.silhouette ?? qualitySample?.silhouette, vanilla: vanilla,
                spelling: spelling)
            {
                notices.append(notice)
                observer.notice(notice)
            }
        }
        return ClusteringOutcome(
            request: request, tree: tree, labels: labels, clusterCount: clusterCount, clusterSizes: sizes, methodName: methodName,
            options: options, algorithm: methodName == "vanilla" ? vanillaAlgorithm() : nil, attributes: data.attributes,
            ideal: ideal, idealRule: method == .fhac ? request.idealRule : ClusteringRequest.defaultIdeal, fairness: fairness,
            featureMeans: featureMeans, fairAtEveryLevel: levels,
            vanilla: vanilla, quality: quality, qualitySample: qualitySample, auto: auto, summarised: summarised,
            postProcessing: post, degenerateBelow: degenerateBelow, notes: notes, notices: notices, seconds: seconds,
            precision: matrixPrecision())
    }

    /// The width the run's distance matrix was kept in: the request's for the exact matrix forms
    /// (vanilla HAC's, FHAC's, MakeFair's input), double where no matrix was kept (the vector
    /// forms) or where it is small and kept in double (the summarised form's top).
    func matrixPrecision() -> Precision {
        guard request.precision == .single, summarised == nil else { return .double }
        switch method {
        case .fhac: return methodName == "vanilla" ? vanillaPrecision() : .single
        case .makefair: return data.inputTree == nil ? vanillaPrecision() : .double
        case .hac: return vanillaPrecision()
        case .afhacV, .afhacR: return .double
        }
    }

    /// The precision of vanilla HAC's exact tree: single only on a matrix.
    private func vanillaPrecision() -> Precision {
        guard let x = data.features else { return request.precision }
        let hac = HierarchicalClustering(linkage: linkage, form: request.hacForm)
        switch hac.algorithm(count: x.count, dimension: x.dimension) {
        case .nnChainMatrix, .genericMatrix: return request.precision
        default: return .double
        }
    }

    /// Vanilla HAC of the same linkage on the same data (over the same micro-clusters when
    /// summarised) at the same k: computed once; `auto`'s own vanilla tree and MakeFair's input
    /// are reused. `nil` without groups or features.
    func vanillaReference(clusterCount: Int) throws -> ClusteringOutcome.VanillaReference? {
        guard let attributes = data.attributes, let ideal, let x = data.features else { return nil }
        observer.stage("vanilla HAC for reference…")
        let v: Dendrogram
        if let tree = autoVanillaTree {
            v = tree
        } else if let s = summarised {
            // The same micro-clusters and, below them, the same trees (vanilla HAC either way): only the top again.
            let run = summarisedRun(microClusters: s.result.summary.count, fhac: nil, progress: false)
            v = try run.vanillaTree(sharingBelowWith: s.result, observations: x, metric: metric)
        } else if let input = post?.input {
            v = input
        } else {
            // The plain run's path (`fairhac cluster` without a fair method), ties included.
            var hac = HierarchicalClustering(linkage: linkage, parallelism: parallelism, memoryBudget: budget, form: request.hacForm)
            hac.cancellation = observer.cancellation
            hac.precision = request.precision
            guard let tree = try? hac.fit(x, metric: metric) else { return nil }
            v = tree
        }
        let labels = try v.labels(clusterCount: clusterCount)
        let f = PartitionFairness(labels: labels, clusterCount: clusterCount, attributes: attributes, ideal: ideal)
        let silhouette = !request.computeQuality ? nil
            : x.count <= ClusteringRequest.qualityLimit ? try? Silhouette.score(x, labels: labels, parallelism: parallelism)
            : sampledQuality(x, labels: labels).silhouette
        return .init(
            mfc: f.mfc, balance: f.balance, silhouette: silhouette,
            minClusterSize: clusterSizes(labels: labels, clusterCount: clusterCount).min() ?? 0, tree: v, labels: labels,
            profile: try? FairnessProfile(
                tree: v, attributes: attributes, ideal: ideal, maxClusterCount: ResultFairness.profileDepth(k: clusterCount)))
    }

    /// The silhouette of the partition on a seeded sample of rows (`nil` when fewer than two clusters are in it).
    func sampledQuality(_ x: Observations, labels: [Int]) -> ClusteringOutcome.QualitySample {
        let size = min(x.count, ClusteringRequest.qualitySampleSize)
        let seed = request.summarySeed
        let rows = Subsample.indices(population: x.count, size: size, seed: seed)
        let silhouette = try? Silhouette.score(x.selecting(rows: rows), labels: rows.map { labels[$0] }, parallelism: parallelism)
        return .init(silhouette: silhouette, sampleSize: size, seed: seed)
    }

    /// The one-line warning for a degenerate k-partition, or `nil`.
    func degenerateWarning(sizes: [Int], minimumSize: Int, what: String) -> String? {
        spelling.degenerateWarning(sizes: sizes, minimumSize: minimumSize, what: what)
    }
}

extension ParameterSpelling {
    /// The one-line warning for a degenerate k-partition (a cluster under `minimumSize` points), or `nil`.
    func degenerateWarning(sizes: [Int], minimumSize: Int, what: String) -> String? {
        guard let smallest = sizes.min(), smallest < minimumSize else { return nil }
        let shown = sizes.count <= 8 ? sizes.map(String.init).joined(separator: ", ") : sizes.prefix(8).map(String.init).joined(separator: ", ") + ", ..."
        return "\(what) is degenerate: its smallest cluster has \(smallest) point\(smallest == 1 ? "" : "s"), under \(minimumSize) "
            + "(sizes \(shown)); set the threshold with \(name(.minClusterSize))"
    }

    /// The note for a thread count lowered to the cores.
    func threadsClampedNote(asked: Int, threads: Int) -> String {
        "\(name(.nJobs)) \(asked) is more than the \(threads) cores available; using \(threads)"
    }
}

extension ResultFairness {
    /// Keeps the profile's levels whose k passes `keep`.
    mutating func keepProfileLevels(_ keep: (Int) -> Bool) {
        profile = profile.map { p in
            var p = p
            p.levels = p.levels.filter { keep($0.k) }
            return p
        }
    }
}
