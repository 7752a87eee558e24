import Cryptography
import Foundation
import Identifiers
import Signatures
import Vault
import WireFormat

/// What a host hands to a guest: caseloads with their keys, sealed to the guest's device.
struct Grant: Codable {
    struct Entry: Codable {
        let caseload: String
        let name: String
        let keys: [String: String]
    }

    let counsellor: String?
    /// The counsellor's display name (device links only).
    var name: String? = nil
    /// The linking device (hex key; device links only): it dropped every case key to the
    /// new device's link key before answering.
    var linkedBy: String? = nil
    let relay: String
    let home: String?
    let caseloads: [Entry]

    /// The grant as the guest's device alone can open it; the plaintext is zeroed after.
    func sealed(to device: SigningPublicKey) throws -> [UInt8] {
        var plaintext = Array(try JSONEncoder().encode(self))
        defer { secureZero(&plaintext) }
        return try SealedBox.seal(plaintext, to: device)
    }

    /// Opens a grant sealed to this device; anything else is a failed link. The plaintext
    /// (it holds caseload keys) is zeroed whether or not it decodes.
    static func open(_ sealed: [UInt8], with keys: SigningKeyPair) throws -> Grant {
        do {
            var plaintext = try SealedBox.open(sealed, with: keys)
            defer { secureZero(&plaintext) }
            return try JSONDecoder().decode(Grant.self, from: Data(plaintext))
        } catch {
            throw SyncError.linkRejected("the answer was not for this device")
        }
    }

    static func entry(for caseload: Caseload, vault: Vault) throws -> Entry {
        let keys = try vault.syncRead { try $0.epochKeys(caseload.id) }
        return Entry(caseload: caseload.id.description, name: caseload.name,
                     keys: Dictionary(uniqueKeysWithValues: keys.map { (String($0.key), Hex.encode($0.value.exportBytes())) }))
    }

    /// Stores the caseloads and their keys in the guest's vault.
    func store(in vault: Vault) throws {
        try vault.syncTransaction { ledger in
            for entry in caseloads {
                guard let id = CaseloadID(hex: entry.caseload) else { throw SyncError.linkRejected("a caseload id was malformed") }
                try ledger.registerCaseload(id, name: entry.name)
                for (epoch, hex) in entry.keys {
                    guard let epoch = UInt32(epoch), let bytes = Hex.decode(hex), let key = try? SymmetricKey(bytes: bytes) else {
                        throw SyncError.linkRejected("a caseload key was malformed")
                    }
                    try ledger.storeEpochKey(id, epoch: epoch, key: key)
                }
            }
        }
    }
}
