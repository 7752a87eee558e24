import Identifiers
import Signatures

/// A device's signed word that it erased a destroyed case (Protocol/sync.md, "Control
/// envelopes"): it names the destroy entry by number and hash, so it counts only for that
/// order, and only the device itself can sign it. 177 bytes.
public struct DestructionReceipt: Hashable, Sendable {
    public static let version: UInt8 = 1
    public static let length = 177
    static let label = Array("vertrouwd:destruction-receipt:v1".utf8)

    public let caseload: CaseloadID
    public let caseID: [UInt8]
    public let entrySequence: UInt64
    public let entryHash: [UInt8]
    public let device: SigningPublicKey
    public let milliseconds: UInt64
    public let signature: [UInt8]

    public init(caseload: CaseloadID, caseID: [UInt8], entrySequence: UInt64, entryHash: [UInt8], device: SigningKeyPair, milliseconds: UInt64) {
        (self.caseload, self.caseID, self.entrySequence, self.entryHash) = (caseload, caseID, entrySequence, entryHash)
        (self.device, self.milliseconds) = (device.publicKey, milliseconds)
        signature = device.sign(Self.label + [0] + Self.signedPart(caseload, caseID, entrySequence, entryHash, device.publicKey, milliseconds))
    }

    public init(bytes: [UInt8]) throws(WireError) {
        var reader = FieldReader(bytes)
        guard try reader.u8() == Self.version else { throw .malformed("receipt version") }
        caseload = CaseloadID(bytes: try reader.raw(16))
        caseID = try reader.raw(MembershipEntry.caseIDLength)
        entrySequence = try reader.u64()
        entryHash = try reader.raw(Digest.length)
        guard let device = SigningPublicKey(bytes: try reader.raw(32)) else { throw .malformed("device key") }
        self.device = device
        milliseconds = try reader.u64()
        signature = try reader.raw(SigningKeyPair.signatureLength)
        guard reader.isAtEnd else { throw .malformed("trailing bytes") }
    }

    public var bytes: [UInt8] { Self.signedPart(caseload, caseID, entrySequence, entryHash, device, milliseconds) + signature }

    public var isSignatureValid: Bool {
        device.verifies(signature, of: Self.label + [0] + Self.signedPart(caseload, caseID, entrySequence, entryHash, device, milliseconds))
    }

    /// Valid for `entry` of a verified log: signed by its device, naming that destroy entry.
    public func confirms(_ entry: MembershipEntry) -> Bool {
        guard case .destroy(let destroyed, _) = entry.action else { return false }
        return isSignatureValid && entry.caseload == caseload && destroyed == caseID && entry.sequence == entrySequence && entry.hash == entryHash
    }

    private static func signedPart(
        _ caseload: CaseloadID, _ caseID: [UInt8], _ sequence: UInt64, _ hash: [UInt8], _ device: SigningPublicKey, _ milliseconds: UInt64
    ) -> [UInt8] {
        var writer = FieldWriter(capacity: length)
        writer.u8(version)
        writer.raw(caseload.bytes)
        writer.raw(caseID)
        writer.u64(sequence)
        writer.raw(hash)
        writer.raw(device.bytes)
        writer.u64(milliseconds)
        return writer.bytes
    }
}
