import Identifiers

/// Which shared partition (caseload) each operation travels in, as data given by the schema
/// above the data core: a register naming the record's partition, and fields that stay with
/// their author's own devices whatever partition the record is in.
public struct FieldRouting: Sendable, Equatable {
    /// The register holding the hex id of the record's partition; absent means the author's own.
    public let partitionField: String
    /// Fields that travel only in the author's own partition.
    public let privateFields: Set<String>

    /// Fields only an admin of a shared partition may write, on any record: judged by the
    /// operation alone, so neither the order in which envelopes arrive nor a member writing
    /// the record first changes the verdict (a destruction order must come from an admin).
    public let adminOnlyFields: Set<String>
    /// Fields named this prefix ‖ a device id (16 hex) may be written only by that device
    /// (a device's receipt cannot be written, or spoiled, by anyone else).
    public let deviceFieldPrefix: String?
    /// The register holding the hex id of the case a record belongs to (a conversation's):
    /// such a record is case content of that case, sealed under its key when it has one.
    public let caseField: String?

    public init(partitionField: String, privateFields: Set<String>, adminOnlyFields: Set<String> = [], deviceFieldPrefix: String? = nil,
                caseField: String? = nil) {
        self.partitionField = partitionField
        self.privateFields = privateFields
        self.adminOnlyFields = adminOnlyFields
        self.deviceFieldPrefix = deviceFieldPrefix
        self.caseField = caseField
    }

    /// Whether any of `operations` writes an admin-only field.
    public func touchesAdminOnlyFields(_ operations: [FieldOperation]) -> Bool {
        !adminOnlyFields.isEmpty && operations.contains { adminOnlyFields.contains($0.field) }
    }

    /// Whether any of `operations` writes a device's own field of another device.
    public func writesAnotherDevicesField(_ operations: [FieldOperation]) -> Bool {
        guard let prefix = deviceFieldPrefix else { return false }
        return operations.contains { $0.field.hasPrefix(prefix) && $0.field != Self.deviceField(prefix, $0.id.device) }
    }

    /// The field named `prefix` ‖ the 16-hex id of `device`.
    public static func deviceField(_ prefix: String, _ device: DeviceID) -> String { prefix + device.description }

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
