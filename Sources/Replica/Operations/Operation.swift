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

extension FieldOperation {
    /// About how many bytes the operation takes encoded (an upper estimate), so that a batch
    /// can be cut by size without encoding it twice.
    public var estimatedSize: Int {
        let base = 64 + field.utf8.count
        switch change {
        case .assign(.string(let text)): return base + text.utf8.count
        case .assign: return base + 16
        case .insert(let element): return base + element.utf8.count
        case .delete(let element, let observed): return base + element.utf8.count + 24 * observed.count
        case .write(let text, let supersedes): return base + text.utf8.count + 24 * supersedes.count
        case .unknown(_, let payload): return base + payload.count
        }
    }
}
