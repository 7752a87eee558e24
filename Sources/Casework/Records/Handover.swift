import Identifiers
import Replica

/// Open cases handed from one counsellor to a successor through a shared caseload
/// (`vp handover give`). Written twice: in that caseload, where the successor accepts it,
/// and in the outgoing counsellor's own caseload, which tells their own devices to let go
/// of the cases and keeps the handover in their audit trail.
public struct Handover: Sendable {
    public let id: RecordID
    /// The caseload the cases went to (hex id); nil for the outgoing counsellor's own copy.
    public let caseload: String?
    /// The shared caseload named in the own copy (hex id).
    public let via: String?
    /// Counsellor ids (hex).
    public let from: String?
    public let to: String?
    /// The cases handed over: record ids, and their references as they were.
    public let cases: [RecordID]
    public let refs: [String]
    /// YYYY-MM-DD.
    public let date: String
    /// The day the successor accepted it, and the device that wrote that.
    public let accepted: String?
    public let acceptedBy: DeviceID?
    /// The device that wrote who hands over (only a device of that counsellor may: checked by the reader).
    public let writtenBy: DeviceID?

    init(id: RecordID, state: RecordState) {
        self.id = id
        caseload = state.string(CaseField.caseload)
        via = state.string(Field.via)
        from = state.string(Field.from)
        to = state.string(Field.to)
        cases = state.elements(Field.cases).compactMap(RecordID.init(hex:))
        refs = state.elements(Field.refs)
        date = state.string(Field.date) ?? ""
        accepted = state.string(Field.accepted)
        acceptedBy = state.registers[Field.accepted]?.writer.device
        writtenBy = state.registers[Field.from]?.writer.device
    }

    public enum Field {
        public static let via = "via"
        public static let from = "from"
        public static let to = "to"
        public static let cases = "cases"
        public static let refs = "refs"
        public static let date = "date"
        public static let accepted = "accepted"
    }
}
