import FairHACCore
import Foundation

/// Wording for messages about files and data: paths and causes instead of Foundation's
/// "The operation could not be completed", and cell contents that cannot break a message.
public enum MessageText {
    /// Text from the data, safe to print inside a one-line message (``DataText/escaped(_:limit:)``).
    public static func escaped(_ text: String, limit: Int = 200) -> String { DataText.escaped(text, limit: limit) }

    /// `path: cause` for a failed file operation, the cause in plain words (from the POSIX error
    /// underneath when there is one).
    public static func fileProblem(_ error: Error, path: String?) -> String {
        let subject = path.map { "\($0): " } ?? ""
        let ns = error as NSError
        var code: Int32?
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            code = Int32(underlying.code)
        } else if ns.domain == NSPOSIXErrorDomain {
            code = Int32(ns.code)
        }
        if let code, let text = strerror(code) { return subject + String(cString: text).lowercased() }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return subject + "no such file or directory"
            case .fileReadNoPermission, .fileWriteNoPermission: return subject + "permission denied"
            case .fileWriteFileExists: return subject + "a file is in the way"
            case .fileWriteOutOfSpace: return subject + "no space left on the device"
            case .fileWriteVolumeReadOnly: return subject + "the file system is read-only"
            case .fileReadCorruptFile, .fileReadInapplicableStringEncoding, .fileReadUnknownStringEncoding:
                return subject + "not readable as text"
            default: break
            }
        }
        let text = ns.localizedDescription
        if text.contains("could not be completed") || text.contains("NSCocoaErrorDomain") || text.isEmpty {
            return subject + "the file operation failed (error \(ns.code))"
        }
        return subject + escaped(text)
    }

    /// What is at `path` when it cannot be read as a data file: "a directory", "a device", "a
    /// socket"; `nil` for a regular file, a pipe (`<(command)` works) or nothing at all.
    public static func notARegularFile(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFSOCK: return "a socket"
        default: return nil
        }
    }

    /// Whether `path` is a pipe (read with a file handle: it has no size to map).
    public static func isPipe(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO
    }
}
