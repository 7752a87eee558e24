/// One change to one field of one record: the unit of the log, of sync and of the audit trail.
public struct FieldOperation: Hashable, Sendable {
    public let id: OperationID
    public let record: RecordID
    public let field: String
    public let change: Change

    public init(id: OperationID, record: RecordID, field: String, change: Change) {
        self.id = id
        self.record = record
        self.field = field
        self.change = change
    }
}

/// What an operation does to its field; the case decides the field's merge rule.
public enum Change: Hashable, Sendable {
    /// Register: the value with the greatest operation id wins.
    case assign(Value)
    /// Add-wins set: adds `element`, tagged with this operation's id.
    case insert(String)
    /// Add-wins set: removes the add tags this replica had observed for `element`.
    case delete(String, observed: [OperationID])
    /// Text: a new version replacing the versions it names; others stay as a conflict.
    case write(String, supersedes: [OperationID])
    /// A change kind from a newer version: kept in the log, not applied.
    case unknown(kind: UInt8, payload: [UInt8])
}
