import Casework
import Register
import Replica
import Sync
import Vault

extension CommandContext {
    /// The register on the open vault: where the rules live.
    func register(_ options: VaultOptions) throws -> CaseRegister {
        CaseRegister(vault: try vault(options))
    }

    /// Runs an edit through the register (its rights apply) and notes what it changed.
    func write<T>(_ options: VaultOptions, needing needs: RecordNeeds? = nil, _ body: (inout ChangeSession) throws -> T) throws -> T {
        noteWritten(try register(options).write(needing: needs, body)).result
    }

    /// Remembers what a write changed, for the REPL's completions.
    @discardableResult
    func noteWritten<T>(_ written: CaseRegister.Written<T>) -> CaseRegister.Written<T> {
        if !written.touched.isEmpty {
            changedRecords.formUnion(written.touched)
            writtenBatches += 1  // a write that changed something appends one batch
        }
        return written
    }

    /// Tells the members of a shared caseload this counsellor's display name, if one is set.
    func announceName(in caseload: Caseload, _ options: VaultOptions) throws {
        if let written = try register(options).announceName(in: caseload) { noteWritten(written) }
    }

    /// The hex id of a shared caseload named `name`; nil for none or the own caseload.
    func sharedCaseloadID(_ name: String?, _ options: VaultOptions) throws -> String? {
        try register(options).sharedCaseloadID(named: name)
    }
}
