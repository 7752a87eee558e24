import Replica

/// A trend the counsellor signals to an organisation, in anonymised form.
public struct Signal: Hashable, Sendable {
    public let id: RecordID
    public let organisation: RecordID?
    public let date: String
    public let theme: String
    public let text: TextValue

    init(id: RecordID, state: RecordState) {
        self.id = id
        organisation = state.string("organisation").flatMap(RecordID.init(hex:))
        date = state.string("date") ?? ""
        theme = state.string("theme") ?? ""
        text = TextValue(state.text("text"))
    }
}
