/// A counsellor's random 128-bit id, shared by all their devices; its text form is 32
/// hexadecimal digits, shortened to the first 8 where people read it.
public struct CounsellorID: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 16
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init?(hex: String) {
        guard let bytes = Hex.decode(hex), bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    public var description: String { Hex.encode(bytes) }

    /// The first 4 bytes in hex: how `vp caseload members` shows a colleague.
    public var short: String { Hex.encode(Array(bytes.prefix(4))) }
}
