import Identifiers
import Signatures

/// One signed, hash-chained entry of a caseload's membership log (Protocol/sync.md).
public struct MembershipEntry: Hashable, Sendable {
    /// The version new entries are written in. Version 1 entries (a removal without its
    /// ceiling) still verify, so logs written before protocol version 2 stay valid.
    public static let currentVersion: UInt8 = 2
    public static let maximumPayload = 1 << 20
    public static let caseIDLength = 16
    public static let tagKeyLength = 32

    /// The id of the case whose tag key is `tagKey`: a destroy entry names no other, so an
    /// admin cannot cut a live case to stubs under the name of another.
    public static func caseID(tagKey: [UInt8]) -> [UInt8] {
        Array(Digest.labelled("vertrouwd:case-id:v1", tagKey).prefix(caseIDLength))
    }

    public enum Role: UInt8, Sendable, CaseIterable {
        case admin = 1, member = 2, reader = 3
    }

    public enum Action: Hashable, Sendable {
        /// A device joins with a role, on behalf of a counsellor (16-byte id), certified by
        /// that counsellor's key (version 2; nil in version 1 entries).
        case add(device: SigningPublicKey, role: Role, counsellor: CounsellorID, certificate: DeviceCertificate?)
        /// A device leaves; it must be followed by a rotation. `ceiling` is the highest
        /// envelope number of that device the remover had accepted in this caseload: readers
        /// reject the device's envelopes above it, so nothing it writes afterwards counts,
        /// whatever epoch it claims. Version 1 entries have no ceiling (`UInt64.max`).
        case remove(device: SigningPublicKey, ceiling: UInt64)
        /// A new epoch: its key sealed to every current device, and the previous epoch's
        /// key sealed under the new one so history stays readable.
        case rotate(epoch: UInt32, sealedKeys: [SealedKey], previousKey: [UInt8])
        /// A member's device gets another role (e.g. member → reader). `ceiling`, as for a
        /// removal, is the highest envelope number of the device the author had accepted:
        /// a device made a reader keeps what it wrote before (later readers accept it),
        /// and nothing it signs afterwards. Version 1 entries have ceiling 0.
        case changeRole(device: SigningPublicKey, role: Role, ceiling: UInt64)
        /// An admin orders a case destroyed (Protocol/sync.md, "Destroying a case"): `caseID`
        /// names it (16 bytes), `tagKey` (32 bytes) lets the relay find its envelopes by their
        /// tags and cut them to stubs. Opens nothing of the case.
        case destroy(caseID: [UInt8], tagKey: [UInt8])

        var code: UInt8 {
            switch self {
            case .add: 1
            case .remove: 2
            case .rotate: 3
            case .changeRole: 4
            case .destroy: 5
            }
        }
    }

    public struct SealedKey: Hashable, Sendable {
        public let recipient: SigningPublicKey
        public let sealed: [UInt8]

        public init(recipient: SigningPublicKey, sealed: [UInt8]) {
            self.recipient = recipient
            self.sealed = sealed
        }
    }

    public let version: UInt8
    public let caseload: CaseloadID
    public let sequence: UInt64
    public let previous: [UInt8]
    public let author: SigningPublicKey
    public let milliseconds: UInt64
    public let action: Action
    public let signature: [UInt8]

    /// Builds and signs the entry that follows `previous` (nil for the first entry).
    /// `version` is for tests and vectors of older logs; writers use the current one.
    public init(
        caseload: CaseloadID, after previous: MembershipEntry?, author: SigningKeyPair, milliseconds: UInt64, action: Action,
        version: UInt8 = currentVersion
    ) {
        self.version = version
        self.caseload = caseload
        sequence = previous.map { $0.sequence + 1 } ?? 0
        self.previous = previous?.hash ?? [UInt8](repeating: 0, count: Digest.length)
        self.author = author.publicKey
        self.milliseconds = milliseconds
        self.action = action
        signature = author.sign(Self.signedPart(version, caseload, sequence, self.previous, author.publicKey, milliseconds, action))
    }

    public var bytes: [UInt8] { Self.signedPart(version, caseload, sequence, previous, author, milliseconds, action) + signature }

    /// What the next entry names as `previous`.
    public var hash: [UInt8] { Digest.labelled("vertrouwd:membership:v1", bytes) }

    public var isSignatureValid: Bool {
        author.verifies(signature, of: Self.signedPart(version, caseload, sequence, previous, author, milliseconds, action))
    }

    private static func signedPart(
        _ version: UInt8, _ caseload: CaseloadID, _ sequence: UInt64, _ previous: [UInt8], _ author: SigningPublicKey, _ milliseconds: UInt64,
        _ action: Action
    ) -> [UInt8] {
        var writer = FieldWriter(capacity: 256)
        writer.u8(version)
        writer.raw(caseload.bytes)
        writer.u64(sequence)
        writer.raw(previous)
        writer.raw(author.bytes)
        writer.u64(milliseconds)
        writer.u8(action.code)
        var payload = FieldWriter()
        switch action {
        case .add(let device, let role, let counsellor, let certificate):
            payload.raw(device.bytes)
            payload.u8(role.rawValue)
            payload.raw(counsellor.bytes)
            if version >= 2 { payload.raw(certificate?.bytes ?? [UInt8](repeating: 0, count: DeviceCertificate.length)) }
        case .remove(let device, let ceiling):
            payload.raw(device.bytes)
            if version >= 2 { payload.u64(ceiling) }
        case .changeRole(let device, let role, let ceiling):
            payload.raw(device.bytes)
            payload.u8(role.rawValue)
            if version >= 2 { payload.u64(ceiling) }
        case .destroy(let caseID, let tagKey):
            payload.raw(caseID)
            payload.raw(tagKey)
        case .rotate(let epoch, let sealedKeys, let previousKey):
            payload.u32(epoch)
            payload.u32(UInt32(sealedKeys.count))
            for key in sealedKeys {
                payload.raw(key.recipient.bytes)
                payload.block(key.sealed)
            }
            payload.block(previousKey)
        }
        writer.block(payload.bytes)
        return writer.bytes
    }

    public init(bytes: [UInt8]) throws(WireError) {
        var reader = FieldReader(bytes)
        version = try reader.u8()
        guard version == 1 || version == Self.currentVersion else { throw .unsupportedVersion(version) }
        caseload = CaseloadID(bytes: try reader.raw(16))
        sequence = try reader.u64()
        guard sequence < Envelope.maximumSequence else { throw .malformed("sequence out of range") }
        previous = try reader.raw(Digest.length)
        guard let author = SigningPublicKey(bytes: try reader.raw(32)) else { throw .malformed("author") }
        self.author = author
        milliseconds = try reader.u64()
        let code = try reader.u8()
        var payload = FieldReader(try reader.block(limit: Self.maximumPayload))
        func key() throws(WireError) -> SigningPublicKey {
            guard let key = SigningPublicKey(bytes: try payload.raw(32)) else { throw .malformed("device key") }
            return key
        }
        switch code {
        case 1:
            let device = try key()
            guard let role = Role(rawValue: try payload.u8()) else { throw .malformed("role") }
            let counsellor = CounsellorID(bytes: try payload.raw(CounsellorID.byteCount))
            let certificate = version >= 2 ? try DeviceCertificate(bytes: try payload.raw(DeviceCertificate.length)) : nil
            action = .add(device: device, role: role, counsellor: counsellor, certificate: certificate)
        case 2:
            let device = try key()
            action = .remove(device: device, ceiling: version >= 2 ? try payload.u64() : .max)
        case 3:
            let epoch = try payload.u32()
            let count = Int(try payload.u32())
            guard count <= 10_000 else { throw .malformed("too many recipients") }
            var keys: [SealedKey] = []
            for _ in 0..<count {
                let recipient = try key()
                keys.append(SealedKey(recipient: recipient, sealed: try payload.block(limit: 1024)))
            }
            action = .rotate(epoch: epoch, sealedKeys: keys, previousKey: try payload.block(limit: 1024))
        case 4:
            let device = try key()
            guard let role = Role(rawValue: try payload.u8()) else { throw .malformed("role") }
            action = .changeRole(device: device, role: role, ceiling: version >= 2 ? try payload.u64() : 0)
        case 5 where version >= 2:
            action = .destroy(caseID: try payload.raw(Self.caseIDLength), tagKey: try payload.raw(Self.tagKeyLength))
        default:
            throw .malformed("unknown membership action \(code)")
        }
        guard payload.isAtEnd else { throw .malformed("trailing payload bytes") }
        signature = try reader.raw(SigningKeyPair.signatureLength)
        guard reader.isAtEnd else { throw .malformed("trailing bytes") }
    }
}
