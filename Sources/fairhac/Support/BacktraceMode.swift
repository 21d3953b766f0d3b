import Foundation

/// The Swift runtime's crash backtracer, switched off unless the user asks for it.
///
/// On a crash the runtime starts a helper (swift-backtrace) that inherits the process's stderr;
/// one such helper was seen staying alive for over ten minutes, so `fairhac ... 2>&1 | grep` hung
/// after the crash. The runtime reads `SWIFT_BACKTRACE` once, before `main`, so the tool sets
/// `enable=no` and re-executes itself when the variable is not set (a few milliseconds, once).
/// A crash then ends the process at once with the runtime's one-line reason. Set
/// `SWIFT_BACKTRACE` yourself (e.g. `enable=yes,interactive=no`) to get backtraces.
enum BacktraceMode {
    static func configure() {
        #if os(Linux)
        guard getenv("SWIFT_BACKTRACE") == nil else { return }
        setenv("SWIFT_BACKTRACE", "enable=no", 1)
        // Returns only when it fails; the run then goes on as it is.
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }
}
