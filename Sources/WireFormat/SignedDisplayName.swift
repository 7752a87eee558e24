import Identifiers
import Signatures

/// A counsellor's display name signed with their counsellor key. A reader writes nothing in
/// a shared caseload, so its name travels in its join request and the inviting admin writes
/// it there; colleagues believe it because of this signature, not because of the admin.
public struct SignedDisplayName: Equatable, Sendable {
    /// At most this many bytes of UTF-8.
    public static let maximumLength = 200

    public let name: String
    public let signature: [UInt8]

    public init(name: String, signature: [UInt8]) {
        self.name = name
        self.signature = signature
    }

    public static func sign(_ name: String, counsellor: CounsellorID, key: SigningKeyPair) -> SignedDisplayName {
        SignedDisplayName(name: name, signature: key.sign(message(name, counsellor: counsellor)))
    }

    public func verifies(counsellor: CounsellorID, key: SigningPublicKey) -> Bool {
        key.verifies(signature, of: Self.message(name, counsellor: counsellor))
    }

    /// `"vertrouwd:counsellor-name:v1" ‖ 0x00 ‖ counsellor id (16) ‖ name (UTF-8)`.
    static func message(_ name: String, counsellor: CounsellorID) -> [UInt8] {
        Array("vertrouwd:counsellor-name:v1".utf8) + [0] + counsellor.bytes + Array(name.utf8)
    }
}
