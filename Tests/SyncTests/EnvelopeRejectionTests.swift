import Cryptography
import Foundation
import GRDB
import InProcessRelay
import Replica
import Signatures
import Sync
import Testing
import Vault
import WireFormat

/// Every reason a pulled envelope is rejected, each caused as an attacker (a hostile relay,
/// a colleague, a stranger) would cause it. Each test checks the reason counted and that
/// nothing of the envelope was applied; removing the check makes it fail.
@Suite struct EnvelopeRejectionTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    /// A laptop and a linked desktop of one counsellor, both synced, with one case.
    func twoDevices() async throws -> (laptop: Vault, desktop: Vault, home: Caseload, record: RecordID) {
        let laptop = try fixture.counsellor()
        let record = try fixture.openCase(in: laptop)
        let desktop = try await fixture.linkedDevice(of: laptop)
        #expect(try desktop.records()[record]?.text("summary")?.versions.map(\.text) == ["Eerste gesprek"])
        return (laptop, desktop, try Caseload.home(of: laptop), record)
    }

    func summary(_ vault: Vault, _ record: RecordID) throws -> [String] {
        try vault.records()[record]?.text("summary")?.versions.map(\.text) ?? []
    }

    /// Pushes an envelope the honest relay accepts (it cannot see inside).
    func push(_ envelope: Envelope, as vault: Vault, to caseload: Caseload) async throws {
        _ = try await fixture.transport(vault).push([envelope.bytes], to: caseload.id)
    }

    @Test func malformedBytesAreRejected() async throws {
        let (laptop, _, _, _) = try await twoDevices()
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([Array("not an envelope".utf8), []]) }
        let report = try await fixture.sync(laptop)
        #expect(report.rejected[.malformed] == 2)
        #expect(report.appliedOperations == 0)
    }

    @Test func aSequenceBeyondTheRangeIsMalformedAndCrashesNothing() async throws {
        let (laptop, desktop, home, record) = try await twoDevices()
        let edit = fixture.operations(by: desktop.device, [(record, "summary", .write("Te ver", supersedes: []))])
        let huge = try fixture.envelope(edit, in: home, by: desktop, sequence: UInt64.max)  // signed, as a member could
        // The relay refuses it (before: it trapped storing it); a hostile relay serving it gets it rejected.
        await #expect(throws: SyncError.self) { _ = try await fixture.transport(desktop).push([huge.bytes], to: home.id) }
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([huge.bytes]) }
        let report = try await fixture.sync(laptop)
        #expect(report.rejected[.malformed] == 1)
        #expect(try summary(laptop, record) == ["Eerste gesprek"])
    }

    @Test func aFlippedBitIsTampered() async throws {
        let (laptop, desktop, home, record) = try await twoDevices()
        let edit = fixture.operations(by: desktop.device, [(record, "summary", .write("Aangepast", supersedes: []))])
        let envelope = try fixture.envelope(edit, in: home, by: desktop, sequence: 1)
        var bytes = envelope.bytes
        bytes[envelope.header.count + 10] ^= 0x01  // inside the ciphertext: the signature no longer covers it
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([bytes]) }
        let report = try await fixture.sync(laptop)
        #expect(report.rejected[.tampered] == 1)
        #expect(try summary(laptop, record) == ["Eerste gesprek"])
    }

    @Test func anEnvelopeFromAStrangerIsNotAMember() async throws {
        let (laptop, _, home, record) = try await twoDevices()
        let stranger = SigningKeyPair.generate()
        let key = try laptop.syncRead { try $0.epochKeys(home.id) }[0]!  // even with the key, the signer must be a member
        let edit = fixture.operations(by: DeviceIdentity.deviceID(of: stranger.publicKey), [(record, "summary", .write("Vreemd", supersedes: []))])
        let envelope = try EnvelopeSeal.seal(edit, caseload: home.id, epoch: 0, key: key, author: stranger, sequence: 1,
                                             commitment: try fixture.commitment(of: laptop, in: home))
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([envelope.bytes]) }
        let report = try await fixture.sync(laptop)
        #expect(report.rejected[.notMember] == 1)
        #expect(try summary(laptop, record) == ["Eerste gesprek"])
    }

    @Test func operationsClaimingAnotherDeviceAreForged() async throws {
        let (laptop, desktop, home, record) = try await twoDevices()
        // The desktop signs, but its operations claim to come from the laptop.
        let edit = fixture.operations(by: laptop.device, [(record, "summary", .write("Ondergeschoven", supersedes: []))])
        try await push(try fixture.envelope(edit, in: home, by: desktop, sequence: 1), as: desktop, to: home)
        let report = try await fixture.sync(laptop)
        #expect(report.rejected[.forged] == 1)
        #expect(try summary(laptop, record) == ["Eerste gesprek"])
    }

    @Test func anEnvelopeServedAgainIsReplayed() async throws {
        let (laptop, desktop, home, record) = try await twoDevices()
        let first = fixture.operations(by: desktop.device, [(record, "summary", .write("Eerste versie", supersedes: []))])
        let old = try fixture.envelope(first, in: home, by: desktop, sequence: 1)
        try await push(old, as: desktop, to: home)
        #expect(try await fixture.sync(laptop).rejectedCount == 0)
        // The relay serves the old envelope once more after a newer one.
        let second = fixture.operations(by: desktop.device, [(record, "channel", .assign(.string("phone")))])
        try await push(try fixture.envelope(second, in: home, by: desktop, sequence: 2), as: desktop, to: home)
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([old.bytes]) }
        let report = try await fixture.sync(laptop)
        #expect(report.rejected[.replayed] == 1)
        #expect(report.appliedOperations == 1)
        #expect(try laptop.records()[record]?.string("channel") == "phone")
    }

    @Test func anEpochWhoseKeyThisDeviceLacksIsUnknownKey() async throws {
        let (laptop, desktop, home, record) = try await twoDevices()
        try await fixture.sync(laptop)  // takes in the desktop's first envelope, which confirmed its linking
        // As if the laptop never received epoch 0's key (a lost rotation): it cannot open the envelope.
        try fixture.tamper(with: laptop, "DELETE FROM caseload_key WHERE epoch = 0")
        let edit = fixture.operations(by: desktop.device, [(record, "summary", .write("Onleesbaar", supersedes: []))])
        try await push(try fixture.envelope(edit, in: home, by: desktop, sequence: 1), as: desktop, to: home)
        let report = try await fixture.sync(laptop)
        #expect(report.rejected[.unknownKey] == 1)
        #expect(try summary(laptop, record) == ["Eerste gesprek"])
    }

    @Test func aKeyScopeThisVersionDoesNotKnowIsRejected() async throws {
        let (laptop, desktop, home, record) = try await twoDevices()
        // Case content without the stub signature only the relay checked before: tampered.
        let unsigned = try fixture.envelope(fixture.operations(by: desktop.device, [(record, "summary", .write("Zonder stub", supersedes: []))]),
                                            in: home, by: desktop, sequence: 1, keyScope: 1)
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([unsigned.bytes]) }
        #expect(try await fixture.sync(laptop).rejected[.tampered] == 1)
        let edit = fixture.operations(by: desktop.device, [(record, "summary", .write("Ander sleutelbereik", supersedes: []))])
        // The relay itself refuses key scopes above 2, so a hostile one serves it.
        let envelope = try fixture.envelope(edit, in: home, by: desktop, sequence: 1, keyScope: 3)
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([envelope.bytes]) }
        let report = try await fixture.sync(laptop)
        #expect(report.rejected[.unknownScope] == 1)
        #expect(try summary(laptop, record) == ["Eerste gesprek"])
    }

    /// A case content envelope (key scope 1) of `author`, its next number after `sequence − 1`.
    func caseContent(in caseload: Caseload, by author: Vault, sequence: UInt64, tagKey: [UInt8]) throws -> Envelope {
        Envelope.caseContent(caseload: caseload.id, epoch: 0, author: try author.identity().signing,
                             sequence: try fixture.sent(by: author, in: caseload) + sequence, commitment: try fixture.commitment(of: author, in: caseload),
                             nonce: SecureRandom.bytes(Envelope.nonceLength), locator: SecureRandom.bytes(16), tagKey: tagKey, inner: SecureRandom.bytes(120))
    }

    /// Issue 11 (step 3, check 3s): a hostile relay serves the stub of an envelope whose case
    /// no destroy order names, as if it had been destroyed, to hide the envelope for good.
    /// The stub is rejected and its number stays missing: the envelope, served later, counts.
    @Test func aStubWithoutADestroyOrderDoesNotTakeItsEnvelopesNumber() async throws {
        let (laptop, desktop, home, _) = try await twoDevices()
        let envelope = try caseContent(in: home, by: desktop, sequence: 1, tagKey: SecureRandom.bytes(32))
        let stub = envelope.stub(of: try #require(try envelope.caseBody()))
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([stub.bytes]) }
        let report = try await fixture.sync(laptop)
        #expect(report.rejected[.stubWithoutDestruction] == 1)
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([envelope.bytes]) }
        let later = try await fixture.sync(laptop)
        // Not a replay: the number was still free. The envelope is taken (its case key may come later).
        #expect(later.rejectedCount == 0)
        let author = try desktop.identity().signing.publicKey.bytes
        #expect(try laptop.syncRead { try $0.lastSequence(home.id, author: author) } == envelope.sequence)
    }

    /// With the destroy order in the signed log, the relay's stub takes its envelope's place:
    /// the number counts, nothing is applied, nothing is reported missing.
    @Test func aStubUnderADestroyOrderTakesItsEnvelopesPlace() async throws {
        let (laptop, desktop, home, record) = try await twoDevices()
        let tagKey = SecureRandom.bytes(32)
        let first = try caseContent(in: home, by: desktop, sequence: 1, tagKey: tagKey)
        let second = try caseContent(in: home, by: desktop, sequence: 2, tagKey: tagKey)
        _ = try await fixture.transport(desktop).push([first.bytes, second.bytes], to: home.id)
        let entries = try await fixture.transport(laptop).membership(of: home.id).map { try MembershipEntry(bytes: $0) }
        let order = MembershipEntry(caseload: home.id, after: entries.last, author: try laptop.identity().signing, milliseconds: fixture.now(),
                                    action: .destroy(caseID: MembershipEntry.caseID(tagKey: tagKey), tagKey: tagKey))
        try await fixture.transport(laptop).appendMembership(order.bytes, to: home.id)
        let report = try await fixture.sync(laptop)
        #expect(report.rejected.values.reduce(0, +) == 0 && report.gaps.isEmpty, "\(report.rejected) \(report.gaps)")
        #expect(try summary(laptop, record) == ["Eerste gesprek"])
        // Its numbers are taken: served again, they are replays.
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([first.bytes]) }
        #expect(try await fixture.sync(laptop).rejected[.replayed] == 1)
    }

    @Test func aColleagueCannotTouchRecordsOutsideTheSharedCaseload() async throws {
        let anna = try fixture.counsellor()
        let bram = try fixture.counsellor()
        let ownCase = try fixture.openCase(in: anna, summary: "Alleen van Anna")
        let team = try await fixture.share("Team Noord", from: anna, with: bram)
        let sharedCase = try fixture.openCase(in: anna, caseload: team, summary: "Gedeeld")
        try await fixture.sync(anna)
        try await fixture.sync(bram)
        #expect(try bram.records()[sharedCase] != nil)
        #expect(try bram.records()[ownCase] == nil)

        // Bram, in a Team envelope: Anna's own case, a private note, and a move out of the team.
        let attacks: [[(RecordID, String, Change)]] = [
            [(ownCase, "summary", .write("Overschreven", supersedes: []))],
            [(sharedCase, "private_note", .write("Geplant", supersedes: []))],
            [(sharedCase, "caseload", .assign(.string(try Caseload.home(of: anna).id.description)))],
        ]
        for (index, changes) in attacks.enumerated() {
            let envelope = try fixture.envelope(fixture.operations(by: bram.device, changes), in: team, by: bram, sequence: UInt64(index + 1))
            try await push(envelope, as: bram, to: team)
        }
        let report = try await fixture.sync(anna)
        #expect(report.rejected[.outsideCaseload] == 3)
        #expect(report.appliedOperations == 0)
        #expect(try summary(anna, ownCase) == ["Alleen van Anna"])
        #expect(try anna.records()[sharedCase]?.string("caseload") == team.id.description)
    }

    /// Issue 9, attack 4: a colleague creates a record in a shared caseload's envelope but
    /// leaves out its caseload, so it would land in the reader's own caseload (here an
    /// organisation named like the reader's own, to capture her next case).
    @Test func aColleagueCannotPlantARecordInTheOwnCaseload() async throws {
        let anna = try fixture.counsellor()
        let bram = try fixture.counsellor()
        let team = try await fixture.share("Team Noord", from: anna, with: bram)
        let planted = RecordID(high: 0xBAD, low: 1)
        let changes: [(RecordID, String, Change)] = [
            (planted, "kind", .assign(.string("organisation"))), (planted, "name", .assign(.string("Acme"))),
        ]
        let envelope = try fixture.envelope(fixture.operations(by: bram.device, changes), in: team, by: bram, sequence: 1)
        try await push(envelope, as: bram, to: team)
        let report = try await fixture.sync(anna)
        #expect(report.rejected[.outsideCaseload] == 1)
        #expect(try anna.records()[planted] == nil)
    }

    /// A record a colleague creates in the shared caseload may arrive over two envelopes of
    /// one page; the first places it there, the second is accepted too.
    @Test func aNewSharedRecordSplitOverEnvelopesIsAccepted() async throws {
        let anna = try fixture.counsellor()
        let bram = try fixture.counsellor()
        let team = try await fixture.share("Team Noord", from: anna, with: bram)
        let record = RecordID(high: 0x600D, low: 1)
        let operations = fixture.operations(by: bram.device, [
            (record, "kind", .assign(.string("organisation"))), (record, "caseload", .assign(.string(team.id.description))),
            (record, "name", .assign(.string("Gedeeld BV"))),
        ])
        try await push(try fixture.envelope(Array(operations.prefix(2)), in: team, by: bram, sequence: 1), as: bram, to: team)
        try await push(try fixture.envelope(Array(operations.suffix(1)), in: team, by: bram, sequence: 2), as: bram, to: team)
        let report = try await fixture.sync(anna)
        #expect(report.rejectedCount == 0)
        #expect(try anna.records()[record]?.string("name") == "Gedeeld BV")
    }
}
