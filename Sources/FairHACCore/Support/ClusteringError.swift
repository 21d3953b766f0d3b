/// Errors raised by the algorithms. Every case carries a message meant for a person.
public enum ClusteringError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input data or a parameter is not acceptable.
    case invalidInput(String)
    /// The job needs more memory than the given budget allows.
    case insufficientMemory(requiredBytes: Int, availableBytes: Int, largestFittingCount: Int)

    public var description: String {
        switch self {
        case .invalidInput(let message):
            return message
        case let .insufficientMemory(required, available, largest):
            return "this job needs about \(ByteCount(required)) but only \(ByteCount(available)) is available; "
                + "the largest number of observations that would fit is about \(largest) "
                + "(use --sample N to cluster a random subsample)"
        }
    }
}

/// A byte count printed in binary units, for messages.
struct ByteCount: CustomStringConvertible {
    var bytes: Int
    init(_ bytes: Int) { self.bytes = bytes }
    var description: String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let rounded = (value * 10).rounded() / 10
        return unit == 0 ? "\(bytes) B" : "\(rounded) \(units[unit])"
    }
}
