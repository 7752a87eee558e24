import Foundation
import Spreadsheet
import Testing
@testable import Console

/// Issue 14, item 7: `vp import` brings a register kept in a spreadsheet in, one case per
/// row, all or nothing unless told to skip what cannot be read.
@Suite struct ImportTests {
    /// As Dutch Excel saves it: a byte order mark, `;`, day-first dates, Dutch labels, a
    /// quoted text over two lines with a `;` and a quote in it.
    static let register = "\u{FEFF}Organisatie;Datum melding;Afgesloten;Onderwerp;Kanaal;Samenvatting;contact_date;contact_minutes;contact_purpose\r\n"
        + "Acme;3-2-2026;;pesten;telefoon;\"Melding over de afdeling;\nzegt \"\"niet meer\"\"\";4-2-2026;45;intake\r\n"
        + "Bakkerij Noord;2025-11-20;15-12-2025;werkdruk, intimidatie;e-mail;;;;\r\n"
        + "acme;1/3/2026;;Ruzie met leiding;in_person;Tweede melding;;;\r\n"
        + ";;;;;;;;\r\n"

    func write(_ text: String, in home: TestHome) throws -> String {
        let file = home.folder.appendingPathComponent("register-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: file)
        return file.path
    }

    let mapping = ["--map", "Organisatie=organisation", "--map", "Datum melding=opened", "--map", "Afgesloten=closed",
                   "--map", "Onderwerp=categories", "--map", "Kanaal=channel", "--map", "Samenvatting=summary"]

    @Test func aRegisterIsCheckedFirstAndThenImportedWhole() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme", "--date", "2026-01-10").status == 0)
        let file = try write(Self.register, in: home)

        // Two rows use the register's own words: nothing is written until they are translated.
        // Lines are the file's (the quoted text spans two), as a spreadsheet user finds them.
        let before = try home.allFiles().filter { $0.0.hasSuffix("vault.sqlite") }
        let refused = await home.run(["import", file] + mapping)
        #expect(refused.status == ExitStatus.invalidInput.rawValue, "\(refused.errors)")
        #expect(refused.errors.contains("Regel 2:") && refused.errors.contains("'telefoon'"), "\(refused.errors)")
        #expect(refused.errors.contains("Regel 5:") && refused.errors.contains("Ruzie met leiding") && refused.errors.contains("Nothing was written"), "\(refused.errors)")
        #expect(try home.allFiles().filter { $0.0.hasSuffix("vault.sqlite") }.map(\.1) == before.map(\.1))

        let translated = mapping + ["--code", "Ruzie met leiding=other", "--code", "Telefoon=phone"]
        let dry = try #require(try await home.json(["import", file] + translated + ["--dry-run"]) as? [String: Any])
        #expect(dry["cases"] as? Int == 3 && dry["conversations"] as? Int == 1 && dry["new_organisations"] as? [String] == ["Bakkerij Noord"], "\(dry)")
        #expect((try await home.json("case", "list") as? [Any])?.count == 1)

        let imported = try #require(try await home.json(["import", file] + translated) as? [String: Any])
        #expect(imported["cases"] as? Int == 3 && imported["skipped"] as? Int == 0, "\(imported)")
        let cases = try #require(try await home.json("case", "list") as? [[String: Any]])
        #expect(cases.compactMap { $0["ref"] as? String }.sorted() == ["2025-001", "2026-001", "2026-002", "2026-003"], "\(cases)")
        let first = try #require(try await home.json("case", "show", "2026-002") as? [String: Any])
        #expect(first["summary"] as? String == "Melding over de afdeling;\nzegt \"niet meer\"", "\(first)")
        #expect(first["categories"] as? [String] == ["bullying"] && first["channel"] as? String == "phone" && first["organisation"] as? String == "Acme")
        let conversation = try #require((first["contacts"] as? [[String: Any]])?.first)
        #expect(conversation["date"] as? String == "2026-02-04" && conversation["minutes"] as? Int == 45 && conversation["purpose"] as? String == "intake")
        let closed = try #require(try await home.json("case", "show", "2025-001") as? [String: Any])
        #expect(closed["status"] as? String == "closed" && closed["closed"] as? String == "2025-12-15")
        #expect(Set(closed["categories"] as? [String] ?? []) == ["work_pressure", "intimidation"], "\(closed)")
        // "acme" in the file is Acme: one organisation, and the new one beside it.
        #expect((try await home.json("org", "list") as? [[String: Any]])?.count == 2)
    }

    /// The register as a workbook (what Excel saves by default): the first sheet is read;
    /// row numbers in messages are the sheet's.
    @Test func anXLSXWorkbookIsReadLikeItsCSV() async throws {
        let home = TestHome()
        let rows = [["Organisatie", "Datum melding", "Onderwerp", "Kanaal", "contact_date", "contact_minutes"],
                    ["Acme", "3-2-2026", "pesten", "phone", "2026-02-04", "45"],
                    ["Bakkerij Noord", "2025-11-20", "werkdruk", "duif", "", ""]]
        let file = home.folder.appendingPathComponent("register.xlsx")
        try XLSXWorkbook.data(sheet: "Register", rows: rows, numeric: [5]).write(to: file)
        let map = ["--map", "Organisatie=organisation", "--map", "Datum melding=opened", "--map", "Onderwerp=categories", "--map", "Kanaal=channel"]
        let refused = await home.run(["import", file.path] + map)
        #expect(refused.status == 65 && refused.errors.contains("Regel 3:") && refused.errors.contains("'duif'"), "\(refused.errors)")
        let imported = try #require(try await home.json(["import", file.path] + map + ["--code", "duif=email"]) as? [String: Any])
        #expect(imported["cases"] as? Int == 2 && imported["conversations"] as? Int == 1, "\(imported)")
        let first = try #require(try await home.json("case", "show", "2026-001") as? [String: Any])
        #expect(first["categories"] as? [String] == ["bullying"] && (first["contacts"] as? [[String: Any]])?.first?["minutes"] as? Int == 45)

        // A damaged workbook is refused with a sentence and nothing is written.
        let damaged = home.folder.appendingPathComponent("damaged.xlsx")
        let whole = try Data(contentsOf: file)
        try whole.prefix(whole.count - 40).write(to: damaged)
        let broken = await home.run(["import", damaged.path] + map)
        #expect(broken.status == 65 && broken.errors.contains("cannot be read as a workbook") && broken.errors.split(separator: "\n").count == 1, "\(broken.errors)")
        #expect((try await home.json("case", "list") as? [Any])?.count == 2)
    }

    @Test func rowsThatCannotBeReadAreSkippedWhenAskedAndEachIsNamed() async throws {
        let home = TestHome()
        let file = try write("organisation,opened,channel,contact_date,contact_minutes\n"
            + "Acme,2026-02-01,phone,2026-02-02,30\n"
            + "Acme,2099-01-01,phone,,\n"            // still to come
            + "Acme,31-02-2026,phone,,\n"           // no such day
            + "Acme,2026-02-05,duif,,\n"            // no such channel
            + "Acme,2026-02-06,phone,2026-02-01,30\n"  // conversation before the opening
            + "Acme,2026-02-07,phone,2026-02-08,5000\n",  // too long
            in: home)
        let skipped = await home.run("import", file, "--skip-bad")
        #expect(skipped.status == 0, "\(skipped.errors)")
        for line in 3...7 { #expect(skipped.errors.contains("Regel \(line):"), "line \(line): \(skipped.errors)") }
        #expect(skipped.output.contains("1 zaken") && skipped.output.contains("5 regels overgeslagen"), "\(skipped.output)")
        #expect((try await home.json("case", "list") as? [Any])?.count == 1)
    }

    @Test func aFileThatIsNoRegisterIsRefusedWithASentence() async throws {
        let home = TestHome()
        for (text, mentions) in [("", "empty"), ("naam;datum\nAcme;2026-01-01\n", "organisation"), ("organisation;opened\n\"Acme;2026-01-01\n", "never closed")] {
            let result = await home.run("import", try write(text, in: home))
            #expect(result.status == ExitStatus.invalidInput.rawValue && result.errors.contains(mentions), "\(text): \(result.errors)")
        }
        let badMap = await home.run("import", try write("a;b\n", in: home), "--map", "a=organisatie")
        #expect(badMap.status == ExitStatus.invalidInput.rawValue && badMap.errors.contains("import field"), "\(badMap.errors)")
        #expect(await home.run("import", "/nergens/register.csv").status == ExitStatus.notFound.rawValue)
    }
}
