/// One option's value in summary.json, with its JSON type: numbers as numbers, booleans as
/// booleans, names as strings (a non-finite number, which JSON cannot hold, as a string).
public enum OptionValue: Sendable, Equatable, Encodable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
{
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .integer(let i): try container.encode(i)
        case .number(let x): if x.isFinite { try container.encode(x) } else { try container.encode("\(x)") }
        case .bool(let b): try container.encode(b)
        }
    }

    public var description: String {
        switch self {
        case .string(let s): return s
        case .integer(let i): return "\(i)"
        case .number(let x): return "\(x)"
        case .bool(let b): return "\(b)"
        }
    }
}
