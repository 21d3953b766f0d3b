/// What the nearest-neighbour chain (``NearestNeighborChain/chain(_:count:progress:cancellation:)``)
/// needs from the space its clusters live in: the condensed matrix updated by Lance–Williams
/// (``MatrixChainSpace``) or the clusters' centroids (``WardChainSpace``).
///
/// Slots are `0..<n`; the driver keeps the active ones (``ActiveSlots``) and hands a view of
/// them to every call. Merging `lo < hi` puts the union in slot `hi`, so a slot index is always
/// a member of the cluster stored there.
protocol ChainSpace {
    /// The nearest active slot to the active slot `x` (not `x` itself) and its working
    /// distance, by ``ArgMin``'s rules: the lowest slot on exact ties, and empty when no
    /// distance compares (NaN input).
    mutating func nearest(_ x: Int, among active: ActiveSlots.View) -> ArgMin

    /// The working distance between active slots `i != j`, exactly as ``nearest(_:among:)``
    /// sees it (the chain must close on equal values).
    func distance(_ i: Int, _ j: Int) -> Double

    /// Merges the active slots `lo < hi`, at working distance `distance`, into slot `hi`.
    /// `active` still holds `lo`; the driver retires it afterwards.
    mutating func merge(_ lo: Int, _ hi: Int, at distance: Double, active: ActiveSlots.View)
}
