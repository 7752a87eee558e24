/// Which shared partition (caseload) each operation travels in, as data given by the schema
/// above the data core: a register naming the record's partition, and fields that stay with
/// their author's own devices whatever partition the record is in.
public struct FieldRouting: Sendable, Equatable {
    /// The register holding the hex id of the record's partition; absent means the author's own.
    public let partitionField: String
    /// Fields that travel only in the author's own partition.
    public let privateFields: Set<String>

    public init(partitionField: String, privateFields: Set<String>) {
        self.partitionField = partitionField
        self.privateFields = privateFields
    }

    /// The partition (hex id) `operation` travels in, given its record's state; nil for the
    /// author's own.
    public func partition(of operation: FieldOperation, record: RecordState?) -> String? {
        guard !privateFields.contains(operation.field) else { return nil }
        return record?.string(partitionField)
    }

    /// Whether operations received in partition `partition` stay inside it: no private
    /// field, no move elsewhere, and only records known to be in it (`states`).
    public func staysInside(_ operations: [FieldOperation], partition: String, states: [RecordID: RecordState]) -> Bool {
        guard operations.allSatisfy({ !privateFields.contains($0.field) }) else { return false }
        for operation in operations where operation.field == partitionField {
            guard operation.change == .assign(.string(partition)) else { return false }
        }
        return states.values.allSatisfy { $0.string(partitionField) == partition }
    }
}
