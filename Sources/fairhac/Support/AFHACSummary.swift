import FairHACCore

/// What summary.json records of an AFHAC run, beside the partition.
enum AFHACSummary {
    static func options(_ result: FairletHierarchicalClustering.Result, eps: Double, seed: UInt64) -> [String: String] {
        let f = result.fairlets
        return [
            "cap": "\(result.cap)", "cap_share": "\(result.cap.maxShare)", "alpha": "\(result.cap.alpha)",
            "eps": "\(eps)", "fairlet_seed": "\(seed)",
            "fairlets": "\(f.count)", "largest_fairlet": "\(f.largestFairletSize)",
            "fairlet_cost_start": "\(f.initialCost)", "fairlet_cost": "\(f.cost)",
            "local_search_swaps": "\(f.swaps)", "local_search_passes": "\(f.passes)",
            "local_search_converged": "\(f.converged)",
        ]
    }
}
