import Identifiers
import Signatures

/// The plaintext of a control envelope (key scope 2; Protocol/sync.md, "Control
/// envelopes"): what a device says about keys rather than records. Sealed under the epoch
/// key like a batch; every count bounded, every field of fixed length or length-prefixed.
public struct ControlMessage: Hashable, Sendable {
    public static let version: UInt8 = 1
    static let maximumItems: UInt32 = 100_000

    /// An X25519 public key this device publishes for one sender's deliveries to it.
    public struct OneTimeKey: Hashable, Sendable {
        /// The device that may use it (each sender has a pool of its own).
        public let sender: SigningPublicKey
        public let number: UInt32
        public let publicKey: [UInt8]
        /// Unix milliseconds after which no sender uses it.
        public let notAfter: UInt64

        public init(sender: SigningPublicKey, number: UInt32, publicKey: [UInt8], notAfter: UInt64) {
            (self.sender, self.number, self.publicKey, self.notAfter) = (sender, number, publicKey, notAfter)
        }
    }

    /// The key a sender uses when it has no unused one-time key of this device.
    public struct LastResortKey: Hashable, Sendable {
        public let number: UInt32
        public let publicKey: [UInt8]
        public let notAfter: UInt64

        public init(number: UInt32, publicKey: [UInt8], notAfter: UInt64) {
            (self.number, self.publicKey, self.notAfter) = (number, publicKey, notAfter)
        }
    }

    /// Case keys sealed (`crypto_box_seal`) to one of the recipient's published keys.
    public struct Drop: Hashable, Sendable {
        public enum Kind: UInt8, Sendable { case oneTime = 1, lastResort = 2 }
        public let recipient: SigningPublicKey
        public let kind: Kind
        public let number: UInt32
        public let sealed: [UInt8]

        public init(recipient: SigningPublicKey, kind: Kind, number: UInt32, sealed: [UInt8]) {
            (self.recipient, self.kind, self.number, self.sealed) = (recipient, kind, number, sealed)
        }
    }

    public var oneTimeKeys: [OneTimeKey] = []
    /// At most one.
    public var lastResortKeys: [LastResortKey] = []
    public var drops: [Drop] = []
    /// Case ids whose keys this device lacks (16 bytes each).
    public var requests: [[UInt8]] = []
    public var receipts: [DestructionReceipt] = []

    public init() {}

    /// Says nothing: not worth an envelope.
    public var isEmpty: Bool {
        oneTimeKeys.isEmpty && lastResortKeys.isEmpty && drops.isEmpty && requests.isEmpty && receipts.isEmpty
    }

    public var bytes: [UInt8] {
        var writer = FieldWriter(capacity: 256)
        writer.u8(Self.version)
        writer.u32(UInt32(oneTimeKeys.count))
        for key in oneTimeKeys {
            writer.raw(key.sender.bytes)
            writer.u32(key.number)
            writer.raw(key.publicKey)
            writer.u64(key.notAfter)
        }
        writer.u32(UInt32(lastResortKeys.count))
        for key in lastResortKeys {
            writer.u32(key.number)
            writer.raw(key.publicKey)
            writer.u64(key.notAfter)
        }
        writer.u32(UInt32(drops.count))
        for drop in drops {
            writer.raw(drop.recipient.bytes)
            writer.u8(drop.kind.rawValue)
            writer.u32(drop.number)
            writer.block(drop.sealed)
        }
        writer.u32(UInt32(requests.count))
        for request in requests { writer.raw(request) }
        writer.u32(UInt32(receipts.count))
        for receipt in receipts { writer.raw(receipt.bytes) }
        return writer.bytes
    }

    /// Parses exactly (`malformed` for anything else, trailing bytes included).
    public init(bytes: [UInt8]) throws(WireError) {
        var reader = FieldReader(bytes)
        guard try reader.u8() == Self.version else { throw .malformed("control message version") }
        func count(_ limit: UInt32 = ControlMessage.maximumItems) throws(WireError) -> Int {
            let count = try reader.u32()
            guard count <= limit else { throw .malformed("too many items") }
            return Int(count)
        }
        func key() throws(WireError) -> SigningPublicKey {
            guard let key = SigningPublicKey(bytes: try reader.raw(32)) else { throw .malformed("device key") }
            return key
        }
        for _ in 0..<(try count()) {
            oneTimeKeys.append(OneTimeKey(sender: try key(), number: try reader.u32(), publicKey: try reader.raw(32), notAfter: try reader.u64()))
        }
        for _ in 0..<(try count(1)) {
            lastResortKeys.append(LastResortKey(number: try reader.u32(), publicKey: try reader.raw(32), notAfter: try reader.u64()))
        }
        for _ in 0..<(try count()) {
            let recipient = try key()
            guard let kind = Drop.Kind(rawValue: try reader.u8()) else { throw .malformed("drop kind") }
            drops.append(Drop(recipient: recipient, kind: kind, number: try reader.u32(), sealed: try reader.block(limit: 16 << 20)))
        }
        for _ in 0..<(try count()) { requests.append(try reader.raw(MembershipEntry.caseIDLength)) }
        for _ in 0..<(try count()) { receipts.append(try DestructionReceipt(bytes: try reader.raw(DestructionReceipt.length))) }
        guard reader.isAtEnd else { throw .malformed("trailing bytes") }
    }
}
