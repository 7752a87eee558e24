import Foundation
import Replica
import Testing
import Vault
@testable import Console

/// Issue 13: `vp passwd --rekey` killed (kill -9) at a random moment leaves a vault that
/// exactly one of the old and the new passphrase opens, holding every record.
@Suite struct RekeyKillTests {
    static let attempts = 50
    static let newPassphrase = "een andere lange zin voor de kluis"

    @Test func aKilledRekeyLeavesAVaultExactlyOnePassphraseOpens() throws {
        // One vault with enough records that sealing them anew takes a while, copied for
        // every attempt.
        let pristine = TestHome()
        let vault = try pristine.openVault()
        try vault.write { session in
            for index in 0..<2_000 {
                let id = session.newRecordID()
                session.assign(.string("organisation"), to: "kind", of: id)
                session.assign(.string("Organisatie \(index) " + String(repeating: "x", count: 200)), to: "name", of: id)
            }
        }
        let count = try vault.records().count
        var old = 0, new = 0
        for attempt in 0..<Self.attempts {
            let home = TestHome(createVault: false)
            try? FileManager.default.removeItem(at: home.folder)
            try FileManager.default.copyItem(at: pristine.folder, to: home.folder)
            var environment = home.environment
            environment["VP_NEW_PASSPHRASE"] = Self.newPassphrase
            let (process, _, _) = try VPProcess.start(["passwd", "--rekey"], environment: environment)
            usleep(InitKillTests.moment(attempt, below: 900_000))  // 0 to 0.9 s: unlock, wrap, reseal, commit
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let replay = "attempt \(attempt); replay with VP_KILL_SEED=\(InitKillTests.seed)"
            let byOld = try? LockedVault(at: home.folder).unlock(passphrase: Array(TestHome.passphrase.utf8))
            let byNew = try? LockedVault(at: home.folder).unlock(passphrase: Array(Self.newPassphrase.utf8))
            #expect((byOld == nil) != (byNew == nil), "\(replay): old opens \(byOld != nil), new opens \(byNew != nil)")
            let opened = try #require(byOld ?? byNew, "\(replay)")
            #expect(try opened.records().count == count, "\(replay)")
            if byOld != nil { old += 1 } else { new += 1 }
        }
        // Both outcomes happen: the kills land before and after the commit.
        #expect(old > 0 && new > 0, "old \(old), new \(new)")
    }
}
