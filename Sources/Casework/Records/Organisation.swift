import Replica

/// A client organisation the counsellor serves.
public struct Organisation: Hashable, Sendable {
    public let id: RecordID
    public let name: String
    /// The shared caseload it belongs to (hex id); nil for the counsellor's own.
    public let caseload: String?

    init(id: RecordID, state: RecordState) {
        self.id = id
        name = state.string("name") ?? ""
        caseload = state.string(CaseField.caseload)
    }
}
