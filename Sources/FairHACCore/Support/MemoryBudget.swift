#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many bytes a job may allocate: the budget every front end (CLI, C ABI, Python) checks
/// memory estimates against before a large allocation.
///
/// The budget is the smallest of
/// - the memory the system says is available (`MemAvailable`), or the caller's own limit
///   (`--memory-limit`, `memory_limit=`) in its place;
/// - what the process's own limits leave: `RLIMIT_AS` (`ulimit -v`) less the address space
///   already mapped, `RLIMIT_DATA` less the data segment, each less a reserve for the runtime's
///   thread stacks and allocator arenas (which count against the address space too);
/// - what the memory cgroup leaves (`memory.max - memory.current` for cgroup v2,
///   `memory.limit_in_bytes - memory.usage_in_bytes` for v1).
/// A caller's limit can lower the budget below what the system offers, or raise it above
/// `MemAvailable` (swap, a machine the caller knows better), but never above the process's or the
/// cgroup's hard limits: past those the allocator aborts the process instead of refusing the job.
public enum MemoryBudget {
    /// The largest limit a user may give: 2^62 bytes (4 EiB), far above any machine, and low
    /// enough that the memory estimates compared with it cannot overflow.
    public static let largestLimit = 1 << 62

    /// Parses sizes like `512M`, `8G`, `1.5GiB`, `4E`, `1000000` (K, M, G, T, P, E: powers of
    /// 1024): a positive, finite number of at most ``largestLimit`` bytes (`inf`, `nan`, `1e30`
    /// and `99999999999T` are refused, not trapped on). The one size parser of the CLI, the C ABI
    /// and Python.
    public static func parseSize(_ text: String) -> Int? {
        let t = Substring(text).trimmingSpaces.uppercased()
        let kib = 1024.0, mib = kib * 1024, gib = mib * 1024, tib = gib * 1024, pib = tib * 1024, eib = pib * 1024
        let units: [(String, Double)] = [
            ("EIB", eib), ("PIB", pib), ("EB", eib), ("PB", pib), ("E", eib), ("P", pib), ("TIB", tib), ("GIB", gib), ("MIB", mib),
            ("KIB", kib), ("TB", tib), ("GB", gib), ("MB", mib), ("KB", kib), ("T", tib), ("G", gib), ("M", mib), ("K", kib), ("B", 1),
        ]
        func bytes(_ v: Double) -> Int? { v.isFinite && v >= 1 && v <= Double(largestLimit) ? Int(v) : nil }
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let v = Double(Substring(t.dropLast(suffix.count)).trimmingSpaces) else { return nil }
            return bytes(v * scale)
        }
        return Double(t).flatMap(bytes)
    }

    /// The limit that bound the budget, for messages.
    public enum Source: String, Sendable {
        case available = "the memory available"
        case requested = "the memory limit given"
        case addressSpace = "the process's address-space limit (ulimit -v)"
        case dataSegment = "the process's data-segment limit (ulimit -d)"
        case cgroup = "the memory cgroup's limit"
    }

    /// Reserve kept free under a process limit: thread stacks (8 MiB each by default) and
    /// glibc's per-thread malloc arenas (64 MiB of address space each) for every core, plus
    /// 256 MiB for the runtime and the rest of the run.
    static var reserve: Int { 256 << 20 + Parallelism.availableCores * (72 << 20) }

    /// The budget and what bound it; `nil` when nothing is known (no check).
    /// - Parameter requested: the caller's limit in bytes, replacing `MemAvailable`.
    public static func resolve(requested: Int? = nil) -> (bytes: Int, source: Source)? {
        var best: (bytes: Int, source: Source)?
        func consider(_ bytes: Int?, _ source: Source) {
            guard let bytes else { return }
            let b = max(0, bytes)
            if let current = best, current.bytes <= b { return }
            best = (b, source)
        }
        if let requested { consider(requested, .requested) } else { consider(availableMemory(), .available) }
        let status = processStatus()
        if let limit = rlimitBytes(Int32(RLIMIT_AS.rawValue)) {
            consider(limit - (status.virtualBytes ?? 0) - reserve, .addressSpace)
        }
        if let limit = rlimitBytes(Int32(RLIMIT_DATA.rawValue)) {
            consider(limit - (status.dataBytes ?? 0) - reserve, .dataSegment)
        }
        consider(cgroupHeadroom(), .cgroup)
        return best
    }

    /// The budget in bytes (see ``resolve(requested:)``); `nil` for no check.
    public static func bytes(requested: Int? = nil) -> Int? { resolve(requested: requested)?.bytes }

    // MARK: - Readings

    /// `MemAvailable` from /proc/meminfo.
    static func availableMemory() -> Int? {
        guard let text = readSmallFile("/proc/meminfo") else { return nil }
        return kibField(text, "MemAvailable:")
    }

    /// The process's mapped address space and data segment (/proc/self/status VmSize, VmData).
    static func processStatus() -> (virtualBytes: Int?, dataBytes: Int?) {
        guard let text = readSmallFile("/proc/self/status") else { return (nil, nil) }
        return (kibField(text, "VmSize:"), kibField(text, "VmData:"))
    }

    /// A resource limit's soft value in bytes; `nil` when unlimited or unknown.
    static func rlimitBytes(_ resource: Int32) -> Int? {
        var limit = rlimit()
        #if canImport(Glibc)
        guard getrlimit(__rlimit_resource_t(UInt32(resource)), &limit) == 0 else { return nil }
        #else
        guard getrlimit(resource, &limit) == 0 else { return nil }
        #endif
        // RLIM_INFINITY is all ones on Linux; anything past Int.max is as good as unlimited.
        guard limit.rlim_cur < UInt64(Int.max) else { return nil }
        return Int(limit.rlim_cur)
    }

    /// Bytes the process's memory cgroup still allows; `nil` without a limit.
    static func cgroupHeadroom() -> Int? {
        // cgroup v2: the unified hierarchy path from /proc/self/cgroup ("0::/path").
        var v2Path = ""
        if let text = readSmallFile("/proc/self/cgroup") {
            for line in text.split(separator: "\n") where line.hasPrefix("0::") {
                v2Path = String(line.dropFirst(3))
            }
        }
        let base = "/sys/fs/cgroup" + (v2Path == "/" ? "" : v2Path)
        if let max = readSmallFile(base + "/memory.max").flatMap(number),
            let current = readSmallFile(base + "/memory.current").flatMap(number)
        {
            return max - current
        }
        if let max = readSmallFile("/sys/fs/cgroup/memory.max").flatMap(number),
            let current = readSmallFile("/sys/fs/cgroup/memory.current").flatMap(number)
        {
            return max - current
        }
        // cgroup v1 (a limit near Int64.max means none).
        if let max = readSmallFile("/sys/fs/cgroup/memory/memory.limit_in_bytes").flatMap(number), max < 1 << 60,
            let usage = readSmallFile("/sys/fs/cgroup/memory/memory.usage_in_bytes").flatMap(number)
        {
            return max - usage
        }
        return nil
    }

    private static func number(_ text: String) -> Int? {
        Int(text.filter { !$0.isWhitespace })  // "max" (no limit) is not a number
    }

    private static func kibField(_ text: String, _ key: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kib = Int(parts[1]), kib < Int.max / 1024 { return kib * 1024 }
        }
        return nil
    }

    /// The text of a small file (/proc, /sys), at most 64 KiB.
    static func readSmallFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 16 {
            let got = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 4096, file) }
            if got == 0 { break }
            bytes += buffer[0..<got]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
