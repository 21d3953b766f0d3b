import Foundation

/// Text and bytes written to a file in chunks of about 1 MiB, or collected in memory: the
/// writers of linkage.csv/.npy, labels.csv, tree.nwk and tree.json stream through it, so no
/// output of n lines is ever held as one string.
///
/// Writing never throws; the first file error is kept and thrown by ``close()``, which every
/// file output must be closed with.
public final class ChunkedOutput {
    private var buffer: [UInt8] = []
    private let handle: FileHandle?
    private let path: String?
    private var failure: (any Error)?
    /// Everything written, for an in-memory output.
    private var memory: [UInt8] = []
    static let chunk = 1 << 20

    /// An output collected in memory (``bytes``, ``text``).
    public init() {
        handle = nil
        path = nil
    }

    /// A new file at `path` (replaced if it exists).
    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw DataError("cannot write \(path): the file cannot be created")
        }
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } catch {
            throw DataError("cannot write " + MessageText.fileProblem(error, path: path))
        }
        self.path = path
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.chunk { flush() }
    }

    public func write(bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunk { flush() }
    }

    /// A Double as 8 little-endian bytes.
    public func write(float64 v: Double) {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.chunk { flush() }
    }

    private func flush() {
        guard let handle else {
            memory.append(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
            return
        }
        if failure == nil {
            do { try handle.write(contentsOf: buffer) } catch { failure = error }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes the file; throws the first write error.
    public func close() throws {
        flush()
        if let handle {
            do { try handle.close() } catch { if failure == nil { failure = error } }
        }
        if let failure {
            throw DataError("cannot write " + MessageText.fileProblem(failure, path: path ?? ""))
        }
    }

    /// The bytes written so far (in-memory outputs).
    public var bytes: [UInt8] {
        flush()
        return memory
    }

    /// The text written so far (in-memory outputs).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
