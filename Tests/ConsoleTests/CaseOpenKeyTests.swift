import Foundation
import Replica
import Testing
import Vault
@testable import Console

/// Issue 11, item 1 through `vp`: `vp case open` gives a case a key of its own, kept in the
/// case's own transaction (its record id is the key's case id); a refused `case open` leaves
/// no key behind.
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

        let refused = await home.run("case", "open", "--org", "Onbekend")
        #expect(refused.status != 0)
        #expect(try vault.syncRead { try $0.caseKeys() }.count == 1)
    }
}
