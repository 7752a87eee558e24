import Cryptography
import Identifiers
import Replica
import Signatures
import Vault
import WireFormat

/// Verifies envelopes pulled from one caseload, in the order of Protocol/sync.md. A
/// tampered, replayed, foreign or unreadable envelope is rejected and counted, never
/// applied, and does not stop the sync; a storage failure during a check does stop it,
/// since a check that cannot read its bookkeeping must not pass.
struct EnvelopeCheck {
    let caseload: Caseload
    let membership: Membership
    let keys: [UInt32: SymmetricKey]
    /// This device: its own envelopes are already applied here, those numbered from
    /// `ownNext` on excepted (made before its vault was restored from a backup).
    let reader: SigningPublicKey
    let ownNext: UInt64
    let routing: FieldRouting
    /// The latest date (Unix milliseconds) an operation may carry to be applied now.
    let latestAcceptable: UInt64
    /// Whether `membership` was fetched again for an envelope that referred to a longer
    /// log; then such an envelope waits instead of asking for another fetch.
    let refetched: Bool

    /// How far ahead of this device's clock another device's operations may be dated
    /// (clocks of honest devices disagree by seconds, rarely minutes).
    static let allowedDriftMilliseconds: UInt64 = 5 * 60_000

    /// What the checks of one page found.
    struct Verdicts {
        /// The accepted operations to apply, envelope by envelope.
        var batches: [EncodedBatch] = []
        var operationCount: Int { batches.reduce(0) { $0 + $1.operations.count } }
        var accepted = 0
        var own = 0
        var rejected: [EnvelopeSeal.Rejection: Int] = [:]
        /// The highest sequence accepted per author in this page, to store with the page.
        var lastSeen: [SigningPublicKey: UInt64] = [:]
        /// Records accepted envelopes of this page placed in the caseload (not stored yet).
        var claimed: Set<RecordID> = []
        /// Operations of accepted envelopes held back, one group per envelope; and every
        /// record held operations touch (envelopes touching them wait behind them).
        var held: [[FieldOperation]] = []
        var heldRecords: Set<RecordID> = []
        /// Envelopes written under a longer membership log than the relay shows this device.
        var pending: [[UInt8]] = []
        /// The highest number of this device's own envelopes applied here (a restored vault's).
        var ownRestored: UInt64?
        /// Control messages of accepted envelopes, with their authors, in order.
        var control: [(author: SigningPublicKey, message: ControlMessage)] = []
        /// Accepted case content envelopes whose case key this device lacks, by case id.
        var keyless: [(caseID: [UInt8], envelope: [UInt8])] = []
        /// The cases whose keys this reader holds (read at the first envelope that needs it):
        /// a key certifies its case, so nobody can make a case count as keyed by naming it.
        var keyedCases: Set<RecordID>?
        /// The case each record was placed in by this delivery's accepted or held operations,
        /// ahead of the stored state: check 9b judges an envelope as if those were applied.
        var placedIn: [RecordID: RecordID] = [:]

        init() {}

        /// Verdicts of a delivery that follows the operations `held` back before it: their
        /// records wait, and their placements count for check 9b.
        init(after held: [FieldOperation], routing: FieldRouting) {
            heldRecords = Set(held.map(\.record))
            placedIn = EnvelopeCheck.placements(of: held, routing: routing)
        }
    }

    /// An envelope refers to a membership log longer than the reader's: the reader must
    /// fetch the log again before it can judge this envelope (or anything after it).
    struct UnknownMembershipHead: Error {}

    /// Checks envelopes in the order given. What needs no bookkeeping (parsing, signature,
    /// decryption) is done for all of them in parallel first; the verdicts still follow the
    /// order of Protocol/sync.md, envelope by envelope.
    func check(_ envelopes: [[UInt8]], ledger: SyncLedger, into verdicts: inout Verdicts) throws {
        let keys = keys, caseload = caseload.id, reader = reader, ownNext = ownNext
        var prepared = ParallelChunks.map(envelopes, minimumChunk: 1) { chunk in
            chunk.map { PreparedEnvelope($0, caseload: caseload, keys: keys, reader: reader, ownNext: ownNext) }
        }
        // Case content opens in parallel too, with the keys held before this delivery (one
        // read for all of them); keys that come with it open what waits for them afterwards.
        let wanted = Set(prepared.joined().compactMap(\.caseID))
        if !wanted.isEmpty {
            let caseKeys = try ledger.caseKeys(wanted).mapValues { CaseKey(key: $0.key) }
            if !caseKeys.isEmpty {
                prepared = ParallelChunks.map(Array(prepared.joined()), minimumChunk: 64) { chunk in
                    chunk.map { $0.openingCaseContent(with: caseKeys, epochKeys: keys) }
                }
            }
        }
        for chunk in prepared {
            for envelope in chunk {
                switch try verify(envelope, ledger: ledger, verdicts: &verdicts) {
                case .success(let batch): if !batch.operations.isEmpty { verdicts.batches.append(batch) }
                case .failure(let rejection): verdicts.rejected[rejection, default: 0] += 1
                }
            }
        }
    }

    private func verify(_ prepared: PreparedEnvelope, ledger: SyncLedger, verdicts: inout Verdicts) throws -> Result<EncodedBatch, EnvelopeSeal.Rejection> {
        if let stub = prepared.stub {
            guard prepared.isSignatureValid else { return .failure(.tampered) }
            // Check 3s: a stub stands for its envelope only under a destroy order of this
            // log whose tag key gives the stub's tag; else the number stays missing (the
            // envelope itself may still come), and the log is fetched again once.
            let destroyed = membership.destroys(tag: stub.tag, nonce: stub.header.nonce)
            if !destroyed && !refetched { throw UnknownMembershipHead() }
            // It takes its envelope's number and applies nothing.
            return try admit(stub.header, bytes: prepared.bytes, ledger: ledger, verdicts: &verdicts,
                             beforeNumber: { destroyed ? nil : .stubWithoutDestruction }) ?? .success(.empty)
        }
        guard let envelope = prepared.envelope else { return .failure(.malformed) }
        guard prepared.isSignatureValid else { return .failure(.tampered) }
        if let decided = try admit(EnvelopeHeader(envelope), bytes: prepared.bytes, ledger: ledger, verdicts: &verdicts, beforeNumber: { nil }) {
            return decided
        }
        switch envelope.keyScope {
        case 0:
            guard let opened = prepared.contents else { return .failure(.unknownKey) }
            return try judge(envelope, opened, caseID: nil, ledger: ledger, verdicts: &verdicts)
        case ControlEnvelopeSeal.keyScope:
            // Checks 8 to 10 become parsing the control message exactly; what it says is taken
            // in with the page (KeyPool.receive).
            guard let opened = prepared.control else { return .failure(.unknownKey) }
            guard case .success(let message) = opened else { return opened.map { _ in .empty } }
            try noteMarks(envelope.commitment, ledger: ledger, verdicts: verdicts)
            verdicts.control.append((envelope.author, message))
            return .success(.empty)
        case CaseEnvelopeBody.keyScope:
            guard let caseID = prepared.caseID else { return .failure(.unknownKey) }
            // Check 6a: the content of a case destroyed here is taken in its place and applies nothing.
            if membership.destroyedCases[caseID] != nil { return .success(.empty) }
            // A key held means the case was not destroyed here (destroying deletes the key).
            guard let opened = prepared.contents else {
                if try ledger.isDestroyed(caseID) { return .success(.empty) }
                // No key here yet: its number is seen; the envelope waits for the key to come in a drop.
                verdicts.keyless.append((caseID, prepared.bytes))
                return .success(.empty)
            }
            return try judge(envelope, opened, caseID: caseID, ledger: ledger, verdicts: &verdicts)
        default:
            return .failure(.unknownScope)
        }
    }

    /// Judges case content that waited for its key, now that the key is here, in the order it
    /// came: its checks up to 4 were passed when it arrived.
    func judgeKeyless(_ envelopes: [(caseID: [UInt8], envelope: [UInt8])], ledger: SyncLedger, into verdicts: inout Verdicts) throws {
        for (caseID, bytes) in envelopes {
            // Stored by this device after checks 1 to 4: anything else is damage, not an attacker's.
            guard let envelope = try? Envelope(bytes: bytes), let epochKey = keys[envelope.epoch], let held = try ledger.caseKey(caseID) else {
                throw VaultError.damaged(what: "waiting case content")
            }
            // Check 6a again: this log may have destroyed the case while the content waited.
            if membership.destroyedCases[caseID] != nil { continue }
            let opened = CaseEnvelopeSeal.open(envelope, caseKey: CaseKey(key: held.key), epochKey: epochKey)
            switch try judge(envelope, opened, caseID: caseID, ledger: ledger, verdicts: &verdicts) {
            case .success(let batch): if !batch.operations.isEmpty { verdicts.batches.append(batch) }
            case .failure(let rejection): verdicts.rejected[rejection, default: 0] += 1
            }
        }
    }

    /// Checks 7 to 10 of an opened envelope (`caseID`: the case of case content).
    private func judge(_ envelope: Envelope, _ opened: Result<EncodedBatch, EnvelopeSeal.Rejection>, caseID: [UInt8]?, ledger: SyncLedger,
                       verdicts: inout Verdicts) throws -> Result<EncodedBatch, EnvelopeSeal.Rejection> {
        guard case .success(let batch) = opened else { return opened }
        let operations = batch.operations
        try noteMarks(envelope.commitment, ledger: ledger, verdicts: verdicts)
        // Rights on fields, judged by the operations alone (before any holding back: held
        // operations are not judged by author again). In the own caseload every device is
        // the counsellor's own, all of them admins.
        if routing.writesAnotherDevicesField(operations) { return .failure(.notOwner) }
        if !caseload.isHome, routing.touchesAdminOnlyFields(operations), !wasAdmin(envelope) { return .failure(.notAdmin) }
        guard try keepsItsKeyScope(operations, caseID: caseID, ledger: ledger, verdicts: &verdicts) else { return .failure(.wrongKeyScope) }
        // Behind held operations (e.g. the record's creation, dated ahead): wait with them.
        if !verdicts.heldRecords.isDisjoint(with: operations.map(\.record)) {
            note(placementsOf: operations, in: &verdicts)
            return hold(operations, &verdicts)
        }
        if !caseload.isHome {
            var states = try ledger.records(Set(operations.map(\.record)))
            // The counsellor's own device may take an own record into the caseload (`vp case
            // move`): for it, a record of the own caseload counts as not placed yet.
            if isOwnDevice(envelope.author) { states = states.filter { $0.value.string(routing.partitionField) != nil } }
            guard routing.staysInside(operations, partition: caseload.id.description, states: states, claimed: verdicts.claimed) else {
                return .failure(.outsideCaseload)
            }
        }
        note(placementsOf: operations, in: &verdicts)
        // Dated in the future: applying it would let it win every edit until then.
        guard operations.allSatisfy({ $0.id.timestamp.milliseconds <= latestAcceptable }) else { return hold(operations, &verdicts) }
        if !caseload.isHome { verdicts.claimed.formUnion(routing.claimed(by: operations, partition: caseload.id.description)) }
        return opened
    }

    /// Checks 2a to 4 of an envelope (or a stub) by its header: the log it commits to, the
    /// author's right, then, after `beforeNumber` (a stub's check 3s), its number. Returns the
    /// verdict when these decide it (rejected, waiting for the log, or this device's own),
    /// nil when the envelope's contents are to be judged next.
    private func admit(_ envelope: EnvelopeHeader, bytes: [UInt8], ledger: SyncLedger, verdicts: inout Verdicts,
                       beforeNumber: () -> EnvelopeSeal.Rejection?) throws -> Result<EncodedBatch, EnvelopeSeal.Rejection>? {
        let writer = membership.canWrite(envelope.author, epoch: envelope.epoch, sequence: envelope.sequence)
            || (isControlOfReader(envelope) && envelope.epoch <= membership.epoch)
        if let commitment = envelope.commitment {
            if commitment.membershipLength > UInt64(membership.entries.count) {
                guard refetched else { throw UnknownMembershipHead() }
                // Only a writer of this log can put it in doubt (its epoch may lie in the part
                // not shown yet); anyone else is a stranger.
                guard membership.isWriter(envelope.author) || isControlOfReader(envelope) else { return .failure(.notMember) }
                verdicts.pending.append(bytes)
                return .success(.empty)
            }
            guard commitment.membershipLength > 0,
                  membership.entries[Int(commitment.membershipLength) - 1].hash == commitment.membershipHead
            else { return .failure(.forked) }
        }
        guard writer else { return .failure(.notMember) }
        if let refused = beforeNumber() { return .failure(refused) }
        let last = try verdicts.lastSeen[envelope.author] ?? ledger.lastSequence(caseload.id, author: envelope.author.bytes)
        if envelope.sequence > last {
            let announced = try announcedThrough(envelope.author, accepted: last, ledger: ledger)
            if envelope.sequence > announced {
                try missing(envelope.author, from: announced + 1, through: envelope.sequence - 1, ledger: ledger)
            } else {
                // A mark announced it: it fills that gap.
                guard try ledger.fillGap(caseload.id, author: envelope.author.bytes, envelope.sequence) else { return .failure(.replayed) }
            }
            verdicts.lastSeen[envelope.author] = envelope.sequence
        } else {
            // Below the highest: new only if it was missing (the relay reordered or held it back).
            guard try ledger.fillGap(caseload.id, author: envelope.author.bytes, envelope.sequence) else { return .failure(.replayed) }
        }
        verdicts.accepted += 1
        if envelope.author == reader {
            guard envelope.sequence >= ownNext else {
                verdicts.own += 1
                return .success(.empty)  // already applied here when it was made
            }
            // Made here before this vault was restored from a backup: applied like anyone's,
            // and this device numbers on after it.
            verdicts.ownRestored = max(verdicts.ownRestored ?? 0, envelope.sequence)
        }
        return nil
    }

    /// Check 9b: case content stays in its key scope. A case content envelope touches only its
    /// case and records placed in it (by this envelope, by operations accepted or held before
    /// it in this delivery, or in the stored state), and places nothing elsewhere; any other
    /// envelope touches no case whose key this reader holds, none of its conversations, and
    /// places nothing in one. So a member cannot leak a keyed case's content into envelopes
    /// that outlive the case key, nor smuggle other records into it. (A conversation never
    /// changes case in this schema; moving one is refused both ways.)
    private func keepsItsKeyScope(_ operations: [FieldOperation], caseID: [UInt8]?, ledger: SyncLedger, verdicts: inout Verdicts) throws -> Bool {
        guard let caseField = routing.caseField else { return true }
        if let caseID {
            guard let caseRecord = RecordID(bytes: caseID) else { return false }
            var placed: Set<RecordID> = [caseRecord]
            for operation in operations where operation.field == caseField {
                guard operation.change == .assign(.string(caseRecord.description)) else { return false }
                placed.insert(operation.record)
            }
            let others = Set(operations.map(\.record)).subtracting(placed)
            guard !others.isEmpty else { return true }
            let found = try cases(of: others, field: caseField, ledger: ledger, verdicts: verdicts)
            return others.allSatisfy { found[$0] == caseRecord }
        }
        if verdicts.keyedCases == nil { verdicts.keyedCases = Set(try ledger.heldCaseIDs().compactMap(RecordID.init(bytes:))) }
        guard let keyed = verdicts.keyedCases, !keyed.isEmpty else { return true }
        for operation in operations {
            if keyed.contains(operation.record) { return false }
            if operation.field == caseField, case .assign(.string(let value)) = operation.change, let named = RecordID(hex: value), keyed.contains(named) {
                return false
            }
        }
        return try !cases(of: Set(operations.map(\.record)), field: caseField, ledger: ledger, verdicts: verdicts).values.contains(where: keyed.contains)
    }

    /// The case each of `records` is in: as placed earlier in this delivery, else as stored.
    private func cases(of records: Set<RecordID>, field: String, ledger: SyncLedger, verdicts: Verdicts) throws -> [RecordID: RecordID] {
        var found: [RecordID: RecordID] = [:]
        let unplaced = records.filter { verdicts.placedIn[$0] == nil }
        for (id, state) in try ledger.records(unplaced) {
            if let named = state.string(field).flatMap(RecordID.init(hex:)) { found[id] = named }
        }
        for id in records { if let placed = verdicts.placedIn[id] { found[id] = placed } }
        return found
    }

    /// Remembers where `operations` place records, for check 9b of what follows in this delivery.
    private func note(placementsOf operations: [FieldOperation], in verdicts: inout Verdicts) {
        verdicts.placedIn.merge(Self.placements(of: operations, routing: routing)) { _, later in later }
    }

    /// The case each record is placed in by `operations` (the last placement of each).
    static func placements(of operations: [FieldOperation], routing: FieldRouting) -> [RecordID: RecordID] {
        guard let caseField = routing.caseField else { return [:] }
        var placed: [RecordID: RecordID] = [:]
        for operation in operations where operation.field == caseField {
            if case .assign(.string(let value)) = operation.change, let named = RecordID(hex: value) { placed[operation.record] = named }
        }
        return placed
    }

    /// A current reader may send control envelopes (its keys, its receipts), nothing else.
    private func isControlOfReader(_ envelope: EnvelopeHeader) -> Bool {
        envelope.keyScope == ControlEnvelopeSeal.keyScope && membership.members[envelope.author] != nil
    }

    private func hold(_ operations: [FieldOperation], _ verdicts: inout Verdicts) -> Result<EncodedBatch, EnvelopeSeal.Rejection> {
        verdicts.held.append(operations)
        verdicts.heldRecords.formUnion(operations.map(\.record))
        return .success(.empty)
    }

    /// The author had accepted envelopes of others that this reader has not: held back by
    /// the relay, or still coming. They become gaps (reported until they arrive); the
    /// highest accepted number stays what this reader accepted, so marks cannot raise it.
    /// Only marks of writers this log knows count, of a removed one no more than its ceiling.
    private func noteMarks(_ commitment: EnvelopeCommitment?, ledger: SyncLedger, verdicts: Verdicts) throws {
        for mark in commitment?.marks ?? [] where mark.author != reader {
            guard membership.members[mark.author] != nil || membership.removed[mark.author] != nil else { continue }
            let seen = min(mark.sequence, membership.removed[mark.author]?.ceiling ?? .max)
            let highest = try verdicts.lastSeen[mark.author] ?? ledger.lastSequence(caseload.id, author: mark.author.bytes)
            try missing(mark.author, from: try announcedThrough(mark.author, accepted: highest, ledger: ledger) + 1, through: seen, ledger: ledger)
        }
    }

    /// The highest number of `author` known to exist: accepted, or missing (in a gap).
    private func announcedThrough(_ author: SigningPublicKey, accepted: UInt64, ledger: SyncLedger) throws -> UInt64 {
        max(accepted, try ledger.gaps(caseload.id, author: author.bytes).map(\.last).max() ?? 0)
    }

    /// Whether `device` was added to this caseload's log as one of the reader's counsellor's
    /// own devices (signed `add` entries say whose a device is).
    private func isOwnDevice(_ device: SigningPublicKey) -> Bool {
        membership.entries.contains { entry in
            if case .add(device, _, caseload.counsellor, _) = entry.action { true } else { false }
        }
    }

    /// Whether the author was an admin under the membership log its envelope commits to: the
    /// same verdict on every device, whenever it reads the envelope (a later demotion or
    /// removal changes nothing). A version 1 envelope commits to no log, so it never was.
    private func wasAdmin(_ envelope: Envelope) -> Bool {
        guard let length = envelope.commitment?.membershipLength, length > 0, length <= UInt64(membership.entries.count) else { return false }
        if length == UInt64(membership.entries.count) { return membership.members[envelope.author]?.role == .admin }
        guard let then = try? Membership(entries: Array(membership.entries.prefix(Int(length)))) else { return false }
        return then.members[envelope.author]?.role == .admin
    }

    /// Notes that `author`'s numbers `first...last` have not arrived (nothing when empty).
    private func missing(_ author: SigningPublicKey, from first: UInt64, through last: UInt64, ledger: SyncLedger) throws {
        if first <= last { try ledger.addGap(caseload.id, author: author.bytes, from: first, to: last) }
    }

}
