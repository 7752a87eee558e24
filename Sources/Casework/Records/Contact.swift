import Replica

/// A conversation (gesprek) held in a case.
public struct Contact: Hashable, Sendable {
    /// A conversation lasts at most a day; a larger number (typed, or from a colleague's
    /// device) is read as this, so no sum in a report can overflow.
    public static let maximumMinutes: Int64 = 24 * 60

    public let id: RecordID
    public let caseID: RecordID?
    public let date: String
    public let channel: String?
    /// What the conversation was (a `ConversationKind` code), when recorded.
    public let purpose: String?
    /// The day agreed to follow this conversation up (YYYY-MM-DD), when set.
    public let followUp: String?
    public let minutes: Int64
    public let summary: TextValue

    init(id: RecordID, state: RecordState) {
        self.id = id
        caseID = state.string("case").flatMap(RecordID.init(hex:))
        date = state.string("date") ?? ""
        channel = state.string("channel")
        purpose = state.string(ConversationKind.fieldName)
        followUp = state.string(CaseField.followUp)
        minutes = min(max(state.value("minutes")?.integer ?? 0, 0), Self.maximumMinutes)
        summary = TextValue(state.text("summary"))
    }
}
