import Replica

/// The counsellor's narrative for one section of one organisation's annual report.
public struct ReportNote: Hashable, Sendable {
    public let id: RecordID
    public let organisation: RecordID?
    public let year: Int
    public let section: String
    public let text: TextValue

    init(id: RecordID, state: RecordState) {
        self.id = id
        organisation = state.string("organisation").flatMap(RecordID.init(hex:))
        year = Int(state.value("year")?.integer ?? 0)
        section = state.string("section") ?? ""
        text = TextValue(state.text("text"))
    }
}
