import ArgumentParser
import FairHACCore

extension ClusteringMethod: ExpressibleByArgument {}

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
        "eps of the fairlet local search: a swap must lower the intra-fairlet cost by a factor 1 + eps/n.\(requestDefault(.eps))",
        valueName: "eps"))
    var epsOption: Double?

    @Option(name: .customLong("fairlet-seed"), parsing: .unconditional, help: ArgumentHelp("Seed of the fairlets' round-robin start.\(requestDefault(.fairletSeed))", valueName: "seed"))
    var fairletSeedOption: UInt64?

}
