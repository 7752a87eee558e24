import Casework
import Cryptography
import Foundation
import GRDB
import Identifiers
import InProcessRelay
import Register
import Replica
import Signatures
import Sync
import Testing
import Vault
import WireFormat

/// Vaults on disk and one in-process relay: counsellors, their devices and shared
/// caseloads, synced without HTTP so tests can make the relay misbehave.
final class SyncFixture {
    let relay: InProcessRelay
    private var folders: [URL] = []
    let now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }

    init() throws { relay = try InProcessRelay() }

    deinit { for folder in folders { try? FileManager.default.removeItem(at: folder) } }

    /// A new counsellor's first device, with its home caseload.
    func counsellor() throws -> Vault {
        let vault = try emptyVault()
        try Caseload.createHome(in: vault, milliseconds: now())
        return vault
    }

    func emptyVault() throws -> Vault {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sync-test-\(UUID().uuidString)")
        folders.append(folder)
        return try Vault.create(in: folder, passphrase: Array("een lange testzin".utf8), kdf: .interactive)
    }

    func transport(_ vault: Vault) throws -> any RelayTransport {
        relay.transport(as: try vault.identity().signing.publicKey)
    }

    /// One sync of `vault`; `clock` stands for the device's clock (the real one by default).
    @discardableResult
    func sync(_ vault: Vault, clock: (@Sendable () -> UInt64)? = nil) async throws -> SyncReport {
        try await SyncEngine(vault: vault, routing: CaseSchema.routing, relay: try transport(vault), now: clock ?? now).run()
    }

    /// A second device of the counsellor behind `vault`, linked through the relay. With
    /// `handingOver`, `vault` syncs before answering, as `vp device link` does (the case keys
    /// reach the new device sealed to its link key); without, as a linking device that died
    /// right after answering would leave it.
    func linkedDevice(of vault: Vault, handingOver: Bool = true) async throws -> Vault {
        try await sync(vault)
        let device = try emptyVault()
        let code = LinkCode.generate()
        let guest = relay.transport(as: nil)
        // The guest starts once the mailbox exists, as a person would after seeing the code.
        var joined: Task<Void, Error>?
        _ = try await DeviceLinking.offer(code: code, vault: vault, relay: try transport(vault), now: now, ready: {
            joined = Task { try await DeviceLinking.join(code: code, vault: device, relay: guest) }
        }, handOver: { if handingOver { try await self.sync(vault) } })
        try await joined?.value
        try await sync(device)
        return device
    }

    /// A counsellor's laptop and a linked desktop, each holding the keys the other published
    /// for it (both synced twice), and their home caseload.
    func twoDevicesWithKeys() async throws -> (laptop: Vault, desktop: Vault, home: Caseload) {
        let laptop = try counsellor()
        let desktop = try await linkedDevice(of: laptop)
        try await sync(laptop)
        try await sync(desktop)
        return (laptop, desktop, try Caseload.home(of: laptop))
    }

    /// Every envelope the relay holds in `caseload`, as `reader` (a member) pulls them: what a
    /// hostile relay keeps.
    func relayEnvelopes(_ caseload: CaseloadID, reader: Vault) async throws -> [Envelope] {
        var envelopes: [Envelope] = []
        var after: UInt64 = 0
        while true {
            let page = try await transport(reader).pull(caseload, after: after)
            envelopes += page.envelopes.compactMap { try? Envelope(bytes: $0.bytes) }
            guard page.more else { return envelopes }
            after = page.next
        }
    }

    /// What an envelope `enqueue` seals is made of: the author's next number in the
    /// caseload, its commitment, its signing key and the caseload's epoch keys.
    struct NextEnvelope {
        let sequence: UInt64
        let commitment: EnvelopeCommitment
        let author: SigningKeyPair
        let epochKeys: [UInt32: SymmetricKey]
    }

    /// Puts the envelope `make` seals into `author`'s outbox under its next number, as its own
    /// sync would: it goes with the author's next sync.
    func enqueue(by author: Vault, in caseload: Caseload, operations: Int = 0, _ make: (NextEnvelope) throws -> Envelope) throws {
        let (signing, commitment) = (try author.identity().signing, try commitment(of: author, in: caseload))
        try author.syncTransaction { ledger in
            let sequence = try ledger.nextDeviceSequence(caseload.id)
            let envelope = try make(NextEnvelope(sequence: sequence, commitment: commitment, author: signing, epochKeys: try ledger.epochKeys(caseload.id)))
            try ledger.enqueue(caseload.id, sequence: sequence, envelope: envelope.bytes, operations: operations)
        }
    }

    /// A case under `caseKey`'s id (its key already kept in `vault`), in `caseload` (the own
    /// one when nil), with `summary`; returns its record.
    @discardableResult
    func writeKeyedCase(_ caseKey: CaseKey, in vault: Vault, caseload: Caseload? = nil, summary: String) throws -> RecordID {
        let record = RecordID(bytes: caseKey.caseID)!
        try vault.write { session in
            session.assign(.string("case"), to: "kind", of: record)
            if let caseload, !caseload.isHome { session.assign(.string(caseload.id.description), to: "caseload", of: record) }
            session.write(summary, to: "summary", of: record)
        }
        return record
    }

    /// A caseload `admin` creates and shares with `colleague` in `role`.
    func share(_ name: String, from admin: Vault, with colleague: Vault, role: MembershipEntry.Role = .member) async throws -> Caseload {
        let caseload = try Caseload.create(named: name, in: admin, milliseconds: now())
        try await sync(admin)
        try await invite(colleague, to: caseload, from: admin, role: role)
        return caseload
    }

    /// `admin` invites `colleague` into an existing caseload.
    func invite(_ colleague: Vault, to caseload: Caseload, from admin: Vault, role: MembershipEntry.Role = .member) async throws {
        let code = LinkCode.generate()
        let guest = relay.transport(as: nil)
        var joined: Task<String, Error>?
        _ = try await CaseloadInvitation.offer(code: code, caseload: caseload, role: role, vault: admin, relay: try transport(admin), now: now, ready: {
            joined = Task { try await CaseloadInvitation.join(code: code, vault: colleague, relay: guest) }
        }, handOver: { try await self.sync(admin) })
        _ = try await joined?.value
        try await sync(colleague)
    }

    /// Opens a case in `caseload` (the home one when nil); returns its record.
    @discardableResult
    func openCase(in vault: Vault, caseload: Caseload? = nil, summary: String = "Eerste gesprek") throws -> RecordID {
        try vault.write { session in
            let id = session.newRecordID()
            session.assign(.string("case"), to: "kind", of: id)
            session.assign(.string("2026-03-14"), to: "opened", of: id)
            if let caseload, !caseload.isHome { session.assign(.string(caseload.id.description), to: "caseload", of: id) }
            session.write(summary, to: "summary", of: id)
            return id
        }
    }

    /// Opens a case as `vp case open` does (with a key of its own when every device reads
    /// them) in `caseload` (the own one when nil), under a new organisation; returns its
    /// reference and record.
    func openRegisterCase(in vault: Vault, caseload: Caseload? = nil, summary: String) throws -> (ref: String, id: RecordID) {
        let register = CaseRegister(vault: vault)
        let today = try LocalDate.parse("2026-03-14")
        let shared = caseload.flatMap { $0.isHome ? nil : $0.id.description }
        let organisation = "Organisatie \(UUID().uuidString.prefix(6))"
        _ = try register.write { _ = try $0.addOrganisation(name: organisation, caseload: shared) }
        let ref = try register.openCase(CaseDraft(organisation: organisation, opened: today, summary: summary, caseload: shared), today: today).result
        let id = try #require(try vault.records().first { $0.value.string("ref") == ref }?.key)
        return (ref, id)
    }

    /// Two counsellors sharing "Team", and a case the first (its admin) opened there as
    /// `vp case open` does, synced to both.
    func sharedCase(summary: String = "Gedeeld") async throws -> (admin: Vault, colleague: Vault, team: Caseload, ref: String, id: RecordID) {
        let admin = try counsellor()
        let colleague = try counsellor()
        let team = try await share("Team", from: admin, with: colleague)
        let (ref, id) = try openRegisterCase(in: admin, caseload: team, summary: summary)
        for vault in [admin, colleague, admin] { try await sync(vault) }
        return (admin, colleague, team, ref, id)
    }

    /// Raw SQL on a vault's file, as someone with the disk (or a fault) could do.
    func tamper(with vault: Vault, _ sql: String, _ arguments: StatementArguments = []) throws {
        let database = try DatabaseQueue(path: Vault.databasePath(in: vault.folder))
        try database.write { try $0.execute(sql: sql, arguments: arguments) }
    }

    /// Operations as `author` would make them, dated now.
    func operations(by author: DeviceID, _ changes: [(RecordID, String, Change)]) -> [FieldOperation] {
        var clock = HybridClock(device: author)
        return changes.map { FieldOperation(id: clock.tick(wallMilliseconds: now()), record: $0.0, field: $0.1, change: $0.2) }
    }

    /// Seals `operations` as `author`'s next envelope in `caseload`, as its own sync would.
    /// An envelope `author` did not make through a sync. `sequence` counts from the last
    /// envelope the author sent itself (a linked device's first sync sends one in its home
    /// caseload), so 1 is the next number it would use; a number that would overflow is kept
    /// as given (tests of out-of-range numbers).
    func envelope(
        _ operations: [FieldOperation], in caseload: Caseload, by author: Vault, sequence: UInt64, epoch: UInt32 = 0, keyScope: UInt8 = 0
    ) throws -> Envelope {
        let keys = try author.syncRead { try $0.epochKeys(caseload.id) }
        return try EnvelopeSeal.seal(operations, caseload: caseload.id, epoch: epoch, key: keys[epoch]!, author: author.identity().signing,
                                     sequence: try number(sequence, after: sent(by: author, in: caseload)), commitment: try commitment(of: author, in: caseload),
                                     keyScope: keyScope)
    }

    private func number(_ sequence: UInt64, after sent: UInt64) -> UInt64 {
        let (number, overflow) = sent.addingReportingOverflow(sequence)
        return overflow ? sequence : number
    }

    /// How many envelopes `author` has sent in `caseload` through its own syncs.
    func sent(by author: Vault, in caseload: Caseload) throws -> UInt64 {
        try author.syncRead { try $0.nextDeviceSequence(caseload.id) } - 1
    }

    /// The membership head `vault` holds for `caseload`, as its envelopes commit to it (no marks).
    func commitment(of vault: Vault, in caseload: Caseload) throws -> EnvelopeCommitment {
        let entries = try vault.syncRead { try $0.membershipEntries(caseload.id) }
        let head = try MembershipEntry(bytes: entries.last!)
        return EnvelopeCommitment(membershipLength: UInt64(entries.count), membershipHead: head.hash, marks: [])
    }
}
