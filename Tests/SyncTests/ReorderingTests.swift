import Foundation
import InProcessRelay
import Replica
import Sync
import Testing
import Vault
import WireFormat

/// Issue 9, attack 6: a relay that reorders or holds back an author's envelopes must not
/// make a reader drop them. A number below the highest seen is new if it was missing; the
/// missing numbers stay listed until they arrive.
@Suite struct ReorderingTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    /// The laptop's case edited twice by the desktop: envelopes 1 and 2 at the relay.
    func twoEdits() async throws -> (laptop: Vault, record: RecordID, envelopes: [Envelope]) {
        let laptop = try fixture.counsellor()
        let record = try fixture.openCase(in: laptop)
        let desktop = try await fixture.linkedDevice(of: laptop)
        let home = try Caseload.home(of: laptop)
        let first = fixture.operations(by: desktop.device, [(record, "contact_minutes", .assign(.integer(30)))])
        let second = fixture.operations(by: desktop.device, [(record, "contact_channel", .assign(.string("telefoon")))])
        let envelopes = [try fixture.envelope(first, in: home, by: desktop, sequence: 1),
                         try fixture.envelope(second, in: home, by: desktop, sequence: 2)]
        _ = try await fixture.transport(desktop).push(envelopes.map(\.bytes), to: home.id)
        return (laptop, record, envelopes)
    }

    @Test func anEarlierEnvelopeServedAfterALaterOneIsApplied() async throws {
        let (laptop, record, _) = try await twoEdits()
        fixture.relay.misbehave { $0.pages = { page, _, _ in var page = page; page.envelopes.reverse(); return page } }
        let report = try await fixture.sync(laptop)
        #expect(report.rejected.isEmpty)  // before: the earlier one was `replayed`, and lost
        #expect(report.appliedOperations == 2)
        #expect(report.gaps.isEmpty)
        let state = try #require(try laptop.records()[record])
        #expect(state.value("contact_minutes") == .integer(30) && state.value("contact_channel") == .string("telefoon"))
    }

    @Test func aWithheldEnvelopeStaysListedUntilItArrives() async throws {
        let (laptop, record, envelopes) = try await twoEdits()
        let withheld = envelopes[0].bytes
        fixture.relay.misbehave { $0.pages = { page, _, _ in
            var page = page
            page.envelopes.removeAll { $0.bytes == withheld }
            return page
        } }
        let first = try await fixture.sync(laptop)
        #expect(first.gaps.map { [$0.from, $0.to] } == [[envelopes[0].sequence, envelopes[0].sequence]])
        // Asked for again and still held back: listed again, although nothing new arrived.
        let again = try await fixture.sync(laptop)
        #expect(again.gaps.count == 1, "\(again.gaps)")
        // The relay stops holding it back: the next sync asks for it by its author's number
        // (the page cursor has long passed it), applies it, and the gap is closed.
        fixture.relay.misbehave { $0 = Misbehaviour() }
        let late = try await fixture.sync(laptop)
        #expect(late.appliedOperations == 1 && late.gaps.isEmpty && late.rejected.isEmpty)  // before: listed for ever
        #expect(try laptop.records()[record]?.value("contact_minutes") == .integer(30))
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([envelopes[0].bytes]) }
        // Served once more, it is a replay.
        #expect(try await fixture.sync(laptop).rejected[.replayed] == 1)
    }

    @Test func aWithheldTailShowsUpThroughAnotherDevicesMark() async throws {
        let laptop = try fixture.counsellor()
        let record = try fixture.openCase(in: laptop)
        let desktop = try await fixture.linkedDevice(of: laptop)
        let phone = try await fixture.linkedDevice(of: laptop)
        let desktopKey = try desktop.identity().signing.publicKey
        let laptopKey = try laptop.identity().signing.publicKey
        for minutes in [10, 20] {
            try desktop.write { $0.assign(.integer(Int64(minutes)), to: "contact_minutes", of: record) }
            try await fixture.sync(desktop)
        }
        // The relay keeps the desktop's newest envelope (the second edit) from the laptop only.
        let withheld = try fixture.sent(by: desktop, in: try Caseload.home(of: laptop))
        fixture.relay.misbehave { $0.pages = { page, _, device in
            var page = page
            if device == laptopKey {
                page.envelopes.removeAll { stored in
                    (try? Envelope(bytes: stored.bytes)).map { $0.author == desktopKey && $0.sequence == withheld } ?? false
                }
            }
            return page
        } }
        try await fixture.sync(laptop)  // sees the envelopes before it only, and cannot tell anything is missing
        try phone.write { $0.assign(.string("telefoon"), to: "contact_channel", of: record) }
        try await fixture.sync(phone)  // has seen the withheld envelope: its envelope says so
        let report = try await fixture.sync(laptop)
        let desktopID = DeviceIdentity.deviceID(of: desktopKey)
        #expect(report.gaps.contains { $0.author == desktopID && $0.from == withheld && $0.to == withheld })  // before: no sign of it
        #expect(try laptop.records()[record]?.value("contact_minutes") == .integer(10))
    }
}

/// Issue 12, fault 6: one large text made an envelope the relay refused (413) at every sync,
/// and nothing later left the device. Envelopes are now cut by size as well as by count.
@Suite struct LargeTextTests {
    @Test func largeTextsTravelInEnvelopesTheRelayTakes() async throws {
        let fixture = try SyncFixture()
        let laptop = try fixture.counsellor()
        let desktop = try await fixture.linkedDevice(of: laptop)
        let text = String(repeating: "lang verslag ", count: 70_000)  // about 900 KB, under the field limit
        let records = try laptop.write { session in
            (0..<5).map { _ in
                let id = session.newRecordID()
                session.assign(.string("case"), to: "kind", of: id)
                session.write(text, to: "summary", of: id)
                return id
            }
        }
        let pushed = try await fixture.sync(laptop)  // before: 413 for a 4.5 MB envelope
        #expect(pushed.pushedEnvelopes >= 5)
        try await fixture.sync(desktop)
        for id in records { #expect(try desktop.records()[id]?.text("summary")?.latest == text) }
    }
}
