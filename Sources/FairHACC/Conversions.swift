import FairHACCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The one place where raw C buffers become core values and core results or errors become C
// buffers and status codes. The entry points in FairHACC.swift only wire these together.

/// Status codes returned by every entry point (mirrored in python/fairhac/_native.py).
enum Status: Int32 {
    case ok = 0
    /// Bad input or parameters: Python raises ValueError with the message.
    case invalidInput = 1
    /// The memory estimate was refused: Python raises MemoryError with the message.
    case insufficientMemory = 2
    /// Anything else (a bug): Python raises RuntimeError.
    case internalError = 3
    /// Stopped on request (the caller's cancel flag): Python raises KeyboardInterrupt.
    case cancelled = 4
    /// A parameter, or a combination of them, that cannot run: Python raises InvalidParameterError.
    case invalidParameter = 5
}

/// Where an entry point writes its error message: a caller-owned buffer of `capacity` bytes.
struct ErrorSink {
    var buffer: UnsafeMutablePointer<CChar>?
    var capacity: Int

    /// Writes `message` as NUL-terminated UTF-8, truncated to the buffer.
    func write(_ message: String) {
        guard let buffer, capacity > 0 else { return }
        let bytes = Array(message.utf8.prefix(capacity - 1))
        for (i, byte) in bytes.enumerated() { buffer[i] = CChar(bitPattern: byte) }
        buffer[bytes.count] = 0
    }
}

/// Runs `body`, turning a thrown error into a status code and a message (the CLI's message:
/// the error's description).
func guarded(_ sink: ErrorSink, _ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return Status.ok.rawValue
    } catch let error as ClusteringError {
        sink.write(String(describing: error))
        if case .insufficientMemory = error { return Status.insufficientMemory.rawValue }
        if case .summaryTooLarge = error { return Status.insufficientMemory.rawValue }
        if case .summaryTooSmallForClusters = error { return Status.insufficientMemory.rawValue }
        if case .exactFormTooLarge = error { return Status.insufficientMemory.rawValue }
        if case .memoryRefused = error { return Status.insufficientMemory.rawValue }
        if case .cancelled = error { return Status.cancelled.rawValue }
        if case .invalidRequest = error { return Status.invalidParameter.rawValue }
        return Status.invalidInput.rawValue
    } catch let error as InputError {
        sink.write(error.message)
        return Status.invalidInput.rawValue
    } catch {
        sink.write(String(describing: error))
        return Status.internalError.rawValue
    }
}

/// The caller's cancel flag (0: go on; set non-zero from another thread to stop), if given.
func cancellation(_ flag: UnsafeMutablePointer<Int32>?) -> Cancellation? { flag.map { Cancellation(watching: $0) } }

/// A parameter the C layer itself refuses (an unknown name, a null buffer).
struct InputError: Error { var message: String }

/// A C string as a Swift string, or an error naming the parameter.
func string(_ p: UnsafePointer<CChar>?, _ what: String) throws -> String {
    guard let p else { throw InputError(message: "\(what) is missing") }
    return String(cString: p)
}

/// `count` doubles from a caller buffer.
func doubles(_ p: UnsafePointer<Double>?, _ count: Int, _ what: String) throws -> [Double] {
    guard count >= 0 else { throw InputError(message: "\(what): negative length \(count)") }
    if count == 0 { return [] }
    guard let p else { throw InputError(message: "\(what) is missing") }
    return Array(UnsafeBufferPointer(start: p, count: count))
}

/// Row-major features: `n` rows of `d` values (the core validates finiteness).
func observations(_ p: UnsafePointer<Double>?, n: Int, d: Int) throws -> Observations {
    guard n >= 0, d >= 0, n <= Int(Int32.max), d <= Int(Int32.max) else {
        throw InputError(message: "X has an invalid shape (\(n), \(d))")
    }
    return try Observations(count: n, dimension: d, values: doubles(p, n * d, "X"))
}

/// The condensed distance vector of `n` observations.
func condensed(_ p: UnsafePointer<Double>?, n: Int) throws -> DistanceMatrix {
    guard n >= 1, n <= Int(Int32.max) else { throw InputError(message: "a condensed matrix needs at least one observation; got n = \(n)") }
    return try DistanceMatrix(condensed: doubles(p, DistanceMatrix.storageCount(n), "y"), count: n)
}

/// A Z matrix from the caller ((n - 1) x 4, row-major) as a checked dendrogram.
func dendrogram(_ z: UnsafePointer<Double>?, n: Int) throws -> Dendrogram {
    guard n >= 1 else { throw InputError(message: "a tree needs at least one leaf; got n = \(n)") }
    let values = try doubles(z, 4 * (n - 1), "Z")
    var merges: [Merge] = []
    merges.reserveCapacity(n - 1)
    for i in 0..<(n - 1) {
        let row = values[(4 * i)..<(4 * i + 4)]
        let a = row[row.startIndex], b = row[row.startIndex + 1], size = row[row.startIndex + 3]
        guard [a, b, size].allSatisfy({ $0.isFinite && $0 >= 0 && $0 == $0.rounded() && $0 < 1e15 }) else {
            throw InputError(message: "Z row \(i) is not a valid merge: ids and sizes must be non-negative integers")
        }
        merges.append(Merge(a: Int(a), b: Int(b), height: row[row.startIndex + 2], size: Int(size)))
    }
    return try Dendrogram(leafCount: n, merges: merges)
}

/// Writes a dendrogram as scipy's Z into `(n - 1) x 4` doubles.
func write(_ tree: Dendrogram, to out: UnsafeMutablePointer<Double>?) throws {
    guard let out else { throw InputError(message: "Z output buffer is missing") }
    for (i, m) in tree.merges.enumerated() {
        out[4 * i] = Double(m.a)
        out[4 * i + 1] = Double(m.b)
        out[4 * i + 2] = m.height
        out[4 * i + 3] = Double(m.size)
    }
}

/// Copies `values` into a caller buffer (if given).
func write(_ values: [Double], to out: UnsafeMutablePointer<Double>?) {
    guard let out else { return }
    for (i, v) in values.enumerated() { out[i] = v }
}

/// Writes merges as rows of scipy's Z.
func write(_ merges: [Merge], to out: UnsafeMutablePointer<Double>?) {
    guard let out else { return }
    for (i, m) in merges.enumerated() {
        out[4 * i] = Double(m.a)
        out[4 * i + 1] = Double(m.b)
        out[4 * i + 2] = m.height
        out[4 * i + 3] = Double(m.size)
    }
}

/// `count` int64s from a caller buffer as Ints.
func integers(_ p: UnsafePointer<Int64>?, _ count: Int, _ what: String) throws -> [Int] {
    guard count >= 0 else { throw InputError(message: "\(what): negative length \(count)") }
    if count == 0 { return [] }
    guard let p else { throw InputError(message: "\(what) is missing") }
    return UnsafeBufferPointer(start: p, count: count).map { Int($0) }
}

/// A JSON value of the C ABI (snake_case keys), or an error naming `what`.
func decodeJSON<T: Decodable>(_ text: UnsafePointer<CChar>?, _ what: String) throws -> T {
    let json = try string(text, what)
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
        return try decoder.decode(T.self, from: Data(json.utf8))
    } catch let error as ClusteringError {
        throw error
    } catch DecodingError.keyNotFound(let key, _) {
        throw InputError(message: "\(what): '\(key.stringValue)' is missing")
    } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
        throw InputError(message: "\(what): '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
    } catch {
        throw InputError(message: "\(what): not valid JSON (\(error))")
    }
}

/// The encoder of every JSON result: sorted snake_case keys, as summary.json.
func snakeCaseEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return encoder
}
