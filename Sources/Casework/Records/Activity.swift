import Replica

/// Prevention work for an organisation (training, team talk, …), not tied to a person.
public struct Activity: Hashable, Sendable {
    /// Bounds for one activity (a larger or odd value, typed or received, is read as these).
    public static let maximumHours = 1_000.0
    public static let maximumAudience: Int64 = 1_000_000

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
        let hours = state.value("hours")?.decimal ?? 0
        self.hours = hours.isFinite ? min(max(hours, 0), Self.maximumHours) : 0
        audience = state.value("audience")?.integer.map { min(max($0, 0), Self.maximumAudience) }
        topic = TextValue(state.text("topic"))
    }
}
