import Identifiers
import Replica

/// Open cases handed from one counsellor to a successor through a shared caseload
/// (`vp handover give`). Written twice: in that caseload, where the successor accepts it,
/// and in the outgoing counsellor's own caseload, which tells their own devices to let go
/// of the cases and keeps the handover in their audit trail. Its fields are admin-only
/// (`CaseSchema.routing`): in a shared caseload only an admin's writes count.
public struct Handover: Sendable {
    public let id: RecordID
    /// The caseload the cases went to (hex id); nil for the outgoing counsellor's own copy.
    public let caseload: String?
    /// The shared caseload named in the own copy (hex id).
    public let via: String?
    /// Counsellor ids (hex).
    public let from: String
    public let to: String?
    /// The cases handed over: record ids, and their references as they were.
    public let cases: [RecordID]
    public let refs: [String]
    /// YYYY-MM-DD.
    public let date: String
    /// The day the successor accepted it, and the device that wrote that (it counts only as
    /// written by a device of the successor: checked by the reader).
    public let accepted: String?
    public let acceptedBy: DeviceID?
    /// The device that wrote who hands over (only a device of that counsellor may: checked by the reader).
    public let writtenBy: DeviceID

    /// nil for a record that is not a handover (no `handed_from` register).
    init?(id: RecordID, state: RecordState) {
        guard let from = state.registers[Field.from], let counsellor = from.value.string else { return nil }
        self.id = id
        self.from = counsellor
        writtenBy = from.writer.device
        caseload = state.string(CaseField.caseload)
        via = state.string(Field.via)
        to = state.string(Field.to)
        cases = state.elements(Field.cases).compactMap(RecordID.init(hex:))
        refs = state.elements(Field.refs)
        date = state.string(Field.date) ?? ""
        accepted = state.string(Field.accepted)
        acceptedBy = state.registers[Field.accepted]?.writer.device
    }

    public enum Field {
        public static let via = "handed_via"
        public static let from = "handed_from"
        public static let to = "handed_to"
        public static let cases = "handed_cases"
        public static let refs = "handed_refs"
        public static let date = "handed_on"
        public static let accepted = "handover_accepted"

        public static let adminOnly: Set<String> = [via, from, to, cases, refs, date, accepted]
    }
}
