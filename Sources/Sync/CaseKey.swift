import Cryptography
import Identifiers
import Signatures
import Vault
import WireFormat

/// A case's own key (Protocol/sync.md, "Case keys"): 32 random bytes from which the case's
/// tag key and id follow, and, with a caseload's epoch key, the key its content is sealed
/// under. Destroying every copy of it is what makes the relay's copies of the case useless.
public struct CaseKey: Sendable {
    let key: SymmetricKey

    public init(bytes: [UInt8]) throws(CryptoError) {
        key = try SymmetricKey(bytes: bytes)
    }

    public static func random() -> CaseKey { CaseKey(key: SymmetricKey.random()) }

    init(key: SymmetricKey) { self.key = key }

    /// Revealed to the relay only by a destroy entry: it finds the case's envelopes by their tags.
    public var tagKey: [UInt8] { key.withUnsafeBytes { Digest.labelled("vertrouwd:case-tag-key:v1", Array($0)) } }

    /// The case's id (its record id): made from the tag key, so a destroy entry names no other case.
    public var caseID: [UInt8] { MembershipEntry.caseID(tagKey: tagKey) }

    /// What the case's content in `epoch`'s envelopes is sealed under: the epoch key mixed in,
    /// so a member removed since reads nothing written after, case key or not.
    public func contentKey(epochKey: SymmetricKey) -> SymmetricKey {
        var material = key.exportBytes() + epochKey.exportBytes()
        defer { secureZero(&material) }
        var derived = Digest.labelled("vertrouwd:case-content-key:v1", material)
        defer { secureZero(&derived) }
        return try! SymmetricKey(bytes: derived)  // 32 bytes by construction
    }

    /// The case id hidden for one envelope: id ⊕ BLAKE2b-128(key = locator key of the epoch, nonce).
    public func locator(epochKey: SymmetricKey, nonce: [UInt8]) -> [UInt8] {
        Self.mask(caseID, epochKey: epochKey, nonce: nonce)
    }

    /// The case id a locator hides (for a reader holding the epoch key).
    public static func caseID(locator: [UInt8], epochKey: SymmetricKey, nonce: [UInt8]) -> [UInt8] {
        mask(locator, epochKey: epochKey, nonce: nonce)
    }

    /// `labelled("vertrouwd:case-locator-key:v1", epoch key)`.
    public static func locatorKey(epochKey: SymmetricKey) -> [UInt8] {
        epochKey.withUnsafeBytes { Digest.labelled("vertrouwd:case-locator-key:v1", Array($0)) }
    }

    private static func mask(_ bytes: [UInt8], epochKey: SymmetricKey, nonce: [UInt8]) -> [UInt8] {
        let pad = Digest.keyed(nonce, key: locatorKey(epochKey: epochKey), length: CaseEnvelopeBody.locatorLength)
        return zip(bytes, pad).map { $0 ^ $1 }
    }
}

extension DestroyEntry {
    /// The entry that has the relay cut the envelopes of `held`'s case in `caseload` to stubs.
    public init(destroying held: HeldCaseKey, in caseload: CaseloadID) {
        self.init(caseload: caseload, caseID: held.caseID, tagKey: CaseKey(key: held.key).tagKey)
    }
}
