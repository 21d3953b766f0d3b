import ArgumentParser
import FairHACCore

@main
struct FairHACCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fairhac",
        abstract: "Fair hierarchical agglomerative clustering (FHAC, Chhabra & Mohapatra 2022).",
        discussion: """
            Builds scipy-compatible dendrograms with plain or fair merging. Input is a delimited \
            file with a header row, a precomputed distance matrix, or a bundled dataset \
            (--dataset census|creditcard|bank).
            """,
        version: FairHACVersion.string,
        subcommands: [ClusterCommand.self, TuneCommand.self, ReproduceCommand.self]
    )

    static func main() {
        BacktraceMode.configure()
        Interruption.install()
        main(nil)
    }
}
