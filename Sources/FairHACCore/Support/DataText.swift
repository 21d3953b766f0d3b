/// Text from the data made safe for a one-line message; the core's part of the messages about
/// files and data (FairHACIO's `MessageText` adds the file-system wording).
public enum DataText {
    /// Text from the data, safe to print inside a one-line message: line breaks, tabs and other
    /// control or invisible format characters are written as `\n`, `\t` or `\u{1B}`; text longer
    /// than `limit` characters is cut with an ellipsis.
    public static func escaped(_ text: String, limit: Int = 200) -> String {
        var out = ""
        var length = 0
        for scalar in text.unicodeScalars {
            if length >= limit {
                out += "…"
                break
            }
            length += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
                    || (scalar.properties.generalCategory == .format && v != 0x200D)
                {
                    out += "\\u{\(String(v, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
