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
        fail(escapedForMessage(error.description))
    } catch ClusteringError.invalidRequest(let message) {
        // An option that does not fit (the data): usage's exit code, one line.
        fail(escapedForMessage(message), code: 64)
    } catch let error as ClusteringError {
        fail(error.commandLineMessage)
    } catch let error as CocoaError {
        fail(describe(error, path: error.filePath))
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        // Found while running (an option that does not fit the data): one line, usage's exit code,
        // without the parser's usage text (which would be the root command's).
        fail(escapedForMessage(error.message), code: 64)
    } catch let error as CleanExit {
        throw error
    } catch {
        fail(describe(error, path: nil))
    }
}

extension ClusteringError.Parameter {
    /// The option that sets the parameter.
    var flag: String {
        switch self {
        case .alpha: return "--alpha"
        case .ratio: return "--ratio"
        case .epsilon: return "--eps"
        case .idealShares: return "--ideal"
        case .makeFairH: return "--makefair-h"
        case .makeFairK: return "--makefair-k"
        case .makeFairEpsilon: return "--makefair-eps"
        case .levelTolerance: return "--level-tolerance"
        }
    }
}

extension ClusteringError {
    /// The way out of a memory shortfall, in parentheses, naming the limit that bound the budget:
    /// --memory-limit cannot raise a process or cgroup limit.
    static var memoryWayOut: String {
        let (bound, way) = memoryAdvice
        return "(" + (bound.map { "bound by \($0); " } ?? "") + way + ")"
    }

    /// The limit that bound the budget (a process or cgroup limit), if any, and what to do.
    static var memoryAdvice: (bound: String?, way: String) {
        let source = MemoryBudget.resolve()?.source ?? .available
        switch source {
        case .addressSpace, .dataSegment, .cgroup:
            return (source.rawValue, "use --sample N to cluster a random subsample, or run with a higher limit")
        case .available, .requested:
            return (nil, "use --sample N to cluster a random subsample, or raise --memory-limit")
        }
    }

    /// The message in the tool's words: parameters named by their flags, the way out of a
    /// memory shortfall, the AFHAC flags that would meet a cap.
    var commandLineMessage: String {
        switch self {
        case let .invalidParameter(parameter, value, expected):
            return "\(parameter.flag) must be \(expected); got \(escapedForMessage(value))"
        case .summaryTooLarge:
            return description.replacingOccurrences(of: "(ask for that many or fewer)", with: "(--micro-clusters M with M at most that, or raise --memory-limit)")
                .replacingOccurrences(of: "cluster a random subsample", with: "use --sample N to cluster a random subsample, or raise --memory-limit")
        case .summaryTooSmallForClusters:
            return description.replacingOccurrences(
                of: "(ask for at most", with: "(-k").replacingOccurrences(of: " clusters, or cluster a random subsample)", with: " or less, --sample N, or raise --memory-limit)")
        case .insufficientMemory:
            return description.replacingOccurrences(of: "(cluster a random subsample)", with: Self.memoryWayOut)
        case .exactFormTooLarge:
            let (bound, way) = Self.memoryAdvice
            return description + "; or, for the exact form" + (bound.map { " (bound by \($0))" } ?? "") + ", " + way
        case let .infeasibleCap(_, _, count, total, smallest, twoGroups):
            let alpha = smallest.alpha > 1 ? "--alpha \(smallest.alpha) or less" : "--alpha 1 (no cap)"
            let text = description.replacingOccurrences(of: ", i.e. alpha ", with: ", i.e. ")
            let cut = text.range(of: ", i.e. ").map { String(text[..<$0.upperBound]) } ?? text + ": "
            return cut + alpha + (twoGroups ? " (or --ratio \(total - count):\(count))" : "")
        case let .tooSlow(rule, n, seconds, threshold):
            return "the \(rule) rule scans the pairs in order at every merge; at n = \(n) with this schedule that takes about "
                + "\(ClusteringError.seconds(seconds)) (estimated; refused above \(Int(threshold)) s without --force). "
                + "Use --rule window or gain, --sample, a smaller -d, or --force"
        default:
            return escapedForMessage(description)
        }
    }
}

/// What went wrong with a file operation, in words (see ``MessageText/fileProblem(_:path:)``).
func describe(_ error: Error, path: String?) -> String { MessageText.fileProblem(error, path: path) }

/// Text from the data, made safe to print in a one-line message.
func escapedForMessage(_ text: String) -> String { MessageText.escaped(text, limit: 2000) }

private func fail(_ message: String, code: Int32 = 1) -> Never {
    OutputDirectory.pending.removeAll()
    // On a terminal, erase a status line left by the work that failed.
    let erase = isatty(STDERR_FILENO) != 0 ? "\u{1B}[2K\r" : ""
    FileHandle.standardError.write(Data("\(erase)error: \(message)\n".utf8))
    exit(code)
}
