import Identifiers
import Signatures

/// A counsellor's statement that a device is theirs: the counsellor key's signature over
/// the device key. Membership entries of version 2 carry one for every device they add, so
/// an id made from a counsellor key (`CounsellorID(key:)`) can be claimed only with that key.
public struct DeviceCertificate: Hashable, Sendable {
    public static let length = 32 + SigningKeyPair.signatureLength

    public let counsellorKey: SigningPublicKey
    public let signature: [UInt8]

    /// The certificate `counsellor` gives `device`.
    public static func issue(for device: SigningPublicKey, by counsellor: SigningKeyPair) -> DeviceCertificate {
        DeviceCertificate(counsellorKey: counsellor.publicKey, signature: counsellor.sign(message(device)))
    }

    public func certifies(_ device: SigningPublicKey) -> Bool { counsellorKey.verifies(signature, of: Self.message(device)) }

    static func message(_ device: SigningPublicKey) -> [UInt8] { Array("vertrouwd:device-certificate:v2".utf8) + [0] + device.bytes }

    public var bytes: [UInt8] { counsellorKey.bytes + signature }

    init(counsellorKey: SigningPublicKey, signature: [UInt8]) {
        self.counsellorKey = counsellorKey
        self.signature = signature
    }

    public init(bytes: [UInt8]) throws(WireError) {
        guard bytes.count == Self.length, let key = SigningPublicKey(bytes: Array(bytes.prefix(32))) else { throw .malformed("device certificate") }
        counsellorKey = key
        signature = Array(bytes.suffix(SigningKeyPair.signatureLength))
    }
}

extension CounsellorID {
    /// The id of the counsellor whose identity key is `key`: the first 16 bytes of
    /// `labelled("vertrouwd:counsellor-id:v2", key)`.
    public init(key: SigningPublicKey) {
        self.init(bytes: Array(Digest.labelled("vertrouwd:counsellor-id:v2", key.bytes).prefix(CounsellorID.byteCount)))
    }
}

extension MembershipEntry.Action {
    /// Adds `device` for the counsellor whose identity key is `counsellor`, under `id` (the
    /// id made from the key, unless the counsellor keeps an id from before version 2).
    public static func add(device: SigningPublicKey, role: MembershipEntry.Role, by counsellor: SigningKeyPair, id: CounsellorID? = nil) -> Self {
        .add(device: device, role: role, counsellor: id ?? CounsellorID(key: counsellor.publicKey),
             certificate: .issue(for: device, by: counsellor))
    }
}
