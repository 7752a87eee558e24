import Cryptography
import Foundation
import GRDB
import Identifiers
import Signatures

/// An unlock session (`vp unlock`): a random secret in the kernel keyring, and the vault key
/// sealed under a key derived from it in the vault's `unlock_session` setting, with the
/// session's end. Ending the session (`vp lock`, a new passphrase or key, or the first
/// command after it expired) deletes that setting, so a secret read from the keyring
/// meanwhile opens nothing of the vault afterwards (Protocol/vault.md, Unlock sessions).
extension Vault {
    static let sessionSetting = "unlock_session"

    /// Starts a session of `seconds`, replacing any running one.
    public func startSession(in keyring: SessionKeyring, seconds: UInt32) throws {
        guard !database.configuration.readonly else {
            throw VaultError.readOnly(reason: "an unlock session is kept in the vault file, so give the passphrase to each command instead")
        }
        var secret = SecureRandom.bytes(SessionKeyring.secretLength)
        defer { secureZero(&secret) }
        let ends = wallClock() + UInt64(seconds) * 1000
        var keyBytes = key.exportBytes()
        defer { secureZero(&keyBytes) }
        let sealed = try SecretBox.seal(keyBytes, key: UnlockSession.wrappingKey(secret), associatedData: UnlockSession.associatedData(header.vaultID, ends: ends))
        try StorageErrors.map { try database.write { try Settings.set(Self.sessionSetting, BigEndian.bytes(of: ends) + sealed, $0) } }
        try keyring.store(secret, vaultID: header.vaultID, seconds: seconds)
    }

    /// Ends any session: the sealed key leaves the vault and the secret the keyring. True
    /// when one was running.
    @discardableResult
    public func endSession(in keyring: SessionKeyring) throws -> Bool {
        try UnlockSession.end(database, vaultID: header.vaultID, keyring: keyring)
    }
}

extension LockedVault {
    /// The vault key of a running session, or nil (none, ended, expired, another login
    /// session's, or its secret does not open the sealed key). The sealed key of a session
    /// whose time is up, or that this secret does not open, is deleted.
    public func sessionKey(from keyring: SessionKeyring, now: UInt64) throws -> SymmetricKey? {
        guard let stored = try StorageErrors.map({ try database.read { try Settings.bytes(Vault.sessionSetting, $0) } }) else {
            keyring.forget(vaultID: header.vaultID)
            return nil
        }
        let ends = stored.count > 8 ? BigEndian.uint64(Array(stored.prefix(8))) : 0
        guard now < ends else {
            try UnlockSession.end(database, vaultID: header.vaultID, keyring: keyring)
            return nil
        }
        // Not expired, but no secret here: another login session's (its keyring is not ours).
        guard var secret = keyring.load(vaultID: header.vaultID) else { return nil }
        defer { secureZero(&secret) }
        guard var bytes = try? SecretBox.open(Array(stored.dropFirst(8)), key: UnlockSession.wrappingKey(secret),
                                              associatedData: UnlockSession.associatedData(header.vaultID, ends: ends))
        else {
            try UnlockSession.end(database, vaultID: header.vaultID, keyring: keyring)
            return nil
        }
        defer { secureZero(&bytes) }
        return try SymmetricKey(bytes: bytes)
    }

    /// Ends any session of this vault (`vp lock` on a locked vault).
    @discardableResult
    public func endSession(in keyring: SessionKeyring) throws -> Bool {
        try UnlockSession.end(database, vaultID: header.vaultID, keyring: keyring)
    }
}

/// The session's derivations and its end, shared by the open and the locked vault.
enum UnlockSession {
    static func wrappingKey(_ secret: [UInt8]) throws -> SymmetricKey {
        var bytes = Digest.labelled("vertrouwd:unlock-session:v1", secret)
        defer { secureZero(&bytes) }
        return try SymmetricKey(bytes: bytes)
    }

    static func associatedData(_ vaultID: [UInt8], ends: UInt64) -> [UInt8] {
        Array("vertrouwd:unlock-session:v1".utf8) + vaultID + BigEndian.bytes(of: ends)
    }

    static func end(_ database: DatabaseQueue, vaultID: [UInt8], keyring: SessionKeyring) throws -> Bool {
        let forgotten = keyring.forget(vaultID: vaultID)
        let deleted = try StorageErrors.map {
            try database.write { db -> Bool in
                guard try Settings.bytes(Vault.sessionSetting, db) != nil else { return false }
                try db.execute(sql: "DELETE FROM setting WHERE name = ?", arguments: [Vault.sessionSetting])
                return true
            }
        }
        // secure_delete zeroes the freed cell; the checkpoint takes the old page out of the WAL.
        if deleted { _ = try? database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") } }
        return forgotten || deleted
    }
}
