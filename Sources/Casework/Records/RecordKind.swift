/// The kinds of record the counsellor keeps; stored in every record's `kind` register.
public enum RecordKind: String, Sendable {
    case organisation, `case`, contact, activity, signal, reportNote = "report_note", counsellor
    case sharedCaseload = "shared_caseload"
    case finalisedReport = "finalised_report"
    case destroyedCase = "destroyed_case"
    case handover

    public static let field = "kind"
}
