import Identifiers
import Replica

/// What stays of a destroyed case (`vp case destroy`): its reference, so that the number is
/// never given out again, the day, and the device that ordered it; nothing of its content.
public struct DestroyedCase: Sendable {
    public let id: RecordID
    /// The destroyed case's record id.
    public let caseID: RecordID?
    public let ref: String
    /// YYYY-MM-DD.
    public let destroyedOn: String
    /// The caseload the order was given in (hex id); nil for the own one.
    public let caseload: String?
    /// The device that wrote the order; nil when more than one device wrote its fields
    /// (sync lets only an admin write it, so that is a damaged or forged record).
    public let orderedBy: DeviceID?

    init(id: RecordID, state: RecordState) {
        self.id = id
        caseID = state.string(Field.case).flatMap(RecordID.init(hex:))
        ref = state.string(CaseField.ref) ?? ""
        destroyedOn = state.string(Field.destroyed) ?? ""
        caseload = state.string(CaseField.caseload)
        let writers = Set(state.registers.values.map(\.writer.device))
        orderedBy = writers.count == 1 ? writers.first : nil
    }

    /// Field names of the record (besides `kind`, `ref` and `caseload`).
    public enum Field {
        public static let `case` = "case"
        public static let destroyed = "destroyed"
    }
}
