import Replica

/// A shared caseload told to the counsellor's own devices, in the own caseload (which only
/// those devices read): its id, name and keys. A device of the counsellor that was not a
/// member when the caseload was created or joined is added to it, and learns of it here.
/// One record per caseload (its id comes from the caseload id), whichever device writes it.
public struct SharedCaseloadGrant: Sendable, Equatable {
    public static let idField = "shared_id"
    public static let nameField = "name"
    /// JSON object: epoch (decimal) → key (hex), as in a device link's grant.
    public static let keysField = "keys"

    public let caseload: String
    public let name: String
    public let keys: String

    public init(caseload: String, name: String, keys: String) {
        self.caseload = caseload
        self.name = name
        self.keys = keys
    }

    init?(state: RecordState) {
        // Only from the own caseload, which only the counsellor's own devices write: a grant
        // placed in a shared caseload would be a colleague's, and is ignored.
        guard RecordLookup.kind(state) == .sharedCaseload, state.string(CaseField.caseload) == nil,
              let caseload = state.string(Self.idField), let name = state.string(Self.nameField),
              let keys = state.string(Self.keysField)
        else { return nil }
        self.init(caseload: caseload, name: name, keys: keys)
    }

    /// Every grant among `records`.
    public static func all(in records: [RecordID: RecordState]) -> [SharedCaseloadGrant] {
        records.values.compactMap(SharedCaseloadGrant.init(state:)).sorted { $0.caseload < $1.caseload }
    }
}

extension ChangeSession {
    /// Writes (or refreshes) the grant for a shared caseload into record `id`.
    public mutating func tellOwnDevices(_ grant: SharedCaseloadGrant, id: RecordID) {
        assign(.string(RecordKind.sharedCaseload.rawValue), to: RecordKind.field, of: id)
        assign(.string(grant.caseload), to: SharedCaseloadGrant.idField, of: id)
        assign(.string(grant.name), to: SharedCaseloadGrant.nameField, of: id)
        assign(.string(grant.keys), to: SharedCaseloadGrant.keysField, of: id)
    }
}
