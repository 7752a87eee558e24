import Replica

/// The kinds of record the counsellor keeps; stored in every record's `kind` register.
public enum RecordKind: String, Sendable {
    case organisation, `case`, contact, activity, signal, reportNote = "report_note", counsellor
    case sharedCaseload = "shared_caseload"
    case finalisedReport = "finalised_report"
    case destroyedCase = "destroyed_case"
    case handover

    public static let field = "kind"
    /// Set (to the day) on a conversation, activity, signal or organisation taken back: it
    /// is no longer shown or counted; its history stays in the log.
    public static let removedField = "removed"
    static let removable: Set<RecordKind> = [.contact, .activity, .signal, .organisation]

    /// Whether `state` is a record taken back with `removed`.
    static func isRemoved(_ state: RecordState) -> Bool {
        state.value(removedField).map { $0 != .null } ?? false
            && state.string(field).flatMap(RecordKind.init(rawValue:)).map(removable.contains) ?? false
    }
}
