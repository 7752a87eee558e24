import Cryptography
import GRDB

extension VaultHeader {
    static func load(_ db: Database) throws -> VaultHeader {
        guard let vaultID = try Settings.bytes("vault_id", db),
            let device = try Settings.bytes("device_id", db),
            let ops = try Settings.integer("kdf_ops", db),
            let mem = try Settings.integer("kdf_mem", db),
            let salt = try Settings.bytes("kdf_salt", db),
            let wrapped = try Settings.bytes("wrapped_key", db)
        else { throw VaultError.damaged(what: "header") }
        let kdf = PassphraseKDF(opsLimit: ops, memLimit: mem)
        guard kdf.isWithinBounds else { throw VaultError.damaged(what: "header (passphrase cost out of range)") }
        return VaultHeader(vaultID: vaultID, device: device, kdf: kdf, salt: salt, wrappedKey: wrapped)
    }

    func save(_ db: Database) throws {
        try Settings.set("vault_id", vaultID, db)
        try Settings.set("device_id", device, db)
        try Settings.set("kdf_ops", kdf.opsLimit, db)
        try Settings.set("kdf_mem", kdf.memLimit, db)
        try Settings.set("kdf_salt", salt, db)
        try Settings.set("wrapped_key", wrappedKey, db)
    }
}
