import ArgumentParser
import FairHACCore

/// Which algorithm builds the tree.
enum ClusteringMethod: String, CaseIterable, ExpressibleByArgument {
    /// Plain HAC.
    case hac
    /// FHAC, the fair merge loop (same as --fair).
    case fhac
    /// Ahmadian et al.'s fairlet-based baselines: value (distances) and revenue (similarities).
    case afhacV = "afhac-v"
    case afhacR = "afhac-r"
    /// Fair post-processing of a finished tree (Knittel et al.; spec section 11).
    case makefair

    var objective: FairletHierarchicalClustering.Objective? {
        switch self {
        case .afhacV: return .value
        case .afhacR: return .revenue
        case .hac, .fhac, .makefair: return nil
        }
    }
}

/// Options of the AFHAC baselines (`--method afhac-v|afhac-r`).
struct AFHACOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Cap on any group's share of a cluster, as alpha (share <= 1/alpha). Default: the largest group's share of the data.",
        valueName: "alpha"))
    var alpha: Double?

    @Option(help: ArgumentHelp(
        "Two groups only: at most r points of one group per b of the other (the cap r/(b+r)).", valueName: "b:r"))
    var ratio: String?

    @Option(name: .customLong("eps"), parsing: .unconditional, help: ArgumentHelp(
        "eps of the fairlet local search: a swap must lower the intra-fairlet cost by a factor 1 + eps/n. (default: 0.1)",
        valueName: "eps"))
    var epsOption: Double?

    @Option(name: .customLong("fairlet-seed"), parsing: .unconditional, help: ArgumentHelp("Seed of the fairlets' round-robin start. (default: 0)", valueName: "seed"))
    var fairletSeedOption: UInt64?

    var eps: Double { epsOption ?? 0.1 }
    var fairletSeed: UInt64 { fairletSeedOption ?? 0 }

    /// Whether any AFHAC option was given (they are refused without an AFHAC method).
    var isSet: Bool { alpha != nil || ratio != nil || epsOption != nil || fairletSeedOption != nil }

    func parsedRatio() throws -> (Int, Int)? {
        guard let ratio else { return nil }
        let parts = ratio.split(separator: ":", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        let range = 1...FairnessCap.maxRatioTerm
        guard parts.count == 2, let b = parts[0], let r = parts[1], range.contains(b), range.contains(r) else {
            throw ValidationError("--ratio: expected two integers b:r from 1 to \(FairnessCap.maxRatioTerm), such as 1:2; got '\(ratio)'")
        }
        return (b, r)
    }

    func validate() throws {
        if alpha != nil && ratio != nil { throw ValidationError("give --alpha or --ratio, not both") }
        if let alpha, !(alpha.isFinite && alpha >= 1) {
            throw ValidationError("--alpha must be >= 1 (the cap on any group's share is 1/alpha); got \(alpha)")
        }
        _ = try parsedRatio()
        if !(eps.isFinite && eps > 0) { throw ValidationError("--eps must be a positive number; got \(eps)") }
    }

    /// The cap to use for these groups; `nil` for the default (the data's largest share).
    func cap(groupCount: Int) throws -> FairnessCap? {
        if let alpha { return try FairnessCap(alpha: alpha) }
        if let (b, r) = try parsedRatio() {
            guard groupCount == 2 else {
                throw ValidationError("--ratio b:r is the two-group form, but the data has \(groupCount) group\(groupCount == 1 ? "" : "s"); use --alpha")
            }
            return try FairnessCap(ratio: b, r)
        }
        return nil
    }
}
