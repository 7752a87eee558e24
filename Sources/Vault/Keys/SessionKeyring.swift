import CKeyring
import Cryptography
import Foundation
import Identifiers
import Signatures

/// Holds an unlock session's secret in the Linux kernel's user keyring with a timeout. The
/// secret is not the vault key: it opens only the copy of the key that the vault keeps
/// sealed for the session (`Vault.startSession`), which ends with the session. The key's
/// description does not name the vault, and only its possessors (processes of the user's
/// session) may read it.
public struct SessionKeyring: Sendable {
    /// Possessor: view, read, write, search, link, set attributes. Nobody else, not even the
    /// same user from outside the session.
    private static let permissions: UInt32 = 0x3f00_0000
    public static let secretLength = 32

    public init() {}

    /// `vertrouwd:` ‖ 16 hex digits derived from the vault id (not the id itself).
    func description(for vaultID: [UInt8]) -> String {
        "vertrouwd:" + Hex.encode(Array(Digest.labelled("vertrouwd:session-name:v1", vaultID).prefix(8)))
    }

    func store(_ secret: [UInt8], vaultID: [UInt8], seconds: UInt32) throws {
        forget(vaultID: vaultID)
        let serial = vp_keyring_add(description(for: vaultID), secret, secret.count)
        guard serial >= 0 else { throw VaultError.keyringUnavailable(reason: String(cString: strerror(errno))) }
        guard vp_keyring_set_timeout(serial, seconds) == 0, vp_keyring_set_permissions(serial, Self.permissions) == 0 else {
            _ = vp_keyring_invalidate(serial)
            throw VaultError.keyringUnavailable(reason: String(cString: strerror(errno)))
        }
    }

    /// The session secret, or nil when none is stored or it has expired.
    func load(vaultID: [UInt8]) -> [UInt8]? {
        let serial = vp_keyring_search(description(for: vaultID))
        guard serial >= 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Self.secretLength)
        guard vp_keyring_read(serial, &bytes, bytes.count) == Self.secretLength else {
            secureZero(&bytes)
            return nil
        }
        return bytes
    }

    /// Forgets the secret; true when one was stored.
    @discardableResult
    func forget(vaultID: [UInt8]) -> Bool {
        let serial = vp_keyring_search(description(for: vaultID))
        guard serial >= 0 else { return false }
        return vp_keyring_invalidate(serial) == 0
    }
}
