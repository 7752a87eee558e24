import Casework
import Foundation
import Spreadsheet
import Vault

/// `vp import` of a register of 100,000 rows (a case and a conversation each, Dutch labels,
/// day-first dates), into a fresh vault: the time of the whole command and its memory, once
/// from CSV (`;`, as Dutch Excel saves it) and once from an .xlsx workbook.
func importBenchmark(home: URL, rows count: Int = 100_000) throws {
    let organisations = ["Acme", "Bakkerij Noord", "Gemeente Zuid", "Zorggroep West"]
    let subjects = ["pesten", "werkdruk", "intimidatie", "discriminatie, werkdruk"]
    var rows = [["Organisatie", "Datum melding", "Afgesloten", "Onderwerp", "Kanaal", "Samenvatting", "contact_date", "contact_minutes"]]
    for row in 0..<count {
        let day = "\(row % 28 + 1)-\(row % 12 + 1)-\(2020 + row % 6)"
        rows.append([organisations[row % 4], day, row % 3 == 0 ? day : "", subjects[row % 4], "telefonisch",
                     "Melding \(row): een samenvatting van enkele zinnen, zoals een register die bijhoudt.", day, "45"])
    }
    let folder = home.deletingLastPathComponent()
    let csv = Data(CSVDialect.dutch.render(rows).utf8)
    let xlsx = try XLSXWorkbook.data(sheet: "Register", rows: rows, numeric: [7])
    for (name, data) in [("register.csv", csv), ("register.xlsx", xlsx)] {
        let vault = home.appendingPathExtension(name)
        try? FileManager.default.removeItem(at: vault)
        _ = try Vault.create(in: vault, passphrase: Array(passphrase.utf8), kdf: .interactive)
        let file = folder.appendingPathComponent(name)
        try data.write(to: file)
        var environment = ProcessInfo.processInfo.environment
        environment["VP_HOME"] = vault.path
        environment["VP_PASSPHRASE"] = passphrase
        let imported = try run(Binaries.vp, ["import", file.path, "--map", "Organisatie=organisation", "--map", "Datum melding=opened",
                                             "--map", "Afgesloten=closed", "--map", "Onderwerp=categories", "--map", "Kanaal=channel",
                                             "--map", "Samenvatting=summary"], environment: environment)
        let size = (try? FileManager.default.attributesOfItem(atPath: Vault.databasePath(in: vault))[.size] as? Int) ?? 0
        print(String(format: "vp import %@: %d rows (a case and a conversation each, %.1f MB file) in %.1f s, peak memory %.1f MB, vault %.1f MB (target <= 30 s)",
                     name, count, Double(data.count) / 1_048_576, imported.seconds, imported.peakMemoryMB, Double(size) / 1_048_576))
    }
}
