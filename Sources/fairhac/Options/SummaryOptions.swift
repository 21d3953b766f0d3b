import ArgumentParser
import FairHACCore

extension FormChoice: ExpressibleByArgument {}

/// `--form`, `--micro-clusters`, `--summary-seed`.
struct SummaryOptions: ParsableArguments {
    @Option(name: .customLong("form"), help: """
        auto: the exact form when it fits the memory budget and its time estimate, else the summarised form \
        (said on stderr); exact; or summarised: n points become --micro-clusters micro-clusters (seeded two-level k-means), \
        exact HAC or FHAC runs over them and exact HAC inside each. The tree still covers every point; cuts into k <= m \
        clusters never split a micro-cluster.\(requestDefault(.form))
        """)
    var formOption: FormChoice?
    var form: FormChoice { formOption ?? requestDefaults.form }

    @Option(parsing: .unconditional, help: "Micro-clusters of the summarised form (default: up to 20000 for vanilla HAC, 10000 for FHAC, fewer if the memory budget needs; n gives the exact form's tree).")
    var microClusters: Int?

    @Option(name: .customLong("summary-seed"), parsing: .unconditional, help: ArgumentHelp(
        "Seed of the summariser and of the member samples.\(requestDefault(.summarySeed))", valueName: "summary-seed"))
    var summarySeedOption: UInt64?
    var summarySeed: UInt64 { summarySeedOption ?? requestDefaults.summarySeed }

    func validate() throws {
        if let microClusters, microClusters < 2 {
            throw ValidationError("--micro-clusters must be at least 2; got \(microClusters)")
        }
        if formOption == .exact && microClusters != nil {
            throw ValidationError("--micro-clusters configures the summarised form; it does not apply to --form exact")
        }
    }
}
