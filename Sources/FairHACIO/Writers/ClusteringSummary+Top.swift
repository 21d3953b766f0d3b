import FairHACCore

extension ClusteringSummary {
    /// The summary of a run over micro-cluster summaries (the Spark port's driver): the same
    /// keys, read from the outcome as ``init(_:input:groupColumn:)`` reads the in-process run's.
    public init(_ o: SummarisedTopOutcome, input: Input, groupColumn: String?) {
        self.input = input
        n = o.observationCount
        k = o.clusterSizes.count
        method = o.methodName
        linkage = o.request.linkage.rawValue
        metric = o.request.metric.rawValue
        options = o.options
        algorithm = o.algorithm
        monotoneHeights = o.monotoneHeights ?? true
        clusterSizes = o.clusterSizes
        minClusterSize = o.clusterSizes.min() ?? 0
        degenerateBelow = o.degenerateBelow
        degenerate = minClusterSize < degenerateBelow
        clusters = o.clusterSizes.enumerated().map { Cluster(label: $0, size: $1) }
        if let f = o.fairness { fill(f, groupColumn: groupColumn, idealRule: o.idealRule) }
        fairAtEveryLevel = o.fairAtEveryLevel
        vanilla = o.vanilla.map { Auto.Reference(mfc: $0.mfc, balance: $0.balance, silhouette: $0.silhouette, minClusterSize: $0.minClusterSize) }
        form = Form(
            microClusters: o.microClusters, largest: o.largestMicroCluster, summariser: o.summariser, linkage: o.request.linkage,
            memberSampleSize: o.memberSampleSize, sampleSeed: o.request.summarySeed)
        qualitySample = o.qualitySample.map {
            QualitySample(
                silhouette: $0.silhouette, sampleSize: $0.sampleSize, seed: $0.seed,
                note: "silhouette of the k-partition on \($0.sampleSize) rows drawn without replacement (seeded); "
                    + "the tree objectives need every pair of rows and are skipped on the distributed form")
        }
    }
}
