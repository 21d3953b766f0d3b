import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many threads the parallel parts of an algorithm may use.
public struct Parallelism: Sendable, Equatable {
    /// Number of worker threads, at least 1.
    public var threads: Int

    public init(threads: Int) { self.threads = max(1, threads) }

    /// One thread per online processor.
    public static var allCores: Parallelism {
        Parallelism(threads: availableCores)
    }

    /// Number of online processors (at least 1).
    public static var availableCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// What a front end asks for (`--threads`, the C ABI's thread count, Python's `n_jobs`):
    /// at most the cores available, since the work is CPU-bound and every thread may hold a
    /// workspace (a grid point's matrix, per-thread partial minima). Results do not depend on
    /// the number of threads, so clamping changes nothing but time and memory.
    /// - Returns: the parallelism and whether the request was lowered.
    public static func requested(_ threads: Int) -> (parallelism: Parallelism, clamped: Bool) {
        let cores = availableCores
        return threads > cores ? (Parallelism(threads: cores), true) : (Parallelism(threads: threads), false)
    }

    /// A single thread.
    public static let serial = Parallelism(threads: 1)

    /// Runs `body(t)` for `t` in `0..<threads` concurrently and waits for all of them.
    ///
    /// The callers' bodies write to disjoint parts of shared buffers through unsafe pointers;
    /// that discipline, not the type system, is what makes them safe to run concurrently, so
    /// the body crosses into Dispatch's `@Sendable` closure in an unchecked box.
    public func run(_ body: (Int) -> Void) {
        if threads == 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedSendableBox(escapable)
            DispatchQueue.concurrentPerform(iterations: threads) { box.value($0) }
        }
    }
}

/// Carries a value whose thread safety the caller guarantees by construction.
struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A progress callback: `(done, total)` units of work (merges, grid points). Called from the
/// working thread; it must be cheap and must not call back into the algorithm.
public typealias MergeProgress = @Sendable (_ done: Int, _ total: Int) -> Void
