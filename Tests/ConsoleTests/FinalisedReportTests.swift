import Foundation
import InProcessRelay
import Testing
@testable import Console

/// Issue 11, item 2: `vp report finalize` freezes a year's figures and narrative; that
/// year's report is then always the frozen one, byte for byte, whatever happens to its
/// cases, and it reaches the counsellor's other devices.
@Suite struct FinalisedReportTests {
    static let formats = ["md", "html", "csv", "csv-nl", "json"]

    func reports(_ home: TestHome, year: String = "2026") async -> [String] {
        var outputs: [String] = []
        for format in Self.formats {
            for language in ["nl", "en"] {
                outputs.append(await home.run("report", "--org", "Acme", "--year", year, "--format", format, "--lang", language).output)
            }
        }
        return outputs
    }

    @Test func aFinalisedYearKeepsItsReportWhateverHappensToItsCases() async throws {
        let relay = try InProcessRelay()
        let home = TestHome()
        home.connect = { _, keys in relay.transport(as: keys?.publicKey) }
        #expect(await home.run("org", "add", "Acme").status == 0)
        for day in 1...8 {
            let opened = await home.run("case", "open", "--org", "Acme", "--date", String(format: "2026-03-%02d", day),
                                        "--category", day % 2 == 0 ? "bullying" : "work_pressure", "--channel", "phone")
            #expect(opened.status == 0, "\(opened.errors)")
        }
        #expect(await home.run("contact", "add", "2026-001", "--date", "2026-03-10", "--minutes", "45", "--channel", "phone").status == 0)
        #expect(await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "trends", "--text", "Werkdruk nam toe.").status == 0)
        let before = await reports(home)

        let finalised = await home.run("report", "finalize", "--org", "Acme", "--year", "2026")
        #expect(finalised.status == 0, "\(finalised.errors)")
        #expect(await reports(home) == before)

        // Everything that would change the live figures happens.
        #expect(await home.run("case", "open", "--org", "Acme", "--date", "2026-03-13", "--category", "bullying").status == 0)
        #expect(await home.run("case", "set", "2026-002", "channel", "email").status == 0)
        #expect(await home.run("case", "tag", "2026-003", "+discrimination").status == 0)
        #expect(await home.run("contact", "add", "2026-004", "--date", "2026-03-12", "--minutes", "60", "--channel", "phone").status == 0)
        #expect(await home.run("case", "close", "2026-005").status == 0)
        let after = await reports(home)
        #expect(after == before)
        #expect(after[0].contains("Werkdruk nam toe."))
        let shown = await home.run("report", "--org", "Acme", "--year", "2026")
        #expect(shown.errors.contains("Vastgesteld op 2026-03-14"))

        // The narrative of a finalised year is closed, and a year is finalised once.
        let note = await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "trends", "--text", "Later")
        #expect(note.status == ExitStatus.alreadyExists.rawValue && note.errors.contains("finalised on 2026-03-14"), "\(note.errors)")
        #expect(await home.run("report", "finalize", "--org", "Acme", "--year", "2026").status == ExitStatus.alreadyExists.rawValue)
        // Another year is still live.
        #expect(await home.run("report", "note", "--org", "Acme", "--year", "2027", "--section", "trends", "--text", "Nieuw jaar").status == 0)
        #expect(await home.run("report", "--org", "Acme", "--year", "2027").output.contains("Nieuw jaar"))

        // The frozen report travels: the counsellor's other device gives the same one.
        #expect(await home.run("sync", "--relay", "http://127.0.0.1:9").status == 0)
        let desktop = try await home.linkedDesktop(through: relay)
        #expect(await desktop.run("sync").status == 0)
        #expect(await reports(desktop) == before)
    }
}
