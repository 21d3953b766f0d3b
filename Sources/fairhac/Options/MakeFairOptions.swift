import ArgumentParser
import FairHACCore
import FairHACIO

extension MakeFair.Variant: ExpressibleByArgument {}

/// Options of the fair post-processing (`--method makefair`, spec section 11).
struct MakeFairOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "With --method makefair: post-process this scipy linkage matrix (Z as .npy, or text with 4 comma- or space-separated columns per row, "
            + "such as linkage.csv) instead of the vanilla tree of --linkage; its n - 1 rows must match the data's n rows, in order.",
        valueName: "Z.npy"))
    var tree: String?

    @Option(help: "makefair (Knittel et al., NeurIPS 2023: SplitRoot and fold passes; the default) or fairhc (ICML 2023: rebalance, refine, FairHC).")
    var makefairVariant: MakeFair.Variant?

    @Option(help: ArgumentHelp(
        "h: makefair's children per split (default 2 k^G in [8, 64], G = the number of (attribute, group) pairs); fairhc's levels abstracted per step (default 3).",
        valueName: "h"))
    var makefairH: Int?

    @Option(help: ArgumentHelp("k: makefair's children per fold (default 4, at most h/2); fairhc's number of folds (default 2, at most 2^h / 2).", valueName: "k"))
    var makefairK: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "eps: makefair's split tolerance, sizes (1/h +- eps) n (default 1/(4h), below 1/h); fairhc's refine tolerance, 1/2 +- eps (default 1/16, at most 1/6).",
        valueName: "eps"))
    var makefairEps: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Fairness at every level (summary.json fair_at_every_level): a cluster is within bounds when each group's share is within this of its ideal share.\(requestDefault(.levelTolerance))",
        valueName: "share"))
    var levelTolerance: Double?

}
