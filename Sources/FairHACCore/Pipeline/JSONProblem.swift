/// Where and why JSON text cannot be read, for messages: Foundation's decoder says only "The
/// given data was not valid JSON", and a request must name the parameter at fault and the cause
/// (a NaN, a lone surrogate, an integer past 64 bits).
///
/// ``find(in:)`` scans the text once, keeping the path of keys and indices to the current value.
public struct JSONProblem: CustomStringConvertible, Sendable, Equatable {
    /// The keys and indices to the value at fault: `level_tolerance`, `values[0][3]`; empty at
    /// the top.
    public var path: String
    /// What is wrong, in words.
    public var cause: String

    public var description: String { path.isEmpty ? cause : "\(path): \(cause)" }

    /// The first problem in `text`, or `nil` when the scanner finds none (the decoder's error is
    /// then about types, which it names itself).
    public static func find(in text: String) -> JSONProblem? {
        var scanner = Scanner(bytes: Array(text.utf8))
        return scanner.run()
    }

    private enum Frame {
        case object(key: String?)
        case array(index: Int)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var at = 0
        var stack: [Frame] = []

        var path: String {
            var out = ""
            for frame in stack {
                switch frame {
                case .object(let key?): out += out.isEmpty ? key : ".\(key)"
                case .object(nil): break
                case .array(let index): out += "[\(index)]"
                }
            }
            return out
        }

        func problem(_ cause: String) -> JSONProblem { JSONProblem(path: path, cause: cause) }

        /// Line and column (1-based) of byte `at`, for syntax errors.
        var position: String {
            var line = 1, column = 1
            for b in bytes[..<min(at, bytes.count)] {
                if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            }
            return "line \(line), column \(column)"
        }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        mutating func run() -> JSONProblem? {
            skipSpace()
            if let p = value() { return p }
            skipSpace()
            return at < bytes.count ? problem("unexpected text after the JSON value at \(position)") : nil
        }

        mutating func value() -> JSONProblem? {
            skipSpace()
            guard at < bytes.count else { return problem("the JSON text ends where a value should be") }
            switch bytes[at] {
            case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), object: true)
            case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), object: false)
            case UInt8(ascii: "\""):
                var ignored = ""
                return string(into: &ignored)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            default:
                for word in ["true", "false", "null"] where bytes[at...].starts(with: word.utf8) {
                    at += word.utf8.count
                    return nil
                }
                for word in ["NaN", "Infinity", "-Infinity", "nan", "inf"] where bytes[at...].starts(with: word.utf8) {
                    return problem("\(word) is not a JSON number; give a finite number")
                }
                return problem("not valid JSON at \(position)")
            }
        }

        mutating func container(close: UInt8, object: Bool) -> JSONProblem? {
            at += 1
            stack.append(object ? .object(key: nil) : .array(index: 0))
            defer { stack.removeLast() }
            skipSpace()
            if at < bytes.count, bytes[at] == close {
                at += 1
                return nil
            }
            var index = 0
            while true {
                skipSpace()
                if object {
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return problem("expected a key in quotes at \(position)") }
                    var key = ""
                    if let p = string(into: &key) { return p }
                    stack[stack.count - 1] = .object(key: key)
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return problem("expected ':' after the key at \(position)") }
                    at += 1
                } else {
                    stack[stack.count - 1] = .array(index: index)
                }
                if let p = value() { return p }
                skipSpace()
                guard at < bytes.count else { return problem("the JSON text ends inside a container") }
                if bytes[at] == close {
                    at += 1
                    return nil
                }
                guard bytes[at] == UInt8(ascii: ",") else { return problem("expected ',' at \(position)") }
                at += 1
                index += 1
            }
        }

        /// A string from its opening quote; `into` gets its text (for keys).
        mutating func string(into text: inout String) -> JSONProblem? {
            at += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars) }
                raw = []
            }
            while at < bytes.count {
                let b = bytes[at]
                if b == UInt8(ascii: "\"") {
                    at += 1
                    flush()
                    text = String(scalars)
                    return nil
                }
                if b == UInt8(ascii: "\\") {
                    guard at + 1 < bytes.count else { break }
                    if bytes[at + 1] == UInt8(ascii: "u") {
                        guard let unit = hex4(at + 2) else { return problem("a \\u escape needs four hexadecimal digits at \(position)") }
                        at += 6
                        if (0xD800...0xDBFF).contains(unit) {
                            guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u"),
                                let low = hex4(at + 2), (0xDC00...0xDFFF).contains(low)
                            else { return problem(lone(unit)) }
                            at += 6
                            flush()
                            scalars.append(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!)
                        } else if (0xDC00...0xDFFF).contains(unit) {
                            return problem(lone(unit))
                        } else {
                            flush()
                            scalars.append(Unicode.Scalar(unit)!)
                        }
                        continue
                    }
                    raw.append(bytes[at + 1])
                    at += 2
                    continue
                }
                guard b >= 0x20 else { return problem("a control character (byte \(b)) inside a string at \(position); escape it") }
                raw.append(b)
                at += 1
            }
            return problem("a string is not closed")
        }

        func lone(_ unit: UInt32) -> String {
            "a lone UTF-16 surrogate \\u\(String(unit, radix: 16)) (half of a character pair): not valid Unicode text"
        }

        func hex4(_ start: Int) -> UInt32? {
            guard start + 4 <= bytes.count else { return nil }
            return UInt32(String(decoding: bytes[start..<(start + 4)], as: UTF8.self), radix: 16)
        }

        mutating func number() -> JSONProblem? {
            let start = at
            if bytes[at] == UInt8(ascii: "-") {
                if bytes[(at + 1)...].starts(with: "Infinity".utf8) { return problem("-Infinity is not a JSON number; give a finite number") }
                at += 1
            }
            var whole = true
            while at < bytes.count {
                let b = bytes[at]
                if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) {
                    at += 1
                } else if [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(b) {
                    whole = false
                    at += 1
                } else {
                    break
                }
            }
            let literal = String(decoding: bytes[start..<at], as: UTF8.self)
            guard let value = Double(literal) else { return problem("'\(literal)' is not a number") }
            if whole, Int64(literal) == nil, UInt64(literal) == nil {
                return problem("\(literal) is too large: whole numbers are at most 2^63 - 1 (2^64 - 1 for seeds)")
            }
            if !value.isFinite { return problem("\(literal) is too large for a number") }
            return nil
        }
    }
}
