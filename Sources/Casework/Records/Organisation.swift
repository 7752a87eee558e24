import Replica

/// A client organisation the counsellor serves.
public struct Organisation: Hashable, Sendable {
    public let id: RecordID
    public let name: String

    init(id: RecordID, state: RecordState) {
        self.id = id
        name = state.string("name") ?? ""
    }
}
