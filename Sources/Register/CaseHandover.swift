import Casework
import Foundation
import Identifiers
import Replica
import Sync
import Vault
import WireFormat

/// Handing open cases to a successor (issue 11, item 5): the outgoing counsellor moves them
/// into a caseload shared with the successor (private notes never travel), then makes the
/// successor an admin there and records the handover, signed by their device; the successor
/// removes the outgoing counsellor from that caseload with a key rotation and accepts it,
/// signed by theirs. The outgoing counsellor's devices let go of the cases once their sync
/// shows them removed.
extension CaseRegister {
    public struct HandoverGiven: Sendable {
        public let refs: [String]
        public let successor: String
        public let caseload: String
    }

    /// `vp handover give`: hands `refs` (or every open case of the own caseload and of
    /// `caseload`, with `allOpen`) to `member` through `caseload`.
    public func handOver(
        refs: [String], allOpen: Bool, to member: String, via caseload: Caseload, today: LocalDate,
        relay: any RelayTransport, now: @escaping @Sendable () -> UInt64
    ) async throws -> HandoverGiven {
        guard !caseload.isHome else { throw CaseworkError.contradicts("Cases are handed over through a caseload shared with the successor, not your own; name it with --via.") }
        _ = try await sync(relay: relay, now: now)
        let membership = try caseload.membership(in: vault)
        guard membership.members[try vault.identity().signing.publicKey]?.role == .admin else { throw SyncError.notAdmin(caseload.name) }
        let successor = try colleague(member, in: membership, caseload: caseload)
        let book = try wholeCasebook()
        let files = try allOpen
            ? book.cases.filter { $0.status == CaseStatus.open.code && ($0.caseload == nil || $0.caseload == caseload.id.description) }
            : Array(Set(refs)).sorted().map { try book.caseFile(ref: $0) }
        guard !files.isEmpty else { throw CaseworkError.contradicts("There are no open cases to hand over; name them, or give --all.") }
        // Everything that could stop a move half-way is checked before anything changes.
        for file in files where file.status != CaseStatus.open.code {
            throw CaseworkError.contradicts("Case \(file.ref) is closed; only open cases are handed over (a closed one stays with you until it is destroyed).")
        }
        for file in files where !file.conflicts.isEmpty { throw CaseworkError.conflictedMove(file.ref) }
        // Own changes there that have not left (kept for an older device, or a log in doubt)
        // would be lost once the successor removes this device.
        guard try !vault.syncRead({ try $0.hasDeferred(caseload.id) || !$0.outbox(caseload.id).isEmpty }) else {
            throw SyncError.changesWaiting(caseload.name)
        }
        let moving = files.filter { $0.caseload != caseload.id.description }
        try ensureReadable(moving.map(\.id), in: caseload)
        // All in one write, checked just above with nothing in between: none moves unless all
        // do. The role changes after (it syncs): run again, it finds the cases moved.
        if !moving.isEmpty { _ = try write { session in for file in moving { try session.moveCase(ref: file.ref, to: caseload.id.description) } } }
        _ = try await changeRole(of: successor.description, in: caseload, to: .admin, relay: relay, now: now)
        let own = try Caseload.home(of: vault).counsellor.description
        _ = try write(needing: RecordNeeds(records: files.map(\.id))) { session in
            session.recordHandover(of: files, from: own, to: successor.description, via: caseload.id.description, on: today)
        }
        _ = try await sync(relay: relay, now: now)
        return HandoverGiven(refs: files.map(\.ref), successor: try counsellorNames()[successor.description] ?? successor.description,
                             caseload: caseload.name)
    }

    /// `vp handover accept`: for every handover to this counsellor whose cases have all
    /// arrived, removes the outgoing counsellor from its caseload (with a key rotation), then
    /// records the acceptance, in that order, so that a run cut short is finished by the next.
    /// Returns the handovers accepted, and those that must wait (cases not all here yet, or
    /// this device not an admin there).
    public func acceptHandovers(today: LocalDate, relay: any RelayTransport, now: @escaping @Sendable () -> UInt64) async throws
        -> (accepted: [Handover], waiting: [Handover])
    {
        _ = try await sync(relay: relay, now: now)
        var accepted: [Handover] = []
        var waiting: [Handover] = []
        for handover in try waitingHandovers() {
            guard let hex = handover.caseload, let caseload = try Caseload.all(in: vault).first(where: { $0.id.description == hex }),
                  try caseload.membership(in: vault).members[vault.identity().signing.publicKey]?.role == .admin,
                  try hasArrived(handover)
            else {
                waiting.append(handover)
                continue
            }
            if try caseload.membership(in: vault).members.values.contains(where: { $0.counsellor.description == handover.from }) {
                _ = try await removeColleague(handover.from, from: caseload, relay: relay, now: now)
            }
            _ = try write(needing: RecordNeeds(records: [handover.id])) { $0.acceptHandover(handover, on: today) }
            accepted.append(handover)
        }
        if !accepted.isEmpty { _ = try await sync(relay: relay, now: now) }
        return (accepted, waiting)
    }

    /// Whether every case of `handover` is here, in its caseload: removing the outgoing
    /// counsellor before would cut off envelopes of theirs still on the way.
    private func hasArrived(_ handover: Handover) throws -> Bool {
        let records = try vault.records(RecordNeeds(records: handover.cases))
        return handover.cases.allSatisfy { records[$0]?.string(CaseField.caseload) == handover.caseload }
    }

    /// Handovers to this counsellor not accepted yet, each written by a device of the
    /// counsellor it names as outgoing (a record anyone else wrote is ignored); an
    /// acceptance counts only as written by a device of the successor.
    func waitingHandovers() throws -> [Handover] {
        guard let me = try ownCounsellor()?.description else { return [] }
        let owners = try Caseload.counsellorsByDevice(in: vault)
        return Casebook(records: try vault.records(CaseIndex.handoverNeeds)).handovers.filter { handover in
            handover.caseload != nil && handover.to == me && owners[handover.writtenBy]?.description == handover.from
                && handover.acceptedBy.flatMap { owners[$0]?.description } != me
        }
    }

    /// On the outgoing counsellor's devices: once the signed membership log of the caseload
    /// the cases went to shows this device removed (the successor accepted), erases what is
    /// left here of each case handed over through it, and of its conversations, in that
    /// caseload only (a case handed back later lives elsewhere and stays). Runs at the end of
    /// every sync. Returns how many records were erased.
    @discardableResult
    func letGoOfHandedOverCases() throws -> Int {
        guard let own = try ownCounsellor()?.description else { return 0 }
        let given = Casebook(records: try vault.records(CaseIndex.handoverNeeds)).handovers.filter { $0.caseload == nil && $0.from == own }
        guard !given.isEmpty else { return 0 }
        let me = try vault.identity().signing.publicKey
        // Caseloads this device was removed from, by the signed log (each read once).
        let left = Set(try Caseload.all(in: vault).filter { try !$0.isHome && $0.membership(in: vault).removed[me] != nil }.map(\.id.description))
        var erased = 0
        for handover in given {
            guard let via = handover.via, left.contains(via) else { continue }
            // Nothing of it left in that caseload (so after the first pass): no need to read the log.
            let held = try indexedContent(of: handover.cases)
            guard held.values.contains(where: { $0.values.contains { $0.string(CaseField.caseload) == via } }) else { continue }
            let content = try placedContent(of: handover.cases)
            let ids = Set(content.members.values.joined()).filter { content.states[$0]?.string(CaseField.caseload) == via }
            if !ids.isEmpty { erased += try vault.erase(ids).records.count }
        }
        return erased
    }

    /// The colleague `member` names in `membership`: a display name (ignoring case) or the
    /// start of a counsellor id, never this counsellor.
    private func colleague(_ member: String, in membership: Membership, caseload: Caseload) throws -> CounsellorID {
        let names = try counsellorNames()
        let others = Set(membership.members.values.map(\.counsellor)).subtracting([caseload.counsellor])
        let wanted = member.trimmingCharacters(in: .whitespaces).lowercased()
        let byName = others.filter { names[$0.description]?.lowercased() == wanted }
        if byName.count == 1, let found = byName.first { return found }
        let byID = others.filter { $0.description.hasPrefix(wanted) }
        guard !wanted.isEmpty, byID.count == 1, let found = byID.first else { throw SyncError.unknownCounsellor(member) }
        return found
    }
}
