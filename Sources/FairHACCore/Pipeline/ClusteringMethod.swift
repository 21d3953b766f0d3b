/// Which algorithm builds the tree.
public enum ClusteringMethod: String, CaseIterable, Sendable, Codable {
    /// Plain HAC.
    case hac
    /// FHAC, the fair merge loop.
    case fhac
    /// Ahmadian et al.'s fairlet-based baselines: value (distances) and revenue (similarities).
    case afhacV = "afhac-v"
    case afhacR = "afhac-r"
    /// Fair post-processing of a finished tree (Knittel et al.; spec section 11).
    case makefair

    /// The AFHAC objective, for the fairlet baselines.
    public var objective: FairletHierarchicalClustering.Objective? {
        switch self {
        case .afhacV: return .value
        case .afhacR: return .revenue
        case .hac, .fhac, .makefair: return nil
        }
    }

    /// Whether the method needs protected groups.
    public var needsGroups: Bool { self != .hac }
}
