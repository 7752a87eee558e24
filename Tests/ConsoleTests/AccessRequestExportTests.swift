import Foundation
import Testing
@testable import Console

/// Issue 11, item 4: `vp case export` writes a case for the person it is about, in every
/// format never with the private note, without the fields withheld, saying what was left out;
/// the export is noted in the case's history.
@Suite struct AccessRequestExportTests {
    @Test(arguments: ["json", "html", "pdf"])
    func anExportLeavesOutThePrivateNoteAndTheWithheldFieldsAndIsNoted(format: String) async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme", "--date", "2026-03-02", "--channel", "phone", "--summary", "Samenvatting MARKSUM").status == 0)
        #expect(await home.run("case", "set", "2026-001", "private_note", "Werkaantekening MARKNOTE").status == 0)
        #expect(await home.run("case", "set", "2026-001", "outcome", "Uitkomst MARKOUT").status == 0)
        #expect(await home.run("contact", "add", "2026-001", "--date", "2026-03-10", "--minutes", "30", "--channel", "phone",
                               "--summary", "Gesprek MARKTALK").status == 0)
        let file = home.folder.appendingPathComponent("inzage.\(format)").path
        let exported = await home.run("case", "export", "2026-001", "--format", format, "--redact", "summary", "--redact", "contacts", "-o", file)
        #expect(exported.status == 0, "\(exported.errors)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("MARKOUT") && text.contains("2026-001"))
        for absent in ["MARKNOTE", "MARKSUM", "MARKTALK"] { #expect(!text.contains(absent), "\(absent) in the \(format) export") }
        // The PDF wraps the line; the others keep it whole.
        #expect(format == "pdf" ? text.contains("summary,") && text.contains("contacts.") : text.contains("summary, contacts"))
        #expect(text.contains("werkaantekening"))
        if format == "pdf" { #expect(text.hasPrefix("%PDF-1.4") && text.hasSuffix("%%EOF\n")) }
        let history = await home.run("case", "history", "2026-001")
        #expect(history.output.contains("\(format); withheld: summary, contacts"), "\(history.output)")
    }

    @Test func anUnknownFieldOrAPdfWithoutAFileIsRefused() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme").status == 0)
        let unknown = await home.run("case", "export", "2026-001", "--format", "json", "--redact", "private_note")
        #expect(unknown.status == ExitStatus.invalidInput.rawValue && unknown.errors.contains("summary"), "\(unknown.errors)")
        #expect(await home.run("case", "export", "2026-001", "--format", "pdf").status == ExitStatus.usage.rawValue)
        let shown = await home.run("case", "export", "2026-001", "--format", "json")
        #expect(shown.status == 0 && shown.output.contains("\"left_out\""))
    }
}
