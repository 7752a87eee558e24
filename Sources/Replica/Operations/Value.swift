/// A register's value. Dates and codes are strings; the schema above gives them meaning.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case decimal(Double)
    case string(String)

    public var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    public var integer: Int64? {
        if case .integer(let number) = self { number } else { nil }
    }

    public var decimal: Double? {
        switch self {
        case .decimal(let number): number
        case .integer(let number): Double(number)
        default: nil
        }
    }

    public var bool: Bool? {
        if case .bool(let flag) = self { flag } else { nil }
    }
}
