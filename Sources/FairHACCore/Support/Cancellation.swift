/// A request to stop a long computation, made from another thread (a Ctrl-C in the Python
/// package). Long loops look at it every few hundred merges; a fit that sees it stops and throws
/// ``ClusteringError/cancelled``, leaving nothing half-built behind.
///
/// The flag is a plain 32-bit integer, owned by this object or by the caller (the C ABI passes a
/// pointer that Python writes); it is only ever set from 0 to non-zero, and read through an
/// opaque call, so a loop sees the change at its next look.
public final class Cancellation: @unchecked Sendable {
    private let flag: UnsafeMutablePointer<Int32>
    private let owned: Bool

    /// A new, not yet cancelled request.
    public init() {
        flag = .allocate(capacity: 1)
        flag.initialize(to: 0)
        owned = true
    }

    /// Watches a flag the caller owns and keeps alive while the computation runs.
    public init(watching pointer: UnsafeMutablePointer<Int32>) {
        flag = pointer
        owned = false
    }

    deinit { if owned { flag.deallocate() } }

    /// Asks the computation to stop.
    public func cancel() { Self.store(flag) }

    /// Whether a stop was asked for.
    public var isCancelled: Bool { Self.load(flag) != 0 }

    /// Throws ``ClusteringError/cancelled`` when a stop was asked for.
    public func check() throws { if isCancelled { throw ClusteringError.cancelled } }

    @inline(never)
    private static func load(_ p: UnsafeMutablePointer<Int32>) -> Int32 { p.pointee }

    @inline(never)
    private static func store(_ p: UnsafeMutablePointer<Int32>) { p.pointee = 1 }
}

extension Optional where Wrapped == Cancellation {
    /// Whether a request exists and asks to stop.
    @inline(__always)
    var stopRequested: Bool { self?.isCancelled ?? false }
}
