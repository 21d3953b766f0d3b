import Foundation

/// Memory the operating system says is available now (Linux `MemAvailable`), if known.
public enum SystemMemory {
    public static func availableBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let parts = line.split(separator: " ")
            if parts.count >= 2, let kib = Int(parts[1]) { return kib * 1024 }
        }
        return nil
    }

    /// The largest size ``parseSize(_:)`` accepts: 2^62 bytes (4 EiB), far above any machine,
    /// and low enough that the memory estimates compared with it cannot overflow.
    public static let largestSize = 1 << 62

    /// Parses sizes like `512M`, `8G`, `1.5GiB`, `1000000`: a positive, finite number of at most
    /// ``largestSize`` bytes (`inf`, `nan`, `1e30` and `99999999999T` are refused, not trapped on).
    public static func parseSize(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let kib = 1024.0, mib = kib * 1024, gib = mib * 1024, tib = gib * 1024
        let units: [(String, Double)] = [
            ("TIB", tib), ("GIB", gib), ("MIB", mib), ("KIB", kib), ("TB", tib), ("GB", gib), ("MB", mib),
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
