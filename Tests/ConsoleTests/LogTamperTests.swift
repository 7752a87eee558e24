import Foundation
import GRDB
import Testing
@testable import Console

/// Issue 13, item 1: batches deleted, duplicated, reordered or flipped to `remote`, and a
/// record's older sealed value put back, opened cleanly (entries vanished from `case
/// history`, exit 0). The log is now a chain under a sealed head and the records carry
/// versions under a sealed commitment: each of these ends in exit 76 with one sentence.
@Suite struct LogTamperTests {
    /// A vault with five batches: an organisation, a case, three edits of it.
    func home() async -> TestHome {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme", "--summary", "Begin").status == 0)
        for text in ["Tweede", "Derde", "Vierde"] { #expect(await home.run("case", "set", "2026-001", "summary", text).status == 0) }
        return home
    }

    func tamper(_ home: TestHome, _ sql: String...) throws {
        let database = try DatabaseQueue(path: home.folder.appendingPathComponent("vault.sqlite").path)
        try database.write { db in for statement in sql { try db.execute(sql: statement) } }
        try database.close()
    }

    func expectDamaged(_ home: TestHome, _ words: [String] = ["case", "history", "2026-001"], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try VPProcess.run(words, environment: home.environment)
        #expect(result.status == ExitStatus.damaged.rawValue, "\(words): \(result.status) \(result.output)", sourceLocation: sourceLocation)
        #expect(result.errors.contains("operation log") && result.errors.split(separator: "\n").count == 1, "\(result.errors)", sourceLocation: sourceLocation)
    }

    @Test func untouchedTheHistoryReads() async throws {
        let home = await home()
        #expect(try VPProcess.run(["case", "history", "2026-001"], environment: home.environment).status == 0)
    }

    @Test func deletingTheLastBatchesIsSeenAtOpen() async throws {
        let home = await home()
        try tamper(home, "DELETE FROM batch WHERE id = (SELECT MAX(id) FROM batch)")
        try expectDamaged(home, ["org", "list"])  // any command: the head names a batch that is gone
    }

    @Test func deletingABatchInTheMiddleIsSeen() async throws {
        let home = await home()
        try tamper(home, "DELETE FROM batch WHERE id = 3")
        try expectDamaged(home)
    }

    @Test func duplicatingABatchIsSeen() async throws {
        let home = await home()
        try tamper(home, "INSERT INTO batch(id, sealed, remote, link) SELECT 100, sealed, remote, link FROM batch WHERE id = 4")
        try expectDamaged(home, ["org", "list"])
        let again = await self.home()
        try tamper(again, "INSERT INTO batch(id, sealed, remote, link) SELECT 100, sealed, remote, link FROM batch WHERE id = 5",
                   "UPDATE batch SET id = 6 WHERE id = 100")  // the duplicate at the end, with the head's link
        try expectDamaged(again)
    }

    @Test func reorderingBatchesIsSeen() async throws {
        let home = await home()
        try tamper(home, "UPDATE batch SET id = -3 WHERE id = 3", "UPDATE batch SET id = 3 WHERE id = 4", "UPDATE batch SET id = 4 WHERE id = -3")
        try expectDamaged(home)
        // Moving the content and the links along with it does not help either.
        let again = await self.home()
        try tamper(again, "UPDATE batch SET sealed = (SELECT sealed FROM batch WHERE id = 4), link = (SELECT link FROM batch WHERE id = 4) WHERE id = 3")
        try expectDamaged(again)
    }

    /// A record's older sealed value put back (the summary "Tweede" instead of "Vierde"): its
    /// version no longer matches the commitment, so every command refuses the vault.
    @Test func rollingBackARecordIsSeen() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme", "--summary", "Begin").status == 0)
        #expect(await home.run("case", "set", "2026-001", "summary", "Tweede").status == 0)
        try tamper(home, "CREATE TABLE saved AS SELECT record_key, sealed, version FROM record")
        #expect(await home.run("case", "set", "2026-001", "summary", "Vierde").status == 0)
        try tamper(home, "UPDATE record SET sealed = (SELECT sealed FROM saved WHERE saved.record_key = record.record_key), "
                         + "version = (SELECT version FROM saved WHERE saved.record_key = record.record_key) WHERE record_key IN (SELECT record_key FROM saved)",
                   "DROP TABLE saved")
        let result = try VPProcess.run(["case", "show", "2026-001"], environment: home.environment)
        #expect(result.status == ExitStatus.damaged.rawValue && result.errors.contains("record store"), "\(result.status) \(result.output) \(result.errors)")
        #expect(!result.output.contains("Tweede"))
    }

    /// The old sealed value under the current version does not open at all.
    @Test func anOlderSealedRecordUnderANewVersionDoesNotOpen() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme", "--summary", "Begin").status == 0)
        try tamper(home, "CREATE TABLE saved AS SELECT record_key, sealed FROM record")
        #expect(await home.run("case", "set", "2026-001", "summary", "Tweede").status == 0)
        try tamper(home, "UPDATE record SET sealed = (SELECT sealed FROM saved WHERE saved.record_key = record.record_key) WHERE record_key IN (SELECT record_key FROM saved)",
                   "DROP TABLE saved")
        let result = try VPProcess.run(["case", "show", "2026-001"], environment: home.environment)
        #expect(result.status == ExitStatus.damaged.rawValue && result.errors.contains("record store"), "\(result.status) \(result.errors)")
    }

    @Test func flippingTheRemoteFlagIsSeen() async throws {
        let home = await home()
        try tamper(home, "UPDATE batch SET remote = 1 WHERE id = 4")
        try expectDamaged(home)
    }
}
