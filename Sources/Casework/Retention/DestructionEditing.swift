import Identifiers
import Replica

/// The records that order and confirm a destruction, as operations of the data core. The
/// case itself is erased by the vault, not by operations: an operation would only add to
/// the log what destruction must take out of it.
extension ChangeSession {
    /// Writes the order that destroys `file`, under `id` (one id per case and caseload, so
    /// that two devices ordering it at once make one record).
    public mutating func orderDestruction(of file: CaseFile, id: RecordID, on day: LocalDate) {
        assign(.string(RecordKind.destroyedCase.rawValue), to: RecordKind.field, of: id)
        if let caseload = file.caseload { assign(.string(caseload), to: CaseField.caseload, of: id) }
        assign(.string(file.id.description), to: DestroyedCase.Field.case, of: id)
        assign(.string(file.ref), to: CaseField.ref, of: id)
        assign(.string(day.description), to: DestroyedCase.Field.destroyed, of: id)
    }

    /// Writes this device's receipt for `order`, under `id` (one per case, caseload and device).
    public mutating func confirmDestruction(of order: DestroyedCase, device: DeviceID, at time: String, id: RecordID) {
        guard let caseID = order.caseID else { return }
        assign(.string(RecordKind.destructionReceipt.rawValue), to: RecordKind.field, of: id)
        if let caseload = order.caseload { assign(.string(caseload), to: CaseField.caseload, of: id) }
        assign(.string(caseID.description), to: DestructionReceipt.Field.case, of: id)
        assign(.string(device.description), to: DestructionReceipt.Field.device, of: id)
        assign(.string(time), to: DestructionReceipt.Field.confirmed, of: id)
    }
}
