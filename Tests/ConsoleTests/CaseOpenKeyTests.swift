import Foundation
import Replica
import Testing
import Vault
@testable import Console

/// Issue 11, item 1 through `vp`: `vp case open` gives a case a key of its own, kept in the
/// case's own transaction (its record id is the key's case id); a refused `case open` leaves
/// no key behind. `vp import` does the same for every row.
@Suite struct CaseOpenKeyTests {
    @Test func aCaseOpensUnderAKeyOfItsOwnAndARefusedOneLeavesNone() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        #expect(await home.run("case", "open", "--org", "Acme", "--summary", "Eerste").output == "2026-001\n")
        let vault = try home.openVault()
        let keys = try vault.syncRead { try $0.caseKeys() }
        #expect(keys.count == 1)
        let caseID = try #require(keys.first.flatMap { RecordID(bytes: $0.caseID) })
        #expect(try vault.records()[caseID]?.string("ref") == "2026-001")
        // The counsellor sees it: destroying this case reaches beyond this device.
        #expect(await home.run("case", "show", "2026-001", "--json").output.contains("\"own_key\": true"))
        let shown = await home.run("case", "show", "2026-001", "--lang", "en").output
        #expect(shown.split(separator: "\n").contains { $0.hasPrefix("own key ") && $0.hasSuffix(" yes") }, "\(shown)")

        let refused = await home.run("case", "open", "--org", "Onbekend")
        #expect(refused.status != 0)
        #expect(try vault.syncRead { try $0.caseKeys() }.count == 1)
    }

    @Test func importedCasesGetKeysOfTheirOwnInTheImportsTransaction() async throws {
        let home = TestHome()
        let file = home.folder.appendingPathComponent("register.csv")
        try Data("organisation;opened;summary\nAcme;2026-02-03;Eerste\nBakkerij Noord;2026-02-04;Tweede\n".utf8).write(to: file)
        #expect(await home.run("import", file.path).status == 0)
        let vault = try home.openVault()
        let keyed = Set(try vault.syncRead { try $0.caseKeys() }.compactMap { RecordID(bytes: $0.caseID) })
        let cases = Set(try vault.records().filter { $0.value.string("kind") == "case" }.keys)
        #expect(cases.count == 2 && keyed == cases)
    }
}
