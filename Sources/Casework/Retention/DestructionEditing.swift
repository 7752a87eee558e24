import Identifiers
import Replica

/// The order that destroys a case and each device's confirmation, as operations of the data
/// core. The case itself is erased by the vault, not by operations: an operation would only
/// add to the log what destruction must take out of it.
extension ChangeSession {
    /// Writes the order that destroys `file` (a new record: nobody can write to it before
    /// it exists) and returns its id.
    @discardableResult
    public mutating func orderDestruction(of file: CaseFile, on day: LocalDate) -> RecordID {
        let id = newRecordID()
        assign(.string(RecordKind.destroyedCase.rawValue), to: RecordKind.field, of: id)
        if let caseload = file.caseload { assign(.string(caseload), to: CaseField.caseload, of: id) }
        assign(.string(file.id.description), to: DestroyedCase.Field.destroys, of: id)
        assign(.string(file.ref), to: DestroyedCase.Field.ref, of: id)
        assign(.string(day.description), to: DestroyedCase.Field.on, of: id)
        return id
    }

    /// Writes `device`'s confirmation into `order`.
    public mutating func confirmDestruction(of order: DestroyedCase, device: DeviceID, at time: String) {
        assign(.string(time), to: DestroyedCase.Field.confirmed(by: device), of: order.id)
    }
}
