import Cryptography
import Signatures
import Vault
import WireFormat

/// The counsellor's identity key, the same on all of their own devices: derived from the
/// home caseload's first epoch key, which only those devices hold. It certifies each device
/// the counsellor adds to a caseload (`DeviceCertificate`), so no one else can join under
/// the counsellor's id.
enum CounsellorKey {
    static func of(_ vault: Vault) throws -> SigningKeyPair {
        let home = try Caseload.home(of: vault)
        guard let key = try vault.syncRead({ try $0.epochKeys(home.id) })[0] else { throw SyncError.notSetUp }
        return derive(fromHomeKey: key)
    }

    static func derive(fromHomeKey key: SymmetricKey) -> SigningKeyPair {
        var bytes = key.exportBytes()
        defer { secureZero(&bytes) }
        var seed = Digest.labelled("vertrouwd:counsellor-key:v2", bytes)
        defer { secureZero(&seed) }
        return SigningKeyPair(seed: seed)!  // 32 bytes by construction
    }
}
