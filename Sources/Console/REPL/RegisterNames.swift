import Casework
import Replica
import Sync
import Vault

/// The case references, organisation and caseload names the prompt completes, kept current
/// from what each command changed: when the log grew by exactly this prompt's own writes,
/// only the records they touched (and cases sharing their number) are read again; anything
/// else (a sync, another `vp` writing meanwhile) rereads the register once.
struct RegisterNames {
    private var references: [RecordID: String] = [:]
    private var organisationNames: [RecordID: String] = [:]
    private(set) var caseloads: [String] = []
    private var position: Int64 = -1

    var sortedReferences: [String] { references.values.sorted() }
    var organisations: [String] { Set(organisationNames.values).sorted() }

    /// Brings the names up to date after a command that changed `changed` locally.
    mutating func refresh(_ vault: Vault, changed: Set<RecordID>, batches: Int64) throws {
        let now = try vault.logPosition()
        guard now != position else { return }
        if position < 0 || changed.isEmpty || now != position + batches {
            let book = Casebook(records: try vault.records())
            references = book.cases.reduce(into: [:]) { $0[$1.id] = $1.ref }
            organisationNames = book.organisations.reduce(into: [:]) { $0[$1.id] = $1.name }
        } else {
            let touched = try vault.records(RecordNeeds(records: Array(changed)))
            let numbers = Set(touched.values.compactMap { $0.string(CaseField.ref) })
            var needs = RecordNeeds(records: Array(changed))
            for number in numbers { needs.terms += CaseIndex.caseNeeds(ref: number).terms }
            let book = Casebook(records: try vault.records(needs))
            for file in book.cases { references[file.id] = file.ref }
            // A removed organisation is no longer among them; a renamed one has its new name.
            for id in changed where organisationNames[id] != nil { organisationNames[id] = nil }
            for organisation in book.organisations { organisationNames[organisation.id] = organisation.name }
        }
        caseloads = (try? Caseload.all(in: vault).map(\.name)) ?? []
        position = now
    }
}
