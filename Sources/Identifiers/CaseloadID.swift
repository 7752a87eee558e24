/// A caseload's random 128-bit id; its text form is 32 hexadecimal digits.
public struct CaseloadID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init?(hex: String) {
        guard let bytes = Hex.decode(hex), bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    public var description: String { Hex.encode(bytes) }
}
