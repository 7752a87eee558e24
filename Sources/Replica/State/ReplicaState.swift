/// All records of a replica, materialised from its operations.
public struct ReplicaState: Hashable, Sendable {
    public private(set) var records: [RecordID: RecordState] = [:]

    public init() {}

    public mutating func apply(_ operation: FieldOperation) {
        records[operation.record, default: RecordState()].apply(operation)
    }

    public mutating func apply<S: Sequence>(contentsOf operations: S) where S.Element == FieldOperation {
        for operation in operations { apply(operation) }
    }

    public mutating func merge(_ other: ReplicaState) {
        for (id, state) in other.records { records[id, default: RecordState()].merge(state) }
    }

    /// Canonical bytes of the whole state, in record order; equal states give equal bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: records.count * 128)
        for id in records.keys.sorted() {
            writer.write(id)
            writer.write(records[id]!.encoded())
        }
        return writer.bytes
    }
}
