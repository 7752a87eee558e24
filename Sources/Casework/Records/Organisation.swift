import Replica

/// A client organisation the counsellor serves.
public struct Organisation: Hashable, Sendable {
    public let id: RecordID
    public let name: String
    /// The shared caseload it belongs to (hex id); nil for the counsellor's own.
    public let caseload: String?
    /// The `CounsellorRole` code a new case of it gets when none is given.
    public let defaultRole: String?

    init(id: RecordID, state: RecordState) {
        self.id = id
        name = state.string("name") ?? ""
        caseload = state.string(CaseField.caseload)
        defaultRole = state.string(CaseField.counsellorRole)
    }
}
