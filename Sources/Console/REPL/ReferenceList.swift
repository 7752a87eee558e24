import Casework
import Replica
import Vault

/// The case references the prompt completes, kept current from what each command changed:
/// when the log grew by exactly this prompt's own writes, only the cases they touched (and
/// those sharing their number) are read again; anything else (a sync, another `vp` writing
/// meanwhile) rereads the register once.
struct ReferenceList {
    private var references: [RecordID: String] = [:]
    private var position: Int64 = -1

    var sorted: [String] { references.values.sorted() }

    /// Brings the list up to date after a command that changed `changed` locally.
    mutating func refresh(_ vault: Vault, changed: Set<RecordID>, batches: Int64) throws {
        let now = try vault.logPosition()
        guard now != position else { return }
        if position < 0 || changed.isEmpty || now != position + batches {
            references = Casebook(records: try vault.records()).cases.reduce(into: [:]) { $0[$1.id] = $1.ref }
        } else {
            let touched = try vault.records(RecordNeeds(records: Array(changed)))
            let numbers = Set(touched.values.compactMap { $0.string(CaseField.ref) })
            var needs = RecordNeeds(records: Array(changed))
            for number in numbers { needs.terms += CaseIndex.caseNeeds(ref: number).terms }
            for file in Casebook(records: try vault.records(needs)).cases { references[file.id] = file.ref }
        }
        position = now
    }
}
