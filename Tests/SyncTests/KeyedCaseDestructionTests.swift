import Casework
import Cryptography
import Foundation
import Identifiers
import Register
import Replica
import Signatures
import Sync
import Testing
import Vault
import WireFormat

/// Issue 11, item 1: a case with a key of its own, destroyed, is gone from what the relay
/// kept. A copy of the relay's data taken before the destruction, with every key any device
/// holds afterwards (epoch keys, case keys, private halves of published keys), opens nothing
/// of the case: not its content, not a drop carrying its key.
@Suite struct KeyedCaseDestructionTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    let marker = "MARKER-\(UUID().uuidString.prefix(8))"
    var today: LocalDate { try! LocalDate.parse(String(Date().formatted(.iso8601.year().month().day()))) }

    func sync(_ vault: Vault) async throws {
        _ = try await CaseRegister(vault: vault).sync(relay: try fixture.transport(vault), now: fixture.now)
    }

    /// Every key `vaults` hold: epoch keys of every caseload, case keys, private halves.
    func keys(of vaults: [Vault]) throws -> (epoch: [SymmetricKey], cases: [CaseKey], box: [BoxKeyPair]) {
        var epoch: [SymmetricKey] = [], cases: [CaseKey] = [], box: [BoxKeyPair] = []
        for vault in vaults {
            for caseload in try Caseload.all(in: vault) {
                try vault.syncRead { ledger in
                    epoch += try ledger.epochKeys(caseload.id).values
                    box += try ledger.ownBoxKeys(caseload.id).map(\.pair)
                }
            }
            cases += try vault.syncRead { try $0.caseKeys() }.map { try CaseKey(bytes: $0.key.exportBytes()) }
        }
        return (epoch, cases, box)
    }

    /// Whether anything of the case `caseID` opens in `envelopes` with `keys`: its content
    /// (the marker) under an epoch key or a case key, or its key in a drop.
    func opensTheCase(_ caseID: [UInt8], in envelopes: [Envelope], with keys: (epoch: [SymmetricKey], cases: [CaseKey], box: [BoxKeyPair])) -> Bool {
        for envelope in envelopes {
            for epochKey in keys.epoch {
                switch envelope.keyScope {
                case 0:
                    if case .success(let operations) = EnvelopeSeal.open(envelope, key: epochKey), operations.contains(where: { "\($0.change)".contains(marker) }) {
                        return true
                    }
                case CaseEnvelopeBody.keyScope:
                    if keys.cases.contains(where: { if case .success = CaseEnvelopeSeal.open(envelope, caseKey: $0, epochKey: epochKey) { true } else { false } }) {
                        return true
                    }
                case ControlEnvelopeSeal.keyScope:
                    guard case .success(let message) = ControlEnvelopeSeal.open(envelope, key: epochKey) else { continue }
                    for drop in message.drops {
                        for pair in keys.box where CaseKeyDelivery.open(drop, from: envelope.author, with: pair)?.contains(where: { $0.caseKey.caseID == caseID }) == true {
                            return true
                        }
                    }
                default: continue
                }
            }
        }
        return false
    }

    @Test func aDestroyedKeyedCaseOpensNowhereWithAnyKeyLeft() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        let desktop = try await fixture.linkedDevice(of: admin)
        let devices = [admin, desktop, colleague]
        for _ in 0..<2 { for vault in devices { try await sync(vault) } }

        let caseKey = try CaseKey.create(for: team.id, in: admin)
        let register = CaseRegister(vault: admin)
        let opened = try LocalDate.parse("2026-03-02")
        let ref = try register.write { session in
            _ = try session.addOrganisation(name: "Stichting Zuid", caseload: team.id.description)
            var draft = CaseDraft(organisation: "Stichting Zuid", opened: opened, summary: "Samenvatting \(marker)", caseload: team.id.description)
            draft.id = RecordID(bytes: caseKey.caseID)
            let ref = try session.openCase(draft, today: today)
            try session.setCaseField(ref: ref, field: "private_note", value: "Notitie \(marker)", today: today)
            _ = try session.addContact(ref: ref, date: opened, minutes: 30, channel: try Channel.parse("phone"), summary: "Gesprek \(marker)", today: today)
            return ref
        }.result
        for _ in 0..<2 { for vault in devices { try await sync(vault) } }
        let record = RecordID(bytes: caseKey.caseID)!
        #expect(try colleague.records()[record]?.text("summary")?.versions.map(\.text) == ["Samenvatting \(marker)"])
        #expect(try desktop.records()[record]?.text("private_note")?.versions.map(\.text) == ["Notitie \(marker)"])
        #expect(try colleague.records()[record]?.text("private_note") == nil)

        // What a hostile relay keeps: everything it was ever sent, in every caseload.
        let homes = try [admin, colleague].map { try Caseload.home(of: $0) }
        var copy = try await fixture.relayEnvelopes(team.id, reader: admin)
        copy += try await fixture.relayEnvelopes(homes[0].id, reader: admin)
        copy += try await fixture.relayEnvelopes(homes[1].id, reader: colleague)
        #expect(copy.contains { $0.keyScope == CaseEnvelopeBody.keyScope })
        // Before the destruction the keys the devices hold open it (the check below can fail).
        #expect(opensTheCase(caseKey.caseID, in: copy, with: try keys(of: devices)))

        _ = try register.destroyCase(ref: ref, force: true, today: today, now: fixture.now())
        for _ in 0..<2 { for vault in devices { try await sync(vault) } }
        for vault in devices {
            #expect(try vault.syncRead { try $0.caseKey(caseKey.caseID) } == nil)
            #expect(try vault.syncRead { try $0.isDestroyed(caseKey.caseID) })
            #expect(try vault.records()[record] == nil)
        }
        #expect(!opensTheCase(caseKey.caseID, in: copy, with: try keys(of: devices)))
    }
}
