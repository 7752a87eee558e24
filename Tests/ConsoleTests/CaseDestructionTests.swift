import Foundation
import GRDB
import Testing
@testable import Console
import Replica
import Vault

/// Issue 11, item 3 (on this device): `vp case destroy`, `vp retention list/run/status`.
/// A destroyed case leaves nothing in the vault but its order (reference, day, who): not in
/// the records, the index, the log, nor in any freed page of the file or its WAL.
@Suite struct CaseDestructionTests {
    static let markers = ["MARK-SUMMARY", "MARK-OUTCOME", "MARK-PRIVATE", "MARK-CONTACT"]

    /// Acme with case 2026-001 holding a marker in every text, closed; 2026-002 stays open.
    func prepared(_ home: TestHome = TestHome()) async throws -> TestHome {
        for words in [
            ["org", "add", "Acme"],
            ["case", "open", "--org", "Acme", "--date", "2026-01-05", "--summary", "MARK-SUMMARY", "--channel", "phone", "--category", "bullying"],
            ["case", "set", "2026-001", "private_note", "MARK-PRIVATE"],
            ["case", "set", "2026-001", "other_party", "manager"],
            ["case", "set", "2026-001", "destroy_after", "2026-06-30"],
            ["contact", "add", "2026-001", "--date", "2026-01-06", "--minutes", "40", "--channel", "phone", "--summary", "MARK-CONTACT"],
            ["case", "close", "2026-001", "--date", "2026-02-01", "--outcome", "MARK-OUTCOME"],
            ["case", "open", "--org", "Acme", "--date", "2026-01-07", "--summary", "Blijft"],
        ] {
            let result = await home.run(words)
            #expect(result.status == 0, "\(words): \(result.errors)")
        }
        return home
    }

    /// Every sealed blob stored for the records of case 2026-001 and its conversation.
    func sealedBlobs(of home: TestHome) throws -> [[UInt8]] {
        let vault = try home.openVault()
        let records = try vault.records()
        let caseID = try #require(records.first { $0.value.string("ref") == "2026-001" }?.key)
        let ids = Set(records.filter { $0.key == caseID || $0.value.string("case") == caseID.description }.keys)
        #expect(ids.count == 2)
        let queue = try DatabaseQueue(path: Vault.databasePath(in: home.folder))
        return try queue.read { db in
            try ids.map { id in [UInt8](try #require(try Data.fetchOne(db, sql: "SELECT sealed FROM record WHERE record_key = ?", arguments: [Data(id.bytes)]))) }
        }
    }

    /// Whether any 32-byte slice of `blob` is anywhere in the vault's files.
    func fileHolds(_ blob: [UInt8], in home: TestHome) throws -> Bool {
        let files = ["", "-wal"].map { Vault.databasePath(in: home.folder) + $0 }
        let contents = try files.filter { FileManager.default.fileExists(atPath: $0) }.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        return stride(from: 0, to: blob.count - 32, by: 32).contains { start in
            let slice = Data(blob[start..<start + 32])
            return contents.contains { $0.range(of: slice) != nil }
        }
    }

    @Test func onlyAClosedCaseInAFinalisedReportIsDestroyedUnlessForcedWithAConfirmation() async throws {
        let home = try await prepared()
        let open = await home.run("case", "destroy", "2026-002")
        #expect(open.status == 65 && open.errors.contains("is still open"), "\(open.errors)")
        let unreported = await home.run("case", "destroy", "2026-001")
        #expect(unreported.status == 65 && unreported.errors.contains("vp report finalize --org \"Acme\" --year 2026"), "\(unreported.errors)")
        let unconfirmed = await home.run("case", "destroy", "2026-002", "--force")
        #expect(unconfirmed.status == 64 && unconfirmed.errors.contains("--confirm 2026-002"), "\(unconfirmed.errors)")
        let mistyped = await home.run("case", "destroy", "2026-002", "--force", "--confirm", "2026-001")
        #expect(mistyped.status == 65, "\(mistyped.errors)")
        #expect(await home.run("case", "show", "2026-002").status == 0)
        let forced = await home.run("case", "destroy", "2026-002", "--force", "--confirm", "2026-002")
        #expect(forced.status == 0, "\(forced.errors)")
        #expect(await home.run("case", "show", "2026-002").status == 66)
    }

    @Test func destroyingLeavesNothingOfTheCaseInTheVaultAndKeepsTheFinalisedReport() async throws {
        // Another program holds the vault open all along (a prompt, a watching sync): the WAL
        // is never removed on closing, so its old frames hold every page written, until the
        // checkpoint after the erasure empties it.
        let home = TestHome()
        let other = try DatabaseQueue(path: Vault.databasePath(in: home.folder))
        _ = try await other.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM batch") }
        _ = try await prepared(home)
        #expect(await home.run("report", "finalize", "--org", "Acme", "--year", "2026").status == 0)
        let report = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "json").output
        let blobs = try sealedBlobs(of: home)
        #expect(try blobs.allSatisfy { try fileHolds($0, in: home) })
        let caseID = try #require(try home.openVault().records().first { $0.value.string("ref") == "2026-001" }?.key)

        let destroyed = await home.run("case", "destroy", "2026-001", "--json")
        #expect(destroyed.status == 0, "\(destroyed.errors)")
        #expect(destroyed.output.contains("\"records\": 2"))

        let vault = try home.openVault()
        let records = try vault.records()
        #expect(records[caseID] == nil)
        #expect(!records.values.contains { $0.string("case") == caseID.description && $0.string("kind") == "contact" })
        #expect(!(try vault.operations()).contains { $0.record == caseID || records[$0.record] == nil })
        // Not even a freed page or an old WAL frame keeps a piece of what was stored.
        #expect(try blobs.allSatisfy { try !fileHolds($0, in: home) })
        try other.close()
        for marker in Self.markers {
            #expect(!(try vault.operations()).contains { String(describing: $0).contains(marker) })
        }
        #expect(await home.run("report", "--org", "Acme", "--year", "2026", "--format", "json").output == report)
        let shown = await home.run("case", "show", "2026-001")
        #expect(shown.status == 66 && shown.errors.contains("was destroyed on 2026-03-14"), "\(shown.errors)")
        #expect(await home.run("case", "history", "2026-001").status == 66)
        #expect(await home.run("case", "export", "2026-001", "--format", "json", "-o", home.folder.appendingPathComponent("x.json").path).status == 66)
        let status = await home.run("retention", "status", "--lang", "en")
        #expect(status.output.contains("2026-001") && status.output.contains("2026-03-14T12:00:00Z"), "\(status.output)")
    }

    @Test func referencesOfDestroyedCasesAreNeverGivenOutAgainEvenAfterTheIndexIsRebuilt() async throws {
        let home = try await prepared()
        #expect(await home.run("case", "destroy", "2026-002", "--force", "--confirm", "2026-002").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme", "--date", "2026-03-01").output == "2026-003\n")
        // An index rebuilt from the records (a new index version, or a rekey) knows it too.
        let queue = try DatabaseQueue(path: Vault.databasePath(in: home.folder))
        try await queue.write { try $0.execute(sql: "DELETE FROM setting WHERE name = 'index_version'") }
        #expect(await home.run("case", "open", "--org", "Acme", "--date", "2026-03-02").output == "2026-004\n")
    }

    @Test func retentionListsAndDestroysTheCasesDueAndNamesTheBackupsToRenew() async throws {
        let home = try await prepared()
        let backup = home.folder.appendingPathComponent("voor.vpbackup").path
        #expect(await home.run("report", "finalize", "--org", "Acme", "--year", "2026").status == 0)
        #expect(await home.run("backup", backup).status == 0)
        #expect(await home.run("retention", "list").output.contains("Geen zaken"))
        home.now += 120 * 86_400_000  // past 2026-06-30
        let due = try #require(try await home.json("retention", "list") as? [[String: Any]])
        #expect(due.map { $0["ref"] as? String } == ["2026-001"])
        // Colleagues can write what decides "due": outside a terminal it needs --yes.
        #expect(await home.run("retention", "run").status == 64)
        let run = await home.run("retention", "run", "--yes", "--lang", "en")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Case 2026-001 destroyed") && run.output.contains(backup), "\(run.output)")
        #expect(await home.run("retention", "list").output.contains("Geen zaken"))
        #expect(await home.run("case", "show", "2026-002").status == 0)
        // A backup made afterwards does not hold it, and is not named.
        let after = home.folder.appendingPathComponent("na.vpbackup").path
        home.now += 1000
        #expect(await home.run("backup", after).status == 0)
        #expect(try home.openVault().backupsToRenew().map(\.path) == [URL(fileURLWithPath: backup).standardizedFileURL.path])
    }
}
