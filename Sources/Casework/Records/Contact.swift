import Replica

/// A conversation (gesprek) held in a case.
public struct Contact: Hashable, Sendable {
    public let id: RecordID
    public let caseID: RecordID?
    public let date: String
    public let channel: String?
    public let minutes: Int64
    public let summary: TextValue

    init(id: RecordID, state: RecordState) {
        self.id = id
        caseID = state.string("case").flatMap(RecordID.init(hex:))
        date = state.string("date") ?? ""
        channel = state.string("channel")
        minutes = state.value("minutes")?.integer ?? 0
        summary = TextValue(state.text("summary"))
    }
}
