import Casework
import Foundation
import Identifiers
import Replica
import Sync
import Vault
import WireFormat

/// Handing open cases to a successor (issue 11, item 5): the outgoing counsellor moves them
/// into a caseload shared with the successor (private notes never travel), makes the
/// successor an admin there and records the handover, signed by their device; the successor
/// accepts it, signed by theirs, and removes the outgoing counsellor from that caseload with
/// a key rotation. The outgoing counsellor's own devices let go of the cases at their next sync.
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
        let book = try Casebook(streaming: { consume in try vault.streamRecords { consume($0) } })
        let files = try allOpen
            ? book.cases.filter { $0.status == CaseStatus.open.code && ($0.caseload == nil || $0.caseload == caseload.id.description) }
            : refs.map { try book.caseFile(ref: $0) }
        guard !files.isEmpty else { throw CaseworkError.contradicts("There are no open cases to hand over; name them, or give --all.") }
        for file in files where file.status != CaseStatus.open.code {
            throw CaseworkError.contradicts("Case \(file.ref) is closed; only open cases are handed over (a closed one stays with you until it is destroyed).")
        }
        _ = try await changeRole(of: successor.description, in: caseload, to: .admin, relay: relay, now: now)
        for file in files where file.caseload != caseload.id.description { _ = try move(ref: file.ref, to: caseload) }
        let own = try Caseload.home(of: vault).counsellor.description
        _ = try write(needing: RecordNeeds(records: files.map(\.id))) { session in
            session.recordHandover(of: files, from: own, to: successor.description, via: caseload.id.description, on: today)
        }
        _ = try await sync(relay: relay, now: now)
        return HandoverGiven(refs: files.map(\.ref), successor: try counsellorNames()[successor.description] ?? successor.description,
                             caseload: caseload.name)
    }

    /// `vp handover accept`: accepts every handover to this counsellor, and removes each
    /// outgoing counsellor from its caseload (with a key rotation).
    public func acceptHandovers(today: LocalDate, relay: any RelayTransport, now: @escaping @Sendable () -> UInt64) async throws -> [Handover] {
        _ = try await sync(relay: relay, now: now)
        var accepted: [Handover] = []
        for handover in try waitingHandovers() {
            guard let hex = handover.caseload, let caseload = try Caseload.all(in: vault).first(where: { $0.id.description == hex }) else { continue }
            guard try caseload.membership(in: vault).members[vault.identity().signing.publicKey]?.role == .admin else {
                throw SyncError.notAdmin(caseload.name)
            }
            _ = try write(needing: RecordNeeds(records: [handover.id])) { $0.acceptHandover(handover, on: today) }
            if try caseload.membership(in: vault).members.values.contains(where: { $0.counsellor.description == handover.from }) {
                _ = try await removeColleague(handover.from, from: caseload, relay: relay, now: now)
            }
            accepted.append(handover)
        }
        if !accepted.isEmpty { _ = try await sync(relay: relay, now: now) }
        return accepted
    }

    /// Handovers to this counsellor not accepted yet, each written by a device of the
    /// counsellor it names as outgoing (a record anyone else wrote is ignored).
    func waitingHandovers() throws -> [Handover] {
        guard let me = try? Caseload.home(of: vault).counsellor.description else { return [] }
        let owners = try Caseload.counsellorsByDevice(in: vault)
        return Casebook(records: try vault.records(CaseIndex.handoverNeeds)).handovers.filter { handover in
            handover.caseload != nil && handover.to == me && handover.accepted == nil
                && owners[handover.writtenBy]?.description == handover.from
        }
    }

    /// On the outgoing counsellor's devices: erases every case handed over (and its
    /// conversations and private note), after the sync that sent its last changes. Runs
    /// after every sync, since a colleague's later change can bring a piece back until the
    /// successor has removed this counsellor. Returns how many records were erased.
    @discardableResult
    func letGoOfHandedOverCases() throws -> Int {
        guard let own = try? Caseload.home(of: vault).counsellor.description else { return 0 }
        var erased = 0
        for handover in Casebook(records: try vault.records(CaseIndex.handoverNeeds)).handovers where handover.caseload == nil && handover.from == own {
            for caseID in handover.cases {
                let content = try vault.records(CaseIndex.contentNeeds(of: caseID))
                let ids = Set(content.filter { id, state in
                    id == caseID || (state.string(RecordKind.field) == RecordKind.contact.rawValue && state.string("case") == caseID.description)
                }.keys)
                if !ids.isEmpty { erased += try vault.erase(ids).records.count }
            }
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
