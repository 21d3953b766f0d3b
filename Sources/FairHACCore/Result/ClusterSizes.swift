/// Cluster sizes of a partition given by labels in `0..<k` (labels outside are not counted): the
/// one count of cluster sizes that summaries, evaluations and the pipeline share.
public func clusterSizes(labels: [Int], clusterCount k: Int) -> [Int] {
    var sizes = [Int](repeating: 0, count: k)
    for l in labels where l >= 0 && l < k { sizes[l] += 1 }
    return sizes
}
