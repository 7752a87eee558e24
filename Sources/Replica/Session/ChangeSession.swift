/// One unit of local work: reads the current records and turns edits into operations.
///
/// Pure: the wall time and a source of record ids are handed in, so tests control both.
public struct ChangeSession {
    /// The records this session read: all of them, or those its command needs (`isPartial`).
    public private(set) var records: [RecordID: RecordState]
    /// Counters the command asked for (highest values ever seen), when `isPartial`.
    public let counters: [String: Int]
    public let isPartial: Bool
    public private(set) var operations: [FieldOperation] = []
    public private(set) var clock: HybridClock
    private let wallMilliseconds: UInt64
    private let makeRecordID: () -> RecordID

    public init(
        records: [RecordID: RecordState], clock: HybridClock, wallMilliseconds: UInt64,
        makeRecordID: @escaping () -> RecordID, counters: [String: Int] = [:], isPartial: Bool = false
    ) {
        self.records = records
        self.counters = counters
        self.isPartial = isPartial
        self.clock = clock
        self.wallMilliseconds = wallMilliseconds
        self.makeRecordID = makeRecordID
    }

    /// Records changed in this session.
    public var touched: Set<RecordID> { Set(operations.map(\.record)) }

    public mutating func newRecordID() -> RecordID { makeRecordID() }

    /// Sets a register; writing the value it already has records nothing.
    public mutating func assign(_ value: Value, to field: String, of record: RecordID) {
        guard records[record]?.value(field) != value else { return }
        append(record, field, .assign(value))
    }

    public mutating func insert(_ element: String, into field: String, of record: RecordID) {
        guard records[record]?.sets[field]?.contains(element) != true else { return }
        append(record, field, .insert(element))
    }

    /// Removes an element as this replica sees it; a concurrent add elsewhere survives.
    public mutating func delete(_ element: String, from field: String, of record: RecordID) {
        guard let tags = records[record]?.sets[field]?.tags[element] else { return }
        append(record, field, .delete(element, observed: tags.sorted()))
    }

    /// Writes a text that replaces every version seen here, resolving any conflict.
    public mutating func write(_ text: String, to field: String, of record: RecordID) {
        let current = records[record]?.text(field)
        if let current, !current.isConflicted, current.latest == text { return }
        append(record, field, .write(text, supersedes: current?.versions.map(\.id) ?? []))
    }

    /// Records the current value of every field again as new operations (except `fields`),
    /// so that a replica that never saw the record's history can build it: used when a
    /// record moves to another caseload. Texts must not be in conflict.
    public mutating func republish(_ record: RecordID, except fields: Set<String>) {
        guard let state = records[record] else { return }
        for (field, register) in state.registers.sorted(by: { $0.key < $1.key }) where !fields.contains(field) {
            append(record, field, .assign(register.value))
        }
        for (field, set) in state.sets.sorted(by: { $0.key < $1.key }) where !fields.contains(field) {
            for element in set.elements { append(record, field, .insert(element)) }
        }
        for (field, text) in state.texts.sorted(by: { $0.key < $1.key }) where !fields.contains(field) {
            if let latest = text.latest { append(record, field, .write(latest, supersedes: text.versions.map(\.id))) }
        }
    }

    private mutating func append(_ record: RecordID, _ field: String, _ change: Change) {
        let operation = FieldOperation(
            id: clock.tick(wallMilliseconds: wallMilliseconds), record: record, field: field, change: change)
        records[record, default: RecordState()].apply(operation)
        operations.append(operation)
    }
}
