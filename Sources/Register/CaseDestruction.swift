import Casework
import Foundation
import Identifiers
import Replica
import Signatures
import Sync
import Vault

/// Destroying cases (Protocol/records.md, Destruction): an admin of the case's caseload
/// writes the order, a record with no content; every device that reads it erases the case
/// and its conversations from its vault and answers with a receipt. Orders are honoured
/// only from a device that is an admin of the order's caseload (the own devices for the
/// own caseload): sync refuses anyone else's, and this is checked again here.
extension CaseRegister {
    /// What one destruction did on this device.
    public struct Destruction: Sendable {
        public let ref: String
        public let records: Int
        public let operations: Int
    }

    /// `vp case destroy REF`: only a closed case counted in the finalised report of every
    /// year it was open, unless `force`.
    public func destroyCase(ref: String, force: Bool, today: LocalDate, now: UInt64) throws -> Destruction {
        let book = try wholeCasebook()
        let file = try book.caseFile(ref: ref)
        if !force, let obstacle = RetentionRules.obstacle(to: file, in: book) { throw CaseworkError.notYetDestroyable(ref: ref, reason: obstacle) }
        try order(file, today: today)
        let done = try carryOutDestructions(now: now)
        return done.first { $0.ref == ref } ?? Destruction(ref: ref, records: 0, operations: 0)
    }

    /// The cases due for destruction: closed, counted in finalised reports, and past their
    /// `destroy_after` day.
    public func casesDue(today: LocalDate) throws -> [CaseFile] {
        let book = try wholeCasebook()
        return book.cases.filter { RetentionRules.isDue($0, in: book, today: today) }
    }

    /// `vp retention run`: destroys every case due.
    public func destroyDueCases(today: LocalDate, now: UInt64) throws -> [Destruction] {
        let due = try casesDue(today: today)
        for file in due { try order(file, today: today) }
        return try carryOutDestructions(now: now)
    }

    /// Writes the order to destroy `file`; refused unless this device is an admin of the
    /// case's caseload.
    private func order(_ file: CaseFile, today: LocalDate) throws {
        let caseload = try orderCaseload(file.caseload)
        if !caseload.isHome, try caseload.membership(in: vault).members[vault.identity().signing.publicKey]?.role != .admin {
            throw SyncError.notAdmin(caseload.name)
        }
        let id = Self.orderRecord(case: file.id, caseload: caseload.id)
        _ = try write(needing: RecordNeeds(records: [file.id, id])) { $0.orderDestruction(of: file, id: id, on: today) }
    }

    /// Carries out every honoured order this device has not carried out yet: erases the
    /// case and its conversations, and once the erasure reached the database file (WAL
    /// checkpointed), writes this device's receipt. Runs after every sync and destruction;
    /// it does nothing when all is done already.
    @discardableResult
    func carryOutDestructions(now: UInt64) throws -> [Destruction] {
        let book = Casebook(records: try vault.records(CaseIndex.destructionNeeds))
        guard !book.destroyedCases.isEmpty else { return [] }
        let admins = try orderingDevices()
        let me = vault.device
        let readOnly = try readOnlyCaseloads()
        var done: [Destruction] = []
        for order in book.destroyedCases {
            guard let caseID = order.caseID, let author = order.orderedBy, admins[order.caseload ?? "", default: []].contains(author) else { continue }
            let content = try vault.records(CaseIndex.contentNeeds(of: caseID))
            // Only what is in the order's caseload: an admin of one caseload cannot destroy a
            // copy the counsellor took elsewhere (a case moved out of it).
            let erasable = Set(content.filter { Self.isErasable($0.value, id: $0.key, by: order, caseID: caseID) }.keys)
            let receiptID = Self.receiptRecord(case: caseID, caseload: try orderCaseload(order.caseload).id, device: me)
            let confirmed = book.destructionReceipts.contains { $0.id == receiptID && $0.isAuthentic }
            guard !erasable.isEmpty || !confirmed else { continue }
            var checkpointed = true
            if !erasable.isEmpty {
                let erasure = try vault.erase(erasable)
                checkpointed = erasure.checkpointed
                done.append(Destruction(ref: order.ref, records: erasure.records, operations: erasure.operations))
            } else {
                checkpointed = try vault.checkpoint()
            }
            // A reader may not write in the caseload: its erasure goes unconfirmed.
            guard checkpointed, !confirmed, readOnly[order.caseload ?? ""] == nil else { continue }
            let time = Date(timeIntervalSince1970: Double(now) / 1000).formatted(.iso8601)
            _ = try write(needing: RecordNeeds(records: [receiptID])) { $0.confirmDestruction(of: order, device: me, at: time, id: receiptID) }
        }
        return done
    }

    /// The case itself (or what arrived of it so far: its private note alone) or one of its
    /// conversations, in the caseload of the order.
    private static func isErasable(_ state: RecordState, id: RecordID, by order: DestroyedCase, caseID: RecordID) -> Bool {
        let kind = state.string(RecordKind.field)
        if id == caseID {
            if kind == nil { return true }
            return kind == RecordKind.case.rawValue && state.string(CaseField.caseload) == order.caseload
        }
        return kind == RecordKind.contact.rawValue && state.string("case") == caseID.description
            && state.string(CaseField.caseload) == order.caseload
    }

    /// Per caseload (hex id; "" for the own one), the devices whose orders count: the
    /// admins of a shared caseload; every own device, revoked ones included (what they
    /// wrote before their removal counts), for the own one.
    func orderingDevices() throws -> [String: Set<DeviceID>] {
        var result: [String: Set<DeviceID>] = [:]
        for caseload in try Caseload.all(in: vault) {
            let membership = try caseload.membership(in: vault)
            let devices = caseload.isHome
                ? Array(membership.members.keys) + Array(membership.removed.keys)
                : membership.members.values.filter { $0.role == .admin }.map(\.device)
            result[caseload.isHome ? "" : caseload.id.description] = Set(devices.map(DeviceIdentity.deviceID(of:)))
        }
        return result
    }

    /// The caseload an order is given in: the shared one named (hex id), else the own one.
    func orderCaseload(_ hex: String?) throws -> Caseload {
        guard let hex else { return try Caseload.home(of: vault) }
        guard let caseload = try Caseload.all(in: vault).first(where: { $0.id.description == hex }) else { throw SyncError.notSetUp }
        return caseload
    }

    private func wholeCasebook() throws -> Casebook {
        try Casebook(streaming: { consume in try vault.streamRecords { consume($0) } })
    }

    /// One order record per case and caseload, so that two admins ordering at once make one.
    static func orderRecord(case caseID: RecordID, caseload: CaseloadID) -> RecordID {
        Caseload.record("vertrouwd:destroyed-case:v1", caseID.bytes + caseload.bytes)
    }

    /// One receipt record per case, caseload and device.
    static func receiptRecord(case caseID: RecordID, caseload: CaseloadID, device: DeviceID) -> RecordID {
        Caseload.record("vertrouwd:destruction-receipt:v1", caseID.bytes + caseload.bytes + BigEndian.bytes(of: device.rawValue))
    }
}
