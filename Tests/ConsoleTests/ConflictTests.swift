import Foundation
import Replica
import Testing
import Vault
@testable import Console
import Identifiers

/// Text conflicts arise when another device edits the same field; here that device's
/// operation is applied directly, as sync will do.
@Suite struct ConflictTests {
    @Test func concurrentSummariesAreBothKeptUntilResolved() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        await home.run("case", "open", "--org", "Acme", "--summary", "basis")
        let vault = try home.openVault()
        let (caseID, base) = try #require(try vault.records().compactMap { id, state in
            state.text("summary").map { (id, $0.versions[0].id) }
        }.first)
        await home.run("case", "set", "2026-001", "summary", "versie laptop")
        let elsewhere = OperationID(timestamp: HybridTimestamp(milliseconds: 1_773_489_600_500, counter: 0), device: DeviceID(rawValue: 99))
        try vault.apply([FieldOperation(id: elsewhere, record: caseID, field: "summary", change: .write("versie desktop", supersedes: [base]))])

        let shown = try #require(try await home.json("case", "show", "2026-001") as? [String: Any])
        let conflicts = try #require(shown["conflicts"] as? [[String: Any]])
        #expect(conflicts.count == 1 && conflicts[0]["field"] as? String == "summary")
        let versions = try #require(conflicts[0]["versions"] as? [String])
        #expect(Set(versions) == ["versie laptop", "versie desktop"])
        #expect(await home.run("case", "list").output.contains("2026-001 !"))

        #expect(await home.run("case", "resolve", "2026-001", "outcome", "--keep", "1").status == Console.ExitStatus.invalidInput.rawValue)
        #expect(await home.run("case", "resolve", "2026-001", "summary", "--keep", "3").status == Console.ExitStatus.invalidInput.rawValue)
        #expect(await home.run("case", "resolve", "2026-001", "summary").status == Console.ExitStatus.usage.rawValue)
        let keep = versions.firstIndex(of: "versie desktop")! + 1
        #expect(await home.run("case", "resolve", "2026-001", "summary", "--keep", String(keep)).status == 0)
        let resolved = try #require(try await home.json("case", "show", "2026-001") as? [String: Any])
        #expect(resolved["summary"] as? String == "versie desktop")
        #expect((resolved["conflicts"] as? [Any])?.isEmpty == true)
    }

    @Test func fieldsAndChangesFromANewerVersionAreKept() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        await home.run("case", "open", "--org", "Acme")
        let vault = try home.openVault()
        let caseID = try #require(try vault.records().first { $0.value.string("ref") == "2026-001" }?.key)
        let future = OperationID(timestamp: HybridTimestamp(milliseconds: 1_773_489_601_000, counter: 0), device: DeviceID(rawValue: 7))
        let later = OperationID(timestamp: future.timestamp, device: DeviceID(rawValue: 8))
        try vault.apply([
            FieldOperation(id: future, record: caseID, field: "risk_level", change: .assign(.string("high"))),
            FieldOperation(id: later, record: caseID, field: "attachments", change: .unknown(kind: 77, payload: [1, 2])),
        ])
        #expect(await home.run("case", "set", "2026-001", "channel", "phone").status == 0)
        #expect(await home.run("case", "show", "2026-001").status == 0)
        let reopened = try home.openVault()
        #expect(try reopened.records()[caseID]?.string("risk_level") == "high")
        #expect(try reopened.operations().contains { $0.change == .unknown(kind: 77, payload: [1, 2]) })
        #expect(try reopened.materialiseFromLog() == reopened.records())
    }
}
