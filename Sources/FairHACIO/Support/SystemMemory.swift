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

    /// Parses sizes like `512M`, `8G`, `1.5GiB`, `4E`, `1000000` (K, M, G, T, P, E: powers of 1024): a positive, finite number of at most
    /// ``largestSize`` bytes (`inf`, `nan`, `1e30` and `99999999999T` are refused, not trapped on).
    public static func parseSize(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let kib = 1024.0, mib = kib * 1024, gib = mib * 1024, tib = gib * 1024, pib = tib * 1024, eib = pib * 1024
        let units: [(String, Double)] = [
            ("EIB", eib), ("PIB", pib), ("EB", eib), ("PB", pib), ("E", eib), ("P", pib), ("TIB", tib), ("GIB", gib), ("MIB", mib), ("KIB", kib), ("TB", tib), ("GB", gib), ("MB", mib),
            ("KB", kib), ("T", tib), ("G", gib), ("M", mib), ("K", kib), ("B", 1),
        ]
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let v = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)) else { return nil }
            return bytes(v * scale)
        }
        return Double(t).flatMap(bytes)
    }

    private static func bytes(_ v: Double) -> Int? {
        guard v.isFinite, v >= 1, v <= Double(largestSize) else { return nil }
        return Int(v)
    }
}
