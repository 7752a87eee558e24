import Casework
import Sync
import Vault

/// The names of the caseloads records belong to, for lists: a record without a caseload is
/// in the counsellor's own one.
struct CaseloadNames {
    let shared: [String: String]
    let labels: Labels

    /// The caseloads of `vault`; none but the own one for a vault made before sync.
    init(vault: Vault, labels: Labels) throws {
        self.labels = labels
        do {
            shared = Dictionary(try Caseload.all(in: vault).filter { !$0.isHome }.map { ($0.id.description, $0.name) }, uniquingKeysWith: { first, _ in first })
        } catch SyncError.notSetUp {
            shared = [:]
        }
    }

    /// For JSON: the same in every language, the own caseload by the name commands take
    /// for it (`eigen`).
    func code(_ id: String?) -> String {
        guard let id else { return Caseload.homeName }
        return shared[id] ?? labels.text(nl: "onbekend", en: "unknown")
    }

    /// The name for a record's `caseload` field (nil: the own caseload).
    func name(_ id: String?) -> String {
        guard let id else { return labels.text(nl: "eigen", en: "own") }
        return shared[id] ?? labels.text(nl: "onbekend", en: "unknown")
    }
}
