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
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(1)
}
