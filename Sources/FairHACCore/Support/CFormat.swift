#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// printf-style number formatting without Foundation (the C library's `vsnprintf`, as
/// Foundation's `String(format:)` uses underneath): the console's figures are the same bytes
/// whether the CLI (Foundation) or the C ABI library (no Foundation, for the wheel) prints them.
public enum CFormat {
    /// `value` formatted by one printf conversion, e.g. `"%.4f"` or `"%.3g"`.
    public static func number(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let written = withVaList([value]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, args) }
        }
        if written >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(written) + 1)
            _ = withVaList([value]) { args in
                buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, args) }
            }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
