import Cryptography
import Foundation
import Identifiers
import InProcessRelay
import Replica
import Signatures
import Sync
import Testing
import Vault
import WireFormat

/// Case content envelopes (key scope 1) are read with the case's own key: applied when the
/// key is here, kept until it arrives otherwise, and rejected when they stray outside their
/// case or another case's key or tag is passed off as theirs (Protocol/sync.md, checks 6a, 7a, 9b).
@Suite struct CaseContentReadingTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    func caseRecord(_ caseKey: CaseKey) -> RecordID { RecordID(bytes: caseKey.caseID)! }

    /// Operations of `author` opening the case `caseKey` names.
    func opening(_ caseKey: CaseKey, by author: Vault, summary: String) -> [FieldOperation] {
        fixture.operations(by: author.device, [
            (caseRecord(caseKey), "kind", .assign(.string("case"))), (caseRecord(caseKey), "summary", .write(summary, supersedes: [])),
        ])
    }

    /// `author`'s case content envelope for `caseKey`, put in its outbox as its own sync would.
    func enqueue(_ operations: [FieldOperation], of caseKey: CaseKey, by author: Vault, in caseload: Caseload) throws {
        try fixture.enqueue(by: author, in: caseload, operations: operations.count) { next in
            try CaseEnvelopeSeal.seal(operations, caseKey: caseKey, caseload: caseload.id, epoch: 0, epochKey: next.epochKeys[0]!, author: next.author,
                                      sequence: next.sequence, commitment: next.commitment)
        }
    }

    func summary(_ vault: Vault, _ record: RecordID) throws -> [String] {
        try vault.records()[record]?.text("summary")?.versions.map(\.text) ?? []
    }

    @Test func caseContentOpensWithTheCasesKeyAtTheOtherDevice() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        let caseKey = try CaseKey.create(for: home.id, in: laptop)
        // Content first in the outbox, the key's drop after it: the desktop keeps the content
        // until the key comes, in the same page.
        try enqueue(opening(caseKey, by: laptop, summary: "Melding over pesten"), of: caseKey, by: laptop, in: home)
        try await fixture.sync(laptop)
        let report = try await fixture.sync(desktop)
        #expect(report.rejectedCount == 0 && report.receivedCaseKeys == 1)
        #expect(try summary(desktop, caseRecord(caseKey)) == ["Melding over pesten"])
        // Before: rejected as unknown_key_scope and never applied.
    }

    @Test func caseContentWaitsForItsKeyAcrossSyncs() async throws {
        let laptop = try fixture.counsellor()
        let desktop = try await fixture.linkedDevice(of: laptop, handingOver: false)
        let home = try Caseload.home(of: laptop)
        // The laptop published no keys for the desktop yet: the key cannot go with the content.
        let caseKey = try CaseKey.create(for: home.id, in: desktop)
        try enqueue(opening(caseKey, by: desktop, summary: "Gesprek met melder"), of: caseKey, by: desktop, in: home)
        #expect(try await fixture.sync(desktop).caseKeysWaiting == 1)
        let early = try await fixture.sync(laptop)
        #expect(early.rejectedCount == 0 && early.appliedOperations == 0)
        #expect(try summary(laptop, caseRecord(caseKey)).isEmpty)
        try await fixture.sync(desktop)  // the laptop's keys are here now: the case key goes
        let late = try await fixture.sync(laptop)
        #expect(late.receivedCaseKeys == 1 && late.appliedOperations == 2)
        #expect(try summary(laptop, caseRecord(caseKey)) == ["Gesprek met melder"])
        // A second sync applies nothing again.
        #expect(try await fixture.sync(laptop).appliedOperations == 0)
    }

    @Test func anotherCasesTagIsTampered() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        let real = try CaseKey.create(for: home.id, in: laptop)
        let other = try CaseKey.create(for: home.id, in: laptop)
        try enqueue(opening(real, by: laptop, summary: "Echt"), of: real, by: laptop, in: home)
        try await fixture.sync(laptop)
        try await fixture.sync(desktop)
        // The laptop (or anyone with its signing key) labels content sealed under another
        // case's key with this case's locator: the tag is not the case's (check 7a).
        let keys = try laptop.syncRead { try $0.epochKeys(home.id) }
        let nonce = SecureRandom.bytes(Envelope.nonceLength)
        let sequence = try fixture.sent(by: laptop, in: home) + 1
        let commitment = try fixture.commitment(of: laptop, in: home)
        let sealed = try CaseEnvelopeSeal.seal(opening(real, by: laptop, summary: "Vervalst"), caseKey: other, caseload: home.id, epoch: 0,
                                               epochKey: keys[0]!, author: try laptop.identity().signing, sequence: sequence,
                                               commitment: commitment, nonce: nonce)
        let forged = Envelope.caseContent(caseload: home.id, epoch: 0, author: try laptop.identity().signing, sequence: sequence, commitment: commitment,
                                          nonce: nonce, locator: real.locator(epochKey: keys[0]!, nonce: nonce), tagKey: other.tagKey,
                                          inner: try sealed.caseBody()!.inner)
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([forged.bytes]) }
        #expect(try await fixture.sync(desktop).rejected[.tampered] == 1)
        #expect(try summary(desktop, caseRecord(real)) == ["Echt"])
    }

    @Test func caseContentOutsideItsCaseIsWrongKeyScope() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        let caseKey = try CaseKey.create(for: home.id, in: laptop)
        try enqueue(opening(caseKey, by: laptop, summary: "Dossier"), of: caseKey, by: laptop, in: home)
        try await fixture.sync(laptop)
        try await fixture.sync(desktop)
        let other = try fixture.openCase(in: laptop, summary: "Ander dossier")
        try await fixture.sync(laptop)
        try await fixture.sync(desktop)
        // Under this case's key, an edit of another case: it would die with the wrong key.
        try enqueue(fixture.operations(by: laptop.device, [(other, "summary", .write("Onder de verkeerde sleutel", supersedes: []))]),
                    of: caseKey, by: laptop, in: home)
        // A conversation placed in another case.
        let contact = RecordID(high: 7, low: 7)
        try enqueue(fixture.operations(by: laptop.device, [(contact, "kind", .assign(.string("contact"))), (contact, "case", .assign(.string(other.description)))]),
                    of: caseKey, by: laptop, in: home)
        // In scope 0, under the epoch key every member keeps, an edit of the keyed case: it
        // would outlive the case key at the relay.
        let leak = fixture.operations(by: laptop.device, [(caseRecord(caseKey), "summary", .write("Buiten de sleutel", supersedes: []))])
        try fixture.enqueue(by: laptop, in: home, operations: leak.count) { next in
            try EnvelopeSeal.seal(leak, caseload: home.id, epoch: 0, key: next.epochKeys[0]!, author: next.author, sequence: next.sequence,
                                  commitment: next.commitment)
        }
        try await fixture.sync(laptop)
        let report = try await fixture.sync(desktop)
        #expect(report.rejected[.wrongKeyScope] == 3)
        #expect(try summary(desktop, other) == ["Ander dossier"])
        #expect(try summary(desktop, caseRecord(caseKey)) == ["Dossier"])
        #expect(try desktop.records()[contact] == nil)
    }

    @Test func aConversationOfTheCaseTravelsWithIt() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        let caseKey = try CaseKey.create(for: home.id, in: laptop)
        let contact = RecordID(high: 9, low: 9)
        let hex = caseRecord(caseKey).description
        try enqueue(opening(caseKey, by: laptop, summary: "Dossier") + fixture.operations(by: laptop.device, [
            (contact, "kind", .assign(.string("contact"))), (contact, "case", .assign(.string(hex))),
        ]), of: caseKey, by: laptop, in: home)
        try await fixture.sync(laptop)
        try await fixture.sync(desktop)
        // Later edits of the conversation alone belong to the case too.
        try enqueue(fixture.operations(by: laptop.device, [(contact, "summary", .write("Tweede gesprek", supersedes: []))]), of: caseKey, by: laptop, in: home)
        try await fixture.sync(laptop)
        #expect(try await fixture.sync(desktop).rejectedCount == 0)
        #expect(try summary(desktop, contact) == ["Tweede gesprek"])
    }

    @Test func aCaseItsConversationAndItsEditInOnePageAreAllApplied() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        let caseKey = try CaseKey.create(for: home.id, in: laptop)
        let contact = RecordID(high: 5, low: 5)
        try enqueue(opening(caseKey, by: laptop, summary: "Dossier"), of: caseKey, by: laptop, in: home)
        try enqueue(fixture.operations(by: laptop.device, [
            (contact, "kind", .assign(.string("contact"))), (contact, "case", .assign(.string(caseRecord(caseKey).description))),
        ]), of: caseKey, by: laptop, in: home)
        try enqueue(fixture.operations(by: laptop.device, [(contact, "summary", .write("In dezelfde pagina", supersedes: []))]),
                    of: caseKey, by: laptop, in: home)
        try await fixture.sync(laptop)
        // Before: the edit was judged against the stored state only, where the conversation
        // was not placed yet, and rejected; pulled in separate pages it was accepted.
        #expect(try await fixture.sync(desktop).rejectedCount == 0)
        #expect(try summary(desktop, contact) == ["In dezelfde pagina"])
    }

    @Test func aLocatorNamingAnUnkeyedCaseDoesNotFreezeIt() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        let plain = try fixture.openCase(in: laptop, summary: "Gewoon dossier")
        try await fixture.sync(laptop)
        try await fixture.sync(desktop)
        // A member who holds the epoch key hides an existing, unkeyed case's id in a locator:
        // the content waits for a key that never comes.
        try fixture.enqueue(by: laptop, in: home, operations: 1) { next in
            let nonce = SecureRandom.bytes(Envelope.nonceLength)
            return Envelope.caseContent(caseload: home.id, epoch: 0, author: next.author, sequence: next.sequence, commitment: next.commitment, nonce: nonce,
                                        locator: CaseKey.caseID(locator: plain.bytes, epochKey: next.epochKeys[0]!, nonce: nonce),
                                        tagKey: SecureRandom.bytes(32), inner: SecureRandom.bytes(200))
        }
        try laptop.write { $0.write("Eerlijk bewerkt", to: "summary", of: plain) }
        try await fixture.sync(laptop)
        // Before: the case counted as keyed from then on, and every honest edit of it was wrong_key_scope.
        #expect(try await fixture.sync(desktop).rejectedCount == 0)
        #expect(try summary(desktop, plain) == ["Eerlijk bewerkt"])
    }

    @Test func aConversationHeldBackStillCountsAsTheCases() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        let caseKey = try CaseKey.create(for: home.id, in: laptop)
        try enqueue(opening(caseKey, by: laptop, summary: "Dossier"), of: caseKey, by: laptop, in: home)
        try await fixture.sync(laptop)
        try await fixture.sync(desktop)
        // The conversation is placed in the case by operations dated ten minutes ahead: held back.
        let contact = RecordID(high: 11, low: 11)
        var clock = HybridClock(device: laptop.device)
        let ahead = fixture.now() + 600_000
        let placing = [(contact, "kind", Change.assign(.string("contact"))), (contact, "case", Change.assign(.string(caseRecord(caseKey).description)))]
            .map { FieldOperation(id: clock.tick(wallMilliseconds: ahead), record: $0.0, field: $0.1, change: $0.2) }
        try enqueue(placing, of: caseKey, by: laptop, in: home)
        try await fixture.sync(laptop)
        #expect(try await fixture.sync(desktop).heldOperations == 2)
        // A later edit of that conversation under the epoch key: before, it passed (nothing
        // stored placed the conversation), waited behind it and was applied unchecked.
        let leak = fixture.operations(by: laptop.device, [(contact, "summary", .write("Buiten de sleutel", supersedes: []))])
        try fixture.enqueue(by: laptop, in: home, operations: leak.count) { next in
            try EnvelopeSeal.seal(leak, caseload: home.id, epoch: 0, key: next.epochKeys[0]!, author: next.author, sequence: next.sequence,
                                  commitment: next.commitment)
        }
        try await fixture.sync(laptop)
        #expect(try await fixture.sync(desktop).rejected[.wrongKeyScope] == 1)
    }
}
