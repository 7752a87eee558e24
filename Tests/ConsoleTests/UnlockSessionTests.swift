import Foundation
import GRDB
import Testing
@testable import Console
import Cryptography
import Identifiers
@testable import Vault

/// Issue 13, item 4: another process of the same user that reads the kernel keyring during
/// an unlock session gets a secret that is not the vault key, and that opens nothing of the
/// vault once the session has ended, by `vp lock` or by its time running out.
@Suite(.serialized) struct UnlockSessionTests {
    func storedSession(_ home: TestHome) throws -> Data? {
        try DatabaseQueue(path: Vault.databasePath(in: home.folder)).read {
            try Data.fetchOne($0, sql: "SELECT value FROM setting WHERE name = 'unlock_session'")
        }
    }

    @Test func aSecretReadFromTheKeyringOpensNothingAfterTheSessionEnds() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        var withoutPassphrase = home.environment
        withoutPassphrase["VP_PASSPHRASE"] = nil
        #expect(try VPProcess.run(["unlock", "--for", "2m"], environment: home.environment).status == 0)
        let vault = try home.openVault()
        let keyring = SessionKeyring()
        let stolen = try #require(keyring.load(vaultID: vault.header.vaultID))
        #expect(stolen != vault.key.exportBytes())
        // The keyring's list names no vault.
        let listed = (try? String(contentsOfFile: "/proc/keys", encoding: .utf8)) ?? ""
        #expect(!listed.contains(Hex.encode(vault.header.vaultID)))
        #expect(try VPProcess.run(["org", "list"], environment: withoutPassphrase).output.contains("Acme"))

        #expect(try VPProcess.run(["lock"], environment: withoutPassphrase).status == 0)
        #expect(try storedSession(home) == nil)
        #expect(keyring.load(vaultID: vault.header.vaultID) == nil)
        let locked = try LockedVault(at: home.folder)
        #expect(throws: VaultError.wrongPassphrase) { _ = try locked.open(key: SymmetricKey(bytes: stolen)) }
        #expect(try VPProcess.run(["org", "list"], environment: withoutPassphrase).status == Console.ExitStatus.locked.rawValue)
    }

    @Test func aSessionWhoseTimeIsUpEndsAtTheNextCommand() async throws {
        let home = TestHome()
        var withoutPassphrase = home.environment
        withoutPassphrase["VP_PASSPHRASE"] = nil
        #expect(try VPProcess.run(["unlock", "--for", "1s"], environment: home.environment).status == 0)
        #expect(try storedSession(home) != nil)
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(try VPProcess.run(["org", "list"], environment: withoutPassphrase).status == Console.ExitStatus.locked.rawValue)
        #expect(try storedSession(home) == nil)
    }
}
