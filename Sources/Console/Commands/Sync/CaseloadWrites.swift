import Casework
import Replica
import Signatures
import Sync
import Vault

extension CommandContext {
    /// Runs an edit on the vault, refusing it (nothing written) when it changes a record of
    /// a caseload in which this counsellor is a reader.
    func write<T>(_ options: VaultOptions, needing needs: RecordNeeds? = nil, _ body: (inout ChangeSession) throws -> T) throws -> T {
        let opened = try vault(options)
        let readOnly = try readOnlyCaseloads(opened)
        let (result, touched) = try opened.write(needing: needs) { session in
            let result = try body(&session)
            for operation in session.operations where !SyncEngine.privateFields.contains(operation.field) {
                if let caseload = session.records[operation.record]?.string(CaseField.caseload), let name = readOnly[caseload] {
                    throw SyncError.readOnly(name)
                }
            }
            return (result, session.touched)
        }
        if !touched.isEmpty {
            changedRecords.formUnion(touched)
            writtenBatches += 1  // a write that changed something appends one batch
        }
        return result
    }

    /// Tells the members of a shared caseload this counsellor's display name, if one is set.
    func announceName(in caseload: Caseload, _ options: VaultOptions) throws {
        guard !caseload.isHome, let name = try vault(options).sealedSetting(Caseload.nameSetting) else { return }
        // A reader cannot write to the caseload, so stays known by id only.
        guard try caseload.membership(in: vault(options)).members[vault(options).identity().signing.publicKey]?.role != .reader else { return }
        try write(options) {
            try $0.setCounsellorName(String(decoding: name, as: UTF8.self), counsellor: Hex.encode(caseload.counsellor),
                                     caseload: caseload.id.description, id: caseload.profileRecord())
        }
    }

    /// The hex id of a shared caseload named `name`; nil for none or the own caseload.
    func sharedCaseloadID(_ name: String?, _ options: VaultOptions) throws -> String? {
        guard let name else { return nil }
        let caseload = try Caseload.named(name, in: try vault(options))
        return caseload.isHome ? nil : caseload.id.description
    }

    /// Shared caseloads where this device may only read: hex id → name.
    private func readOnlyCaseloads(_ vault: Vault) throws -> [String: String] {
        let caseloads: [Caseload]
        do {
            caseloads = try Caseload.all(in: vault)
        } catch SyncError.notSetUp {
            return [:]  // a vault made before sync: nothing is shared
        }
        let me = try vault.identity().signing.publicKey
        var result: [String: String] = [:]
        for caseload in caseloads where !caseload.isHome {
            if try caseload.membership(in: vault).members[me]?.role == .reader { result[caseload.id.description] = caseload.name }
        }
        return result
    }
}
