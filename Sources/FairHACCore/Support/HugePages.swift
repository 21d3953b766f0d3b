#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a large buffer with transparent huge pages (2 MiB on x86_64), where
/// Linux offers them on request (`/sys/kernel/mm/transparent_hugepage/enabled` = `madvise`, the
/// common default). The matrix algorithms read the condensed matrix down its columns (one entry
/// per row, n entries apart), so with 4 KiB pages nearly every read also misses the TLB; huge
/// pages cut those misses by 512x. A hint only: where it is refused or unsupported (macOS),
/// nothing changes, and results never depend on it.
enum HugePages {
    /// Buffers below this size are left alone.
    static let minimumBytes = 64 << 20

    /// Advises the whole 2 MiB-aligned part of `buffer`; call it before the pages are touched.
    static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        #if os(Linux)
        guard let base = buffer.baseAddress else { return }
        let bytes = buffer.count * MemoryLayout<T>.stride
        guard bytes >= minimumBytes else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }
}
