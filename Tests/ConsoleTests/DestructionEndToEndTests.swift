import Foundation
import GRDB
import Testing
@testable import Console
import Casework
import InProcessRelay
import Replica
import Sync
import Vault
import WireFormat

/// Issue 11, item 3 across devices: Anna (laptop and desktop, admin) and Bram (member) share a
/// caseload through a real relay process. A case with a marker in every text is reported,
/// finalised and destroyed; after each device syncs, no vault holds anything of it, every
/// device has confirmed, and the finalised report has not changed by a byte. The case has a
/// key of its own: a copy of the relay's data taken before the destruction, with every key
/// the three devices hold afterwards, opens nothing of it. A member can neither order a
/// destruction nor stop one.
@Suite(.serialized) struct DestructionEndToEndTests: ProcessCommands {
    let laptop = TestHome(createVault: false)
    let desktop = TestHome(createVault: false)
    let bram = TestHome(createVault: false)
    static let markers = ["MARK-SUMMARY", "MARK-PRIVATE", "MARK-CONTACT", "MARK-BRAM", "MARK-OUTCOME"]

    func syncJSON(_ home: TestHome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(try ok(home, "sync", "--json").utf8)) as? [String: Any])
    }

    /// The id of case `ref` in `home`'s vault, and the id of the shared caseload.
    func ids(_ ref: String, in home: TestHome) throws -> (RecordID, Caseload, Vault) {
        let vault = try home.openVault()
        let id = try #require(try vault.records().first { $0.value.string("ref") == ref && $0.value.string("kind") == "case" }?.key)
        let caseload = try #require(try Caseload.all(in: vault).first { !$0.isHome })
        return (id, caseload, vault)
    }

    /// Whether anything of case `id` or a marker is left in `home`'s records or log.
    func holdsAnything(of id: RecordID, _ home: TestHome) throws -> Bool {
        let vault = try home.openVault()
        let records = try vault.records()
        let contacts = Set(records.filter { $0.value.string("case") == id.description && $0.value.string("kind") == "contact" }.keys)
        let operations = try vault.operations()
        return records[id] != nil || !contacts.isEmpty
            || operations.contains { $0.record == id || contacts.contains($0.record) }
            || operations.contains { operation in Self.markers.contains { String(describing: operation).contains($0) } }
    }

    /// On either store the relay can run on: SQLite, or PostgreSQL.
    @Test(arguments: [false, true])
    func aReportedCaseIsDestroyedOnEveryDeviceWithReceiptsAndAMemberCannotOrderOrStopIt(postgres: Bool) throws {
        let (relay, relayData) = try RelayData.start(postgres: postgres)
        let url = relay.url.absoluteString
        try ok(laptop, "init", "--kdf", "interactive", "--name", "Anna")
        try ok(bram, "init", "--kdf", "interactive", "--name", "Bram")
        try ok(laptop, "caseload", "create", "Team Noord")
        try ok(laptop, "org", "add", "Acme", "--caseload", "Team Noord")
        try ok(laptop, "sync", "--relay", url)
        try ok(bram, "sync", "--relay", url)
        try CodeExchange.run(host: laptop, ["caseload", "invite", "Team Noord", "--role", "member"], guest: bram) { ["caseload", "join", $0] }
        try CodeExchange.run(host: laptop, ["device", "link"], guest: desktop) { ["init", "--kdf", "interactive", "--join", $0, "--relay", url] }

        try ok(laptop, "case", "open", "--org", "Acme", "--caseload", "Team Noord", "--date", "2025-02-03", "--summary", "MARK-SUMMARY",
               "--channel", "phone", "--category", "bullying")
        try ok(laptop, "case", "set", "2025-001", "private_note", "MARK-PRIVATE")
        try ok(laptop, "contact", "add", "2025-001", "--date", "2025-02-04", "--minutes", "30", "--channel", "phone", "--summary", "MARK-CONTACT")
        try ok(laptop, "case", "open", "--org", "Acme", "--caseload", "Team Noord", "--date", "2025-02-05", "--summary", "Blijft")
        try ok(laptop, "sync")
        try ok(bram, "sync")
        try ok(bram, "contact", "add", "2025-001", "--date", "2025-02-10", "--minutes", "20", "--channel", "phone", "--summary", "MARK-BRAM")
        try ok(bram, "sync")
        try ok(laptop, "sync")
        try ok(laptop, "case", "close", "2025-001", "--date", "2025-03-01", "--outcome", "MARK-OUTCOME")
        try ok(laptop, "report", "finalize", "--org", "Acme", "--year", "2025")
        try ok(laptop, "sync")
        for home in [desktop, bram] { try ok(home, "sync") }
        let reports = try [laptop, bram].map { try ok($0, "report", "--org", "Acme", "--year", "2025", "--format", "json") }
        let (caseID, caseload, _) = try ids("2025-001", in: laptop)
        for home in [laptop, desktop, bram] { #expect(try holdsAnything(of: caseID, home)) }
        #expect(try ok(desktop, "case", "show", "2025-001").contains("MARK-PRIVATE"))

        // A member may not order it...
        let refused = try vp(bram, ["case", "destroy", "2025-001"])
        #expect(refused.status == 79, "\(refused.errors)")
        // ...nor forge an order past the command: the others refuse it, and the case stays.
        let (otherID, _, bramVault) = try ids("2025-002", in: bram)
        let other = try #require(Casebook(records: try bramVault.records()).cases.first { $0.id == otherID })
        try bramVault.write { session in session.orderDestruction(of: other, on: try LocalDate.parse("2026-11-26")) }
        // Nor keep a conversation out of the erasure by pointing it at another case first.
        let bramsContact = try #require(try bramVault.records().first { $0.value.string("case") == caseID.description && $0.value.text("summary")?.versions.first?.text == "MARK-BRAM" }?.key)
        try bramVault.write { $0.assign(.string(otherID.description), to: "case", of: bramsContact) }
        try ok(bram, "sync")
        let forged = try syncJSON(laptop)
        #expect((forged["rejected"] as? [String: Any])?["not_admin"] as? Int == 1, "\(forged)")
        try ok(laptop, "case", "show", "2025-002")

        // What a hostile relay keeps: all its data, before the destruction. With the keys the
        // devices hold now, it opens the case (so the check at the end can fail).
        let copy = StolenRelayCopy(try relayData.envelopes().map { try Envelope(bytes: $0) })
        let keysLeft = { try StolenRelayCopy.Keys(of: [laptop, desktop, bram].map { try $0.openVault() }) }
        #expect(copy.opens(case: caseID.bytes, markers: Self.markers, with: try keysLeft()))
        // Its content envelopes: in the shared caseload and, with its private note, Anna's own.
        let content = copy.contentEnvelopes(of: caseID.bytes, with: try keysLeft())
        #expect(Set(content.map(\.caseload)).count == 2, "\(content.count)")

        // The admin orders it; the member syncs, then tries to spoil the order and to confirm for another device.
        let destroyed = try ok(laptop, "case", "destroy", "2025-001", "--lang", "en")
        #expect(destroyed.contains("Case 2025-001 destroyed on this device"), "\(destroyed)")
        #expect(!(try holdsAnything(of: caseID, laptop)))
        try ok(laptop, "sync")
        #expect(try syncJSON(bram)["destroyed_cases"] as? [String] == ["2025-001"])
        let order = try #require(Casebook(records: try bram.openVault().records()).destroyedCases.first { $0.caseID == caseID })
        try bram.openVault().write { $0.assign(.string("2025-999"), to: DestroyedCase.Field.ref, of: order.id) }
        try ok(bram, "sync")
        let desktopDevice = try desktop.openVault().device
        try bram.openVault().write { $0.assign(.string("1999-01-01T00:00:00Z"), to: DestroyedCase.Field.confirmed(by: desktopDevice), of: order.id) }
        try ok(bram, "sync")
        // The desktop gets the order and the spoiling envelopes in one sync: those are refused.
        let desktopSync = try syncJSON(desktop)
        #expect(desktopSync["destroyed_cases"] as? [String] == ["2025-001"], "\(desktopSync)")
        let rejected = desktopSync["rejected"] as? [String: Any]
        #expect(rejected?["not_admin"] as? Int == 2 && rejected?["not_owner"] as? Int == 1, "\(desktopSync)")
        for _ in 0..<2 { for home in [laptop, desktop, bram] { try ok(home, "sync") } }

        for home in [laptop, desktop, bram] { #expect(!(try holdsAnything(of: caseID, home))) }
        #expect(!copy.opens(case: caseID.bytes, markers: Self.markers, with: try keysLeft()))
        // The relay cut each of them to its stub (the destroy entries Anna's laptop appended).
        let served = try content.map { try #require(try relayData.stored(id: $0.id)) }
        #expect(served.allSatisfy { $0.first == 0xFF } && served.count == content.count)
        // No file of a vault, nor the relay's store or log, holds a marker in the clear.
        for path in [laptop, desktop, bram].map({ Vault.databasePath(in: $0.folder) }).flatMap({ [$0, $0 + "-wal"] }) {
            let bytes = FileManager.default.contents(atPath: path) ?? Data()
            #expect(!Self.markers.contains { bytes.range(of: Data($0.utf8)) != nil }, "\(path)")
        }
        #expect(!(try relayData.holdsAny(of: Self.markers)))
        #expect(!relay.log.isEmpty && !Self.markers.contains { relay.log.contains($0) })
        for home in [laptop, desktop] { #expect(try ok(home, "case", "show", "2025-002").contains("Blijft")) }
        // Nothing exports it any more, and a backup made now, restored, holds nothing of it.
        #expect(try vp(bram, ["case", "export", "2025-001", "--format", "json"]).status == ExitStatus.notFound.rawValue)
        let backup = laptop.folder.appendingPathComponent("na-vernietiging.vpbackup").path
        try ok(laptop, "backup", backup)
        let restored = TestHome(createVault: false)
        try ok(restored, "restore", backup)
        #expect(!(try holdsAnything(of: caseID, restored)))
        #expect(try ok(restored, "case", "show", "2025-002").contains("Blijft"))
        #expect(try [laptop, bram].map { try ok($0, "report", "--org", "Acme", "--year", "2025", "--format", "json") } == reports)
        let status = try #require(try JSONSerialization.jsonObject(with: Data(try ok(laptop, "retention", "status", "--json").utf8)) as? [[String: Any]])
        let devices = try #require(status.first { $0["ref"] as? String == "2025-001" }?["devices"] as? [[String: Any]])
        #expect(devices.count == 3 && devices.allSatisfy { $0["confirmed"] is String && $0["confirmed"] as? String != "1999-01-01T00:00:00Z" }, "\(devices)")
        #expect(status.first { $0["ref"] as? String == "2025-001" }?["ref"] as? String == "2025-001")
        #expect(Set(devices.compactMap { $0["counsellor"] as? String }) == ["Anna", "Bram"], "\(devices)")
        #expect(status.first { $0["ref"] as? String == "2025-001" }?["by"] as? String == "Anna")
    }
}
