/// Which shared partition (caseload) each operation travels in, as data given by the schema
/// above the data core: a register naming the record's partition, and fields that stay with
/// their author's own devices whatever partition the record is in.
public struct FieldRouting: Sendable, Equatable {
    /// The register holding the hex id of the record's partition; absent means the author's own.
    public let partitionField: String
    /// Fields that travel only in the author's own partition.
    public let privateFields: Set<String>

    /// The register naming a record's kind, and the kinds only an admin of a shared
    /// partition may write (a destruction order must not come from any member).
    public let kindField: String
    public let adminOnlyKinds: Set<String>

    public init(partitionField: String, privateFields: Set<String>, kindField: String = "kind", adminOnlyKinds: Set<String> = []) {
        self.partitionField = partitionField
        self.privateFields = privateFields
        self.kindField = kindField
        self.adminOnlyKinds = adminOnlyKinds
    }

    /// The records among those `operations` touch that only an admin may write: by their
    /// stored kind (`states`), their kind as these operations set it, or because earlier
    /// operations not yet stored made them such (`known`).
    public func adminOnly(_ operations: [FieldOperation], states: [RecordID: RecordState], known: Set<RecordID> = []) -> Set<RecordID> {
        guard !adminOnlyKinds.isEmpty else { return [] }
        var found: Set<RecordID> = []
        for operation in operations {
            let stored = states[operation.record]?.string(kindField).map(adminOnlyKinds.contains) ?? false
            var assigned = false
            if operation.field == kindField, case .assign(.string(let kind)) = operation.change { assigned = adminOnlyKinds.contains(kind) }
            if stored || assigned || known.contains(operation.record) { found.insert(operation.record) }
        }
        return found
    }

    /// The partition (hex id) `operation` travels in, given its record's state; nil for the
    /// author's own.
    public func partition(of operation: FieldOperation, record: RecordState?) -> String? {
        guard !privateFields.contains(operation.field) else { return nil }
        return record?.string(partitionField)
    }

    /// Whether operations received in partition `partition` stay inside it: no private
    /// field, no move elsewhere, only records known to be in it (`states`), and a record not
    /// known yet only if these operations place it in the partition (or earlier ones not yet
    /// stored did: `claimed`). So nobody can create a record in another partition, such as
    /// the reader's own, by leaving the partition field out. A record known here only by its
    /// private fields counts as not known yet: its private note travels in the own partition
    /// and may arrive before the record itself.
    public func staysInside(
        _ operations: [FieldOperation], partition: String, states: [RecordID: RecordState], claimed: Set<RecordID> = []
    ) -> Bool {
        guard operations.allSatisfy({ !privateFields.contains($0.field) }) else { return false }
        for operation in operations where operation.field == partitionField {
            guard operation.change == .assign(.string(partition)) else { return false }
        }
        let placed = claimed.union(self.claimed(by: operations, partition: partition))
        for record in Set(operations.map(\.record)) {
            if let state = states[record], !state.fieldNames.allSatisfy(privateFields.contains) {
                guard state.string(partitionField) == partition else { return false }
            } else {
                guard placed.contains(record) else { return false }
            }
        }
        return true
    }

    /// The records these operations place in `partition`.
    public func claimed(by operations: [FieldOperation], partition: String) -> Set<RecordID> {
        Set(operations.filter { $0.field == partitionField && $0.change == .assign(.string(partition)) }.map(\.record))
    }
}
