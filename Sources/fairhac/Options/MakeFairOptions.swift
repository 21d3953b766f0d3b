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
        "Fairness at every level (summary.json fair_at_every_level): a cluster is within bounds when each group's share is within this of its ideal share.",
        valueName: "share"))
    var levelTolerance: Double = LevelFairness.defaultTolerance

    /// Whether an option of the post-processing itself was given (refused without --method makefair).
    var isSet: Bool { tree != nil || makefairVariant != nil || makefairH != nil || makefairK != nil || makefairEps != nil }

    var model: MakeFair { MakeFair(variant: makefairVariant ?? .makeFair, h: makefairH, k: makefairK, epsilon: makefairEps) }

    func validate() throws {
        if !(levelTolerance.isFinite && levelTolerance > 0 && levelTolerance <= 1) {
            throw ValidationError("--level-tolerance must be in (0, 1] (a share); got \(levelTolerance)")
        }
    }

    /// summary.json's options of a post-processing run.
    static func options(_ p: MakeFair.Parameters, input: String) -> [String: OptionValue] {
        [
            "variant": .string(p.variant.rawValue), "h": .integer(p.h), "k": .integer(p.k), "eps": .number(p.epsilon),
            "recursion_threshold": .integer(p.recursionThreshold), "input_tree": .string(input),
        ]
    }
}
