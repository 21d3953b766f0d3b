#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 64-bit digest of a file's bytes: the proof, kept in a results folder's manifest, that a file
/// is still the one FairHAC wrote there (the CLI's `OutputDirectory`; Python's Spark writer reads
/// the same digests through the C ABI's `fairhac_file_digest`). It guards against mistakes,
/// not attacks: a user's file that merely has an output's name and size will not match.
///
/// Hand-written rather than taken from a package: the only packaged hash on this toolchain is
/// swift-crypto's SHA-256, which adds 1-1.5 minutes to every clean build (measured on this
/// project's 2-core machines) for this one use. Eight bytes per step (a multiply-xorshift mix,
/// the same family as SplitMix64's finaliser) hash about 3 GB/s, so proving a 10^7-row run's
/// outputs takes about a second.
public struct ContentDigest: Equatable, CustomStringConvertible, Sendable {
    public var size: Int
    public var value: UInt64

    public init(size: Int, value: UInt64) {
        self.size = size
        self.value = value
    }

    public var description: String { "\(size) \(hex)" }

    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The digest of the regular file at `path`; `nil` if it cannot be opened or read.
    public static func of(file path: String) -> ContentDigest? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let capacity = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { return nil }
        var state = Self.seed
        var size = 0
        var atEnd = false
        while !atEnd {
            // Fill the buffer whole (short reads happen), so chunks never depend on how the
            // kernel splits the reads.
            var filled = 0
            while filled < capacity {
                let got = read(fd, base + filled, capacity - filled)
                if got < 0 {
                    if errno == EINTR { continue }
                    return nil
                }
                if got == 0 {
                    atEnd = true
                    break
                }
                filled += got
            }
            state = absorb(state, UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
            size += filled
        }
        return ContentDigest(size: size, value: finish(state, size: size))
    }

    /// The digest of bytes in memory (tests).
    public static func of(bytes: [UInt8]) -> ContentDigest {
        let state = bytes.withUnsafeBytes { absorb(seed, $0) }
        return ContentDigest(size: bytes.count, value: finish(state, size: bytes.count))
    }

    private static let seed: UInt64 = 0x6A09_E667_F3BC_C908

    /// Mixes `chunk` into `state`. Chunks are read whole (1 MiB) except the file's last one, so
    /// the tail handling below sees only the file's final bytes.
    private static func absorb(_ state: UInt64, _ chunk: UnsafeRawBufferPointer) -> UInt64 {
        var h = state
        let words = chunk.count / 8
        for w in 0..<words {
            let word = chunk.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)
            h = mix(h ^ word)
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        for i in (words * 8)..<chunk.count {
            tail |= UInt64(chunk[i]) << shift
            shift += 8
        }
        if shift > 0 { h = mix(h ^ tail ^ (shift << 56)) }
        return h
    }

    private static func finish(_ state: UInt64, size: Int) -> UInt64 { mix(state ^ UInt64(size)) }

    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
