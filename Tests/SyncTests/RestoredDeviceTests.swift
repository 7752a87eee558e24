import Foundation
import Replica
import Sync
import Testing
import Vault

/// Issue 11, item 6: a device restored from a backup catches up through sync, including the
/// work it did itself after the backup, and numbers its envelopes on after those (the first
/// version skipped its own envelopes as already applied, and reused their numbers).
@Suite struct RestoredDeviceTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    @Test func aRestoredDeviceGetsBackItsLaterWorkAndNumbersOnAfterIt() async throws {
        let laptop = try fixture.counsellor()
        let desktop = try await fixture.linkedDevice(of: laptop)
        try await fixture.sync(laptop)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("restore-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let backup = folder.appendingPathComponent("laptop.vpbackup")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try laptop.backup(to: backup)

        // After the backup the laptop works and syncs twice, then is lost.
        let later = try fixture.openCase(in: laptop, summary: "Na de back-up")
        try await fixture.sync(laptop)
        try laptop.write { $0.assign(.string("phone"), to: "channel", of: later) }
        try await fixture.sync(laptop)

        let home = folder.appendingPathComponent("restored")
        try Vault.restore(from: backup, into: home, passphrase: Array("een lange testzin".utf8))
        let restored = try LockedVault(at: home).unlock(passphrase: Array("een lange testzin".utf8))
        let caughtUp = try await fixture.sync(restored)
        #expect(caughtUp.rejected.isEmpty)
        #expect(try restored.records()[later]?.text("summary")?.versions.map(\.text) == ["Na de back-up"])
        #expect(try restored.records()[later]?.string("channel") == "phone")

        // New work of the restored device reaches the other one: not taken for a replay.
        let fresh = try fixture.openCase(in: restored, summary: "Na het herstel")
        try await fixture.sync(restored)
        let received = try await fixture.sync(desktop)
        #expect(received.rejected.isEmpty, "\(received.rejected)")
        #expect(try desktop.records()[fresh]?.text("summary")?.versions.map(\.text) == ["Na het herstel"])
        #expect(try desktop.records()[later]?.string("channel") == "phone")
    }
}
