#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers as the writers print them, without Foundation's `String(format:)` (which formats
/// through CoreFoundation: at 10^6 rows the trees' and Z's heights took most of the writing time).
enum NumberText {
    /// `v` with 17 significant digits, `%.17g`, exactly as `String(format: "%.17g", v)` writes it
    /// (both end in the C library's formatting): enough digits to read the same Double back.
    static func g17(_ v: Double) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            let written = withVaList([v]) { args in
                buffer.withMemoryRebound(to: CChar.self) { vsnprintf($0.baseAddress, 40, "%.17g", args) }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<Int(max(0, min(written, 39)))]), as: UTF8.self)
        }
    }
}
