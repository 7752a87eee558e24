import Foundation
import Vault

/// `vp import` of a register of 100,000 rows (a case and a conversation each, Dutch labels,
/// day-first dates, `;`), into a fresh vault: the time of the whole command and its memory.
func importBenchmark(home: URL, rows: Int = 100_000) throws {
    try? FileManager.default.removeItem(at: home)
    _ = try Vault.create(in: home, passphrase: Array(passphrase.utf8), kdf: .interactive)
    let organisations = ["Acme", "Bakkerij Noord", "Gemeente Zuid", "Zorggroep West"]
    let subjects = ["pesten", "werkdruk", "intimidatie", "discriminatie, werkdruk"]
    var text = "Organisatie;Datum melding;Afgesloten;Onderwerp;Kanaal;Samenvatting;contact_date;contact_minutes\n"
    for row in 0..<rows {
        let day = row % 28 + 1, month = row % 12 + 1, year = 2020 + row % 6
        text += "\(organisations[row % 4]);\(day)-\(month)-\(year);\(row % 3 == 0 ? "\(day)-\(month)-\(year)" : "");\(subjects[row % 4]);telefonisch;"
        text += "\"Melding \(row): een samenvatting van enkele zinnen, zoals een register die bijhoudt.\";\(day)-\(month)-\(year);45\n"
    }
    let file = home.deletingLastPathComponent().appendingPathComponent("register.csv")
    try Data(text.utf8).write(to: file)
    var environment = ProcessInfo.processInfo.environment
    environment["VP_HOME"] = home.path
    environment["VP_PASSPHRASE"] = passphrase
    let imported = try run(Binaries.vp, ["import", file.path, "--map", "Organisatie=organisation", "--map", "Datum melding=opened",
                                         "--map", "Afgesloten=closed", "--map", "Onderwerp=categories", "--map", "Kanaal=channel",
                                         "--map", "Samenvatting=summary"], environment: environment)
    let size = (try? FileManager.default.attributesOfItem(atPath: Vault.databasePath(in: home))[.size] as? Int) ?? 0
    print(String(format: "vp import: %d rows (a case and a conversation each, %.1f MB of CSV) in %.1f s, peak memory %.1f MB, vault %.1f MB (target <= 30 s)",
                 rows, Double(text.utf8.count) / 1_048_576, imported.seconds, imported.peakMemoryMB, Double(size) / 1_048_576))
}
