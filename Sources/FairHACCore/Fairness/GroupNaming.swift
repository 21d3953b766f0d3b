/// How names of combined groups are written so that different groups never share a name.
///
/// Intersectional groups join their values with "×" and separate mode names an (attribute, group)
/// pair "attribute=group". Joined naively, different groups can collide: values `a×b`, `c` and
/// `a`, `b×c` both read `a×b×c`; an attribute `s=x` with group `y` and an attribute `s` with group
/// `x=y` both read `s=x=y`. So a value's own separator characters (and the escape character)
/// are escaped with a backslash: `a\×b×c` and `a×b\×c`; `s\=x=y` (attribute `s=x`) and `s=x=y`
/// (attribute `s`; a group's text follows the first unescaped "="). Names without those
/// characters are written exactly as before.
public enum GroupNaming {
    /// Values joined with "×", each value's "×" and "\" escaped.
    public static func combination<S: Sequence>(_ values: S) -> String where S.Element == String {
        values.map { escaped($0, separator: "×") }.joined(separator: "×")
    }

    /// "attribute=group", the attribute's "=" and "\" escaped (the group's text follows the first
    /// unescaped "=", so it needs no escaping).
    public static func pair(attribute: String, group: String) -> String {
        escaped(attribute, separator: "=") + "=" + group
    }

    static func escaped(_ value: String, separator: Character) -> String {
        guard value.contains(where: { $0 == separator || $0 == "\\" }) else { return value }
        var out = ""
        for c in value {
            if c == separator || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
