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
    let relay: String
    let home: String?
    let caseloads: [Entry]

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
