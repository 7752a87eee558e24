import Cryptography
import Foundation
import Identifiers
import Replica
import Signatures
import Sync
import Testing
import Vault
import WireFormat

/// A case with a key of its own travels under that key (key scope 1): its record and its
/// conversations in envelopes of their own, its private note in the home caseload; nothing
/// of it under an epoch key, which every member keeps (Protocol/sync.md, check 9b).
@Suite struct CaseContentWritingTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    let marker = "MARKER-\(UUID().uuidString.prefix(8))"

    /// Whether any envelope opened with the caseload's epoch keys alone shows `text`.
    func epochKeysShow(_ text: String, in envelopes: [Envelope], keys: [UInt32: SymmetricKey]) -> Bool {
        envelopes.contains { envelope in
            guard let key = keys[envelope.epoch], envelope.keyScope == 0, case .success(let operations) = EnvelopeSeal.open(envelope, key: key) else { return false }
            return operations.contains { "\($0.change)".contains(text) }
        }
    }

    func texts(_ vault: Vault, _ record: RecordID, _ field: String) throws -> [String] {
        try vault.records()[record]?.text(field)?.versions.map(\.text) ?? []
    }

    @Test func aKeyedCaseAndItsConversationTravelUnderTheCaseKey() async throws {
        let laptop = try fixture.counsellor()
        let desktop = try await fixture.linkedDevice(of: laptop)
        try await fixture.sync(laptop)
        try await fixture.sync(desktop)
        let home = try Caseload.home(of: laptop)
        let caseKey = try CaseKey.create(for: home.id, in: laptop)
        let record = RecordID(bytes: caseKey.caseID)!
        let contact = try laptop.write { session in
            session.assign(.string("case"), to: "kind", of: record)
            session.write("Samenvatting \(marker)", to: "summary", of: record)
            let organisation = session.newRecordID()
            session.assign(.string("organisation"), to: "kind", of: organisation)
            session.assign(.string("Stichting Noord"), to: "name", of: organisation)
            let contact = session.newRecordID()
            session.assign(.string("contact"), to: "kind", of: contact)
            session.assign(.string(record.description), to: "case", of: contact)
            session.write("Gesprek \(marker)", to: "summary", of: contact)
            return contact
        }
        try await fixture.sync(laptop)
        let report = try await fixture.sync(desktop)
        #expect(report.rejectedCount == 0)
        #expect(try texts(desktop, record, "summary") == ["Samenvatting \(marker)"])
        #expect(try texts(desktop, contact, "summary") == ["Gesprek \(marker)"])
        // At the relay: the case and its conversation in one case content envelope, the
        // organisation under the epoch key; the epoch keys show nothing of the case.
        let envelopes = try await fixture.relayEnvelopes(home.id, reader: laptop)
        let keys = try laptop.syncRead { try $0.epochKeys(home.id) }
        #expect(envelopes.filter { $0.keyScope == CaseEnvelopeBody.keyScope }.count == 1)
        #expect(!epochKeysShow(marker, in: envelopes, keys: keys))  // before: every word under the epoch key
        #expect(epochKeysShow("Stichting Noord", in: envelopes, keys: keys))
        // Later edits go the same way, a conversation's too.
        try laptop.write { $0.write("Tweede \(marker)", to: "summary", of: contact) }
        try await fixture.sync(laptop)
        #expect(try await fixture.sync(desktop).rejectedCount == 0)
        #expect(try texts(desktop, contact, "summary") == ["Tweede \(marker)"])
        #expect(!epochKeysShow(marker, in: try await fixture.relayEnvelopes(home.id, reader: laptop), keys: keys))
    }

    @Test func aSharedKeyedCasesPrivateNoteStaysHomeUnderTheCaseKey() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        try await fixture.sync(admin)
        let caseKey = try CaseKey.create(for: team.id, in: admin)
        let record = try fixture.writeKeyedCase(caseKey, in: admin, caseload: team, summary: "Gedeeld \(marker)")
        try admin.write { $0.write("Eigen notitie \(marker)", to: "private_note", of: record) }
        try await fixture.sync(admin)
        #expect(try await fixture.sync(colleague).rejectedCount == 0)
        #expect(try texts(colleague, record, "summary") == ["Gedeeld \(marker)"])
        #expect(try texts(colleague, record, "private_note").isEmpty)
        // The note went home, as case content under the home epoch key: not readable with it alone.
        let home = try Caseload.home(of: admin)
        let envelopes = try await fixture.relayEnvelopes(home.id, reader: admin)
        #expect(envelopes.contains { $0.keyScope == CaseEnvelopeBody.keyScope })
        #expect(!epochKeysShow(marker, in: envelopes, keys: try admin.syncRead { try $0.epochKeys(home.id) }))
        #expect(!epochKeysShow(marker, in: try await fixture.relayEnvelopes(team.id, reader: admin), keys: try admin.syncRead { try $0.epochKeys(team.id) }))
        // The admin's own device reads the note: the key reached it through the home caseload.
        let desktop = try await fixture.linkedDevice(of: admin)
        try await fixture.sync(admin)
        try await fixture.sync(desktop)
        #expect(try texts(desktop, record, "private_note") == ["Eigen notitie \(marker)"])
    }
}
