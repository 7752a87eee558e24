import Casework
import Register
import Vault

/// What `vp case destroy` and `vp retention run` say: the cases erased here, and the
/// backups that still hold them.
enum RetentionOutput {
    static func json(destroyed: [CaseRegister.Destruction], backups: [Vault.MadeBackup]) -> JSONValue {
        .object([
            ("destroyed", .array(destroyed.map { done in
                .object([("ref", .string(done.ref)), ("records", .integer(Int64(done.records))), ("operations", .integer(Int64(done.operations)))])
            })),
            ("backups_to_renew", .array(backups.map { .string($0.path) })),
        ])
    }

    static func text(destroyed: [CaseRegister.Destruction], backups: [Vault.MadeBackup], _ labels: Labels) -> String {
        var lines: [String] = destroyed.map { done -> String in
            let ref = DisplayText.line(done.ref)
            return labels.text(
                nl: "Zaak \(ref) vernietigd op dit apparaat (\(done.records) record(s), \(done.operations) wijziging(en) gewist); je andere apparaten en collega's wissen hem bij hun volgende synchronisatie.",
                en: "Case \(ref) destroyed on this device (\(done.records) record(s), \(done.operations) change(s) erased); your other devices and colleagues erase it when they next sync.")
        }
        if destroyed.isEmpty { lines.append(labels.text(nl: "Geen zaken te vernietigen.", en: "No cases to destroy.")) }
        if !backups.isEmpty {
            lines.append(labels.text(
                nl: "Deze back-ups zijn van vóór de vernietiging en bevatten de zaak nog: maak een nieuwe back-up ('vp backup') en verwijder ze:",
                en: "These backups predate the destruction and still hold the case: make a new backup ('vp backup') and delete them:"))
            lines += backups.map { "  " + DisplayText.line($0.path) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
