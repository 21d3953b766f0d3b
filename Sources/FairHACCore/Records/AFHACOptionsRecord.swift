
/// What summary.json records of an AFHAC run, beside the partition.
public enum AFHACSummary {
    public static func options(_ result: FairletHierarchicalClustering.Result, eps: Double, seed: UInt64) -> [String: OptionValue] {
        let f = result.fairlets
        return [
            "cap": .string("\(result.cap)"), "cap_share": .number(result.cap.maxShare), "alpha": .number(result.cap.alpha),
            "eps": .number(eps), "fairlet_seed": seed <= UInt64(Int.max) ? .integer(Int(seed)) : .string("\(seed)"),
            "fairlets": .integer(f.count), "largest_fairlet": .integer(f.largestFairletSize),
            "fairlet_cost_start": .number(f.initialCost), "fairlet_cost": .number(f.cost),
            "local_search_swaps": .integer(f.swaps), "local_search_passes": .integer(f.passes),
            "local_search_converged": .bool(f.converged),
        ]
    }
}
