import ArgumentParser
import FairHACCore
import Foundation
import FairHACIO

/// Where results go and how much is said on the way.
struct OutputOptions: ParsableArguments {
    /// Where results go when --out is not given.
    static let defaultDirectory = "fairhac-output"

    @Option(help: "Directory for the results (created if missing). Only files an earlier run wrote there (listed in its .fairhac-results manifest) are replaced; anything else is kept, or the run is refused naming it.")
    var out: String = defaultDirectory

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Also write report.html: one self-contained page (inline SVG and CSS, no scripts) to open in a browser.")
    var report = false
}

/// What `cluster`'s report draws (tune and reproduce draw no dendrogram).
struct DendrogramReportOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Leaves drawn in the report's dendrogram; smaller subtrees are collapsed, like scipy's truncate_mode='lastp'.")
    var reportLeaves: Int = 60

    func validate() throws {
        if reportLeaves < 2 { throw ValidationError("--report-leaves must be at least 2; got \(reportLeaves)") }
    }
}

/// How hard the machine may be used.
struct ResourceOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(parsing: .unconditional, help: "Memory the job may use, e.g. 8G (default: what the system reports as available).")
    var memoryLimit: String?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1; got \(threads)") }
        if let memoryLimit, SystemMemory.parseSize(memoryLimit) == nil {
            throw ValidationError(
                "--memory-limit: '\(memoryLimit)' is not a size; expected a positive size of at most 4 EiB such as 512M or 8G")
        }
    }
}

extension ResourceOptions {
    /// `--threads`, at most the cores available (said on stderr unless `quiet`).
    func parallelism(quiet: Bool) -> Parallelism { requestedParallelism(threads, quiet: quiet) }
}

/// `--threads N` lowered to the cores available, with a note on stderr when it is lowered
/// (results do not depend on the thread count).
func requestedParallelism(_ threads: Int?, quiet: Bool) -> Parallelism {
    guard let threads else { return .allCores }
    let (parallelism, clamped) = Parallelism.requested(threads)
    if clamped && !quiet {
        FileHandle.standardError.write(Data(
            "note: --threads \(threads) is more than the \(parallelism.threads) cores available; using \(parallelism.threads)\n".utf8))
    }
    return parallelism
}
