import Identifiers
import Replica

/// The records of a handover, as operations of the data core. Moving the cases is
/// `moveCase`; this records what was handed, to whom, and the successor's acceptance.
extension ChangeSession {
    /// Records the handover of `files` from counsellor `from` to `to` through caseload
    /// `via` (hex id): once in that caseload, once in the own caseload.
    public mutating func recordHandover(of files: [CaseFile], from: String, to: String, via: String, on day: LocalDate) {
        for caseload in [via, nil] as [String?] {
            let id = newRecordID()
            assign(.string(RecordKind.handover.rawValue), to: RecordKind.field, of: id)
            if let caseload { assign(.string(caseload), to: CaseField.caseload, of: id) } else { assign(.string(via), to: Handover.Field.via, of: id) }
            assign(.string(from), to: Handover.Field.from, of: id)
            assign(.string(to), to: Handover.Field.to, of: id)
            for file in files {
                insert(file.id.description, into: Handover.Field.cases, of: id)
                insert(file.ref, into: Handover.Field.refs, of: id)
            }
            assign(.string(day.description), to: Handover.Field.date, of: id)
        }
    }

    /// The successor's acceptance.
    public mutating func acceptHandover(_ handover: Handover, on day: LocalDate) {
        assign(.string(day.description), to: Handover.Field.accepted, of: handover.id)
    }
}
