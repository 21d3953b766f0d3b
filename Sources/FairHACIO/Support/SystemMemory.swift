import Foundation

import FairHACCore

/// Memory the job may use, and sizes as users write them.
public enum SystemMemory {
    /// The budget with no limit given: the memory available, capped by the process's and the
    /// cgroup's limits (``MemoryBudget``); `nil` if unknown.
    public static func availableBytes() -> Int? { MemoryBudget.bytes() }

    /// The budget for `--memory-limit TEXT` (already checked by ``parseSize(_:)``), or the
    /// available memory without one; never above the process's or the cgroup's hard limits.
    public static func budget(limit text: String?) -> Int? {
        MemoryBudget.bytes(requested: text.flatMap(parseSize))
    }

    /// The largest size ``parseSize(_:)`` accepts: 2^62 bytes (4 EiB), far above any machine,
    /// and low enough that the memory estimates compared with it cannot overflow.
    public static let largestSize = MemoryBudget.largestLimit

    /// Parses sizes like `512M`, `8G`, `1.5GiB`, `4E`, `1000000` (``MemoryBudget/parseSize(_:)``).
    public static func parseSize(_ text: String) -> Int? { MemoryBudget.parseSize(text) }
}
