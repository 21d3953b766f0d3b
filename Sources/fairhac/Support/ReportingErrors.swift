import ArgumentParser
import FairHACCore
import FairHACIO
import Foundation

/// Runs `body`, turning the library's errors into one clear line on stderr and exit code 1
/// (argument errors keep ArgumentParser's usage message and exit code 64).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DataError {
        fail(error.description)
    } catch let error as ClusteringError {
        fail(error.description)
    } catch let error as CocoaError {
        fail(error.localizedDescription)
    }
}

private func fail(_ message: String) -> Never {
    // On a terminal, erase a status line left by the work that failed.
    let erase = isatty(STDERR_FILENO) != 0 ? "\u{1B}[2K\r" : ""
    FileHandle.standardError.write(Data("\(erase)error: \(message)\n".utf8))
    exit(1)
}
