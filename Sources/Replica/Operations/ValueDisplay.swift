extension Value: CustomStringConvertible {
    /// Plain text for tables and the audit trail; `null` shows as empty.
    public var description: String {
        switch self {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .decimal(let number):
            number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text): text
        }
    }
}
