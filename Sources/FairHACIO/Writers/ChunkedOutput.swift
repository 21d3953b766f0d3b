import Foundation

/// Text and bytes written to a file in chunks of about 1 MiB, or collected in memory: the
/// writers of linkage.csv/.npy, labels.csv, tree.nwk and tree.json stream through it, so no
/// output of n lines is ever held as one string.
///
/// Writing never throws; the first file error is kept and thrown by ``close()``, which every
/// file output must be closed with.
public final class ChunkedOutput {
    private var buffer: [UInt8] = []
    /// The open file (plain system calls, so a full disk or a read-only file system is named as
    /// such); -1 for an in-memory output.
    private let fd: Int32
    /// The path named in messages.
    private let shown: String?
    private var failure: Int32?
    /// Everything written, for an in-memory output.
    private var memory: [UInt8] = []
    static let chunk = 1 << 20

    /// An output collected in memory (``bytes``, ``text``).
    public init() {
        fd = -1
        shown = nil
    }

    /// A new file at `path` (replaced if it exists); messages name `shownAs` (default `path`).
    public init(path: String, shownAs: String? = nil) throws {
        let shown = shownAs ?? path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DataError("cannot write \(shown): \(Self.problem(errno))") }
        self.shown = shown
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    deinit {
        if fd >= 0 && !closed { _ = Glibc.close(fd) }
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
        guard fd >= 0 else {
            memory.append(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
            return
        }
        if failure == nil {
            buffer.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count, let base = bytes.baseAddress {
                    let done = Glibc.write(fd, base + offset, bytes.count - offset)
                    if done < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    offset += done
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private var closed = false

    /// Writes what is buffered and closes the file; throws the first write error.
    public func close() throws {
        flush()
        if fd >= 0 && !closed {
            closed = true
            if Glibc.close(fd) != 0, failure == nil { failure = errno }
        }
        if let failure {
            throw DataError("cannot write \(shown ?? ""): \(Self.problem(failure))")
        }
    }

    private static func problem(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }

    /// The bytes written so far (in-memory outputs).
    public var bytes: [UInt8] {
        flush()
        return memory
    }

    /// The text written so far (in-memory outputs).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
