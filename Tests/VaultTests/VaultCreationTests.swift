import Foundation
import Testing
@testable import Vault

/// Issue 15, fault 1: a `vp init` killed between its steps left a vault file without
/// settings, which no command could open and no new `vp init` could replace. The file now
/// appears only when it is whole.
@Suite struct VaultCreationTests {
    let passphrase = Array("lange zin voor de kluis".utf8)

    struct Interrupted: Error {}

    @Test func aCreationThatFailsHalfwayLeavesNoVault() throws {
        let folder = TemporaryFolder()
        let home = folder.url.appendingPathComponent("home")
        #expect(throws: Interrupted.self) {
            _ = try Vault.create(in: home, passphrase: passphrase, kdf: .interactive, setUp: { draft in
                try draft.setSealedSetting("counsellor_name", Array("Anna".utf8))
                throw Interrupted()  // as a kill after the tables and settings, before the identity
            })
        }
        #expect(!FileManager.default.fileExists(atPath: Vault.databasePath(in: home)))  // before: a vault without settings
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path).isEmpty)
        // And a new creation works.
        let vault = try Vault.create(in: home, passphrase: passphrase, kdf: .interactive)
        #expect(try vault.records().isEmpty)
    }

    @Test func aDraftLeftByAKilledCreationIsReplaced() throws {
        let folder = TemporaryFolder()
        let home = folder.url.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("half a database".utf8).write(to: URL(fileURLWithPath: Vault.databasePath(in: home) + ".draft"))
        let vault = try Vault.create(in: home, passphrase: passphrase, kdf: .interactive, setUp: { draft in
            try draft.setSealedSetting("counsellor_name", Array("Anna".utf8))
        })
        #expect(try vault.sealedSetting("counsellor_name") == Array("Anna".utf8))  // what setUp wrote is in the vault
        #expect(!FileManager.default.fileExists(atPath: Vault.databasePath(in: home) + ".draft"))
        let reopened = try LockedVault(at: home).unlock(passphrase: passphrase)
        #expect(try reopened.sealedSetting("counsellor_name") == Array("Anna".utf8))
    }
}
