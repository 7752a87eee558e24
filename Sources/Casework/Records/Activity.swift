import Replica

/// Prevention work for an organisation (training, team talk, …), not tied to a person.
public struct Activity: Hashable, Sendable {
    public let id: RecordID
    public let organisation: RecordID?
    public let date: String
    public let kind: String
    public let hours: Double
    public let audience: Int64?
    public let topic: TextValue

    init(id: RecordID, state: RecordState) {
        self.id = id
        organisation = state.string("organisation").flatMap(RecordID.init(hex:))
        date = state.string("date") ?? ""
        kind = state.string("activity_kind") ?? ""
        hours = state.value("hours")?.decimal ?? 0
        audience = state.value("audience")?.integer
        topic = TextValue(state.text("topic"))
    }
}
