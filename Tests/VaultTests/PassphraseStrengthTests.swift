import Testing
import Vault

/// Issue 13, item 2: `12345678` and `aaaaaaaa` were accepted (the second fell to an offline
/// guess in 5 tries); a new passphrase must now withstand about 50 bits of guessing.
@Suite struct PassphraseStrengthTests {
    @Test(arguments: ["12345678", "aaaaaaaa", "password", "Welkom2026!", "P@ssw0rd123", "qwertyuiop", "abcdefghij",
                      "wachtwoord1", "87654321", "Vertrouwd2026", "zomer2025zomer"])
    func guessablePassphrasesAreBelowTheMinimum(passphrase: String) {
        #expect(PassphraseStrength.bits(passphrase) < PassphraseStrength.minimumBits, "\(PassphraseStrength.bits(passphrase)) bits")
    }

    @Test(arguments: ["een lange testzin", "lange zin voor de kluis", "correct horse battery staple", "een geheel nieuwe zin",
                      "demo passphrase for the report", "benchmark passphrase", "Fietsbel-Regenjas-Kaasschaaf-7"])
    func longPassphrasesPass(passphrase: String) {
        #expect(PassphraseStrength.bits(passphrase) >= PassphraseStrength.minimumBits, "\(PassphraseStrength.bits(passphrase)) bits")
    }

    @Test func suggestionsPassAndDiffer() {
        let suggestions = (0..<20).map { _ in PassphraseStrength.suggestion() }
        #expect(Set(suggestions).count == 20)
        for suggestion in suggestions { #expect(PassphraseStrength.bits(suggestion) >= PassphraseStrength.minimumBits, "\(suggestion)") }
    }
}
