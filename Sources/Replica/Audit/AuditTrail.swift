/// One line of a record's audit trail: who changed which field when, from what to what.
public struct AuditEntry: Hashable, Sendable {
    public let id: OperationID
    public let field: String
    public let before: String?
    public let after: String?

    public init(id: OperationID, field: String, before: String?, after: String?) {
        self.id = id
        self.field = field
        self.before = before
        self.after = after
    }
}

/// Replays a record's operations in clock order to say what each one changed. An element
/// added to a set that holds it already, or taken out of one that does not, changed nothing
/// that can be seen (a moved case's sets are written anew) and gets no entry.
public enum AuditTrail {
    public static func entries(for operations: [FieldOperation]) -> [AuditEntry] {
        var state = RecordState()
        var seen: Set<OperationID> = []
        var entries: [AuditEntry] = []
        for operation in operations.sorted(by: { $0.id < $1.id }) where seen.insert(operation.id).inserted {
            let field = operation.field
            let before: String?
            let after: String?
            let held = state.elements(field)
            defer { state.apply(operation) }
            switch operation.change {
            case .insert(let element) where held.contains(element), .delete(let element, _) where !held.contains(element):
                continue
            case .assign(let value):
                before = state.value(field)?.description
                after = value.description
            case .insert(let element):
                before = nil
                after = "+" + element
            case .delete(let element, _):
                before = nil
                after = "-" + element
            case .write(let text, _):
                before = state.text(field)?.latest
                after = text
            case .unknown(let kind, _):
                before = nil
                after = "(change of unknown kind \(kind))"
            }
            entries.append(AuditEntry(id: operation.id, field: field, before: before, after: after))
        }
        return entries
    }
}
