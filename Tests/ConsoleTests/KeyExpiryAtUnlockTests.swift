import Cryptography
import Foundation
import Signatures
import Sync
import Testing
import Vault

/// Private halves of published keys die a week after their `not after` at every unlock, not
/// only at a sync: a device used but not synced for weeks must not keep them (a relay copy of
/// a drop sealed to one would open, Protocol/sync.md "Key pools").
@Suite struct KeyExpiryAtUnlockTests {
    @Test func anyCommandForgetsExpiredKeyHalves() async throws {
        let home = TestHome()
        let day: UInt64 = 86_400_000
        let vault = try LockedVault(at: home.folder).unlock(passphrase: Array(TestHome.passphrase.utf8))
        let caseload = try Caseload.home(of: vault).id
        let colleague = SigningKeyPair.generate().publicKey.bytes
        try vault.syncTransaction { ledger in
            _ = try ledger.addOwnBoxKey(caseload, kind: .oneTime, sender: colleague, notAfter: home.now - 8 * day, pair: try BoxKeyPair.generate())
            _ = try ledger.addOwnBoxKey(caseload, kind: .oneTime, sender: colleague, notAfter: home.now - 6 * day, pair: try BoxKeyPair.generate())
            try ledger.addPeerKey(caseload, PeerBoxKey(publisher: colleague, kind: .oneTime, number: 1, publicKey: try BoxKeyPair.generate().publicKey,
                                                       notAfter: home.now - 1))
        }
        #expect(await home.run("org", "list").status == 0)
        let own = try vault.syncRead { try $0.ownBoxKeys(caseload) }
        #expect(own.map(\.notAfter) == [home.now - 6 * day])  // within its week of grace: kept
        #expect(try vault.syncRead { try $0.peerKeys(caseload) }.isEmpty)
    }
}
