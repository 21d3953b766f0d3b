import Dispatch
import Foundation

/// Ctrl-C (SIGINT) and SIGTERM: the staging folders of the run are removed (``OutputDirectory``:
/// a run never leaves half-written results behind), one line says so on stderr, and the tool
/// exits with 128 + the signal's number (130, 143), as a shell reports a process it interrupted.
///
/// The signals are taken by dispatch sources on a queue of their own, so the handler runs as
/// ordinary code (no async-signal-safety limits) while the main thread computes. It does not wait
/// for the computation: the process ends at once and its threads with it. A commit that is
/// moving results into place finishes first (it holds the folders' lock for those milliseconds).
enum Interruption {
    private static let queue = DispatchQueue(label: "fairhac.interruption")
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Installs the handlers (once, at start).
    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { stop(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    private static func stop(_ signalNumber: Int32) -> Never {
        OutputDirectory.pending.removeAll()
        let name = signalNumber == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)"
        let erase = isatty(STDERR_FILENO) != 0 ? "\u{1B}[2K\r" : ""
        FileHandle.standardError.write(Data("\(erase)fairhac: \(name); no partial results are left behind\n".utf8))
        _exit(128 + signalNumber)
    }
}
