import Vault

/// The case keys this device holds, read once per outbox fill: every caseload's handing over
/// and case content work on the same copies (no key opened twice in a sync), and each change
/// is stored at once.
struct HeldCaseKeys {
    private(set) var byID: [[UInt8]: HeldCaseKey]

    init(_ ledger: SyncLedger) throws {
        byID = Dictionary(uniqueKeysWithValues: try ledger.caseKeys().map { ($0.caseID, $0) })
    }

    /// Every key, in case id order (drops come out the same on every run).
    var all: [HeldCaseKey] { byID.values.sorted { $0.caseID.lexicographicallyPrecedes($1.caseID) } }

    mutating func store(_ key: HeldCaseKey, _ ledger: SyncLedger) throws {
        byID[key.caseID] = key
        try ledger.storeCaseKey(key)
    }
}
