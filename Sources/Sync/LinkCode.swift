import Cryptography
import Signatures

/// A one-time code for linking a device: 128 random bits, shown as base32 in groups of four.
/// The relay mailbox id and the key that protects the exchange are both derived from it;
/// the relay sees only the id.
public struct LinkCode: Sendable, Equatable {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    public let bytes: [UInt8]

    public static func generate() -> LinkCode { LinkCode(bytes: SecureRandom.bytes(16)) }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses the text form; dashes, spaces and case do not matter.
    public init(text: String) throws(SyncError) {
        let symbols = text.uppercased().filter { $0 != "-" && $0 != " " }
        var bits: UInt32 = 0
        var count = 0
        var bytes: [UInt8] = []
        for symbol in symbols {
            guard let value = Self.alphabet.firstIndex(of: symbol) else { throw .invalidLinkCode }
            bits = bits << 5 | UInt32(value)
            count += 5
            if count >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(count - 8)))
                count -= 8
            }
        }
        guard bytes.count == 16, symbols.count == 26 else { throw .invalidLinkCode }
        self.bytes = bytes
    }

    public var text: String {
        var symbols: [Character] = []
        var bits: UInt32 = 0
        var count = 0
        for byte in bytes {
            bits = bits << 8 | UInt32(byte)
            count += 8
            while count >= 5 {
                symbols.append(Self.alphabet[Int((bits >> UInt32(count - 5)) & 31)])
                count -= 5
            }
        }
        if count > 0 { symbols.append(Self.alphabet[Int((bits << UInt32(5 - count)) & 31)]) }
        return stride(from: 0, to: symbols.count, by: 4).map { String(symbols[$0..<min($0 + 4, symbols.count)]) }.joined(separator: "-")
    }

    var mailbox: [UInt8] { Digest.labelled("vertrouwd:link-id:v1", bytes) }

    var key: SymmetricKey { try! SymmetricKey(bytes: Digest.labelled("vertrouwd:link-key:v1", bytes)) }  // 32 bytes by construction
}
