import CKeyring
import Cryptography
import Foundation

/// Keeps an unlocked vault key in the Linux kernel's user keyring with a timeout, so
/// one-shot commands skip the passphrase KDF. The key never touches a file.
public struct SessionKeyring: Sendable {
    /// Possessor: all; same user: view, read, search. Nobody else.
    private static let permissions: UInt32 = 0x3f0b_0000

    public init() {}

    private func description(for vaultID: [UInt8]) -> String {
        "vertrouwd:" + vaultID.map { String(format: "%02x", $0) }.joined()
    }

    public func store(_ key: SymmetricKey, vaultID: [UInt8], seconds: UInt32) throws {
        var bytes = key.exportBytes()
        defer { secureZero(&bytes) }
        let serial = vp_keyring_add(description(for: vaultID), bytes, bytes.count)
        guard serial >= 0 else { throw VaultError.keyringUnavailable(reason: String(cString: strerror(errno))) }
        guard vp_keyring_set_permissions(serial, Self.permissions) == 0,
            vp_keyring_set_timeout(serial, seconds) == 0
        else {
            _ = vp_keyring_invalidate(serial)
            throw VaultError.keyringUnavailable(reason: String(cString: strerror(errno)))
        }
    }

    /// The stored key, or nil when none is stored or it has expired.
    public func load(vaultID: [UInt8]) -> SymmetricKey? {
        let serial = vp_keyring_search(description(for: vaultID))
        guard serial >= 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: SymmetricKey.byteCount)
        defer { secureZero(&bytes) }
        guard vp_keyring_read(serial, &bytes, bytes.count) == SymmetricKey.byteCount else { return nil }
        return try? SymmetricKey(bytes: bytes)
    }

    /// Forgets the key; true when one was stored.
    @discardableResult
    public func forget(vaultID: [UInt8]) -> Bool {
        let serial = vp_keyring_search(description(for: vaultID))
        guard serial >= 0 else { return false }
        return vp_keyring_invalidate(serial) == 0
    }
}

extension Vault {
    /// Puts this vault's key in the session keyring for `seconds`.
    public func keepUnlocked(in keyring: SessionKeyring, seconds: UInt32) throws {
        try keyring.store(key, vaultID: header.vaultID, seconds: seconds)
    }
}
