import Cryptography
import Foundation

/// A cautious guess of how many guesses a passphrase withstands, in bits, in the manner of
/// zxcvbn but without its large dictionaries: well-known passwords (also in l33t spelling),
/// runs of one character, sequences (abcd, 4321), keyboard rows and years count for almost
/// nothing; every other character counts by the kind it is. vp refuses new passphrases below
/// `minimumBits`: Argon2id slows each guess, it cannot make `aaaaaaaa` safe.
public enum PassphraseStrength {
    public static let minimumBits = 50.0

    public static func bits(_ passphrase: String) -> Double {
        let characters = Array(passphrase)
        let plain = characters.map { Character($0.lowercased()) }
        let unleeted = plain.map { leet[$0] ?? $0 }
        var total = 0.0
        var index = 0
        while index < characters.count {
            if let (length, cost) = weakestMatch(at: index, plain, unleeted) {
                total += cost
                index += length
            } else {
                total += log2(pool(characters[index]))
                index += 1
            }
        }
        return total
    }

    /// A random passphrase of five two-syllable words (about 63 bits), easier to remember than
    /// random characters.
    public static func suggestion() -> String {
        (0..<5).map { _ in
            (0..<2).map { _ in
                let syllable = Int(SecureRandom.uint64() % UInt64(consonants.count * vowels.count))
                return String(consonants[syllable / vowels.count]) + String(vowels[syllable % vowels.count])
            }.joined()
        }.joined(separator: "-")
    }

    private static let consonants = Array("bdfghjklmnprstvz")
    private static let vowels = Array("aeiou")
    private static let leet: [Character: Character] = ["0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"]
    private static let rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn", "1234567890"]
    /// Well-known passwords and words people build them from, most common first.
    private static let common = [
        "password", "wachtwoord", "welkom", "welcome", "geheim", "secret", "qwerty", "azerty", "letmein", "admin",
        "iloveyou", "hallo", "hello", "monkey", "dragon", "voetbal", "football", "sunshine", "princess", "master",
        "zomer", "summer", "winter", "lente", "herfst", "liefde", "schatje", "ajax", "feyenoord", "amsterdam",
        "rotterdam", "utrecht", "nederland", "holland", "vertrouwenspersoon", "vertrouwd", "vertrouwen", "kluis",
        "changeme", "trustno1", "whatever", "computer", "internet", "shadow", "superman", "freedom", "starwars",
        "pokemon", "baseball", "charlie", "michael", "jennifer", "thomas", "daniel", "test", "abc123", "passw0rd",
    ]

    /// The match at `index` that costs an attacker least per character, if any.
    private static func weakestMatch(at index: Int, _ plain: [Character], _ unleeted: [Character]) -> (length: Int, cost: Double)? {
        var best: (length: Int, cost: Double)?
        func offer(_ length: Int, _ cost: Double) {
            guard length >= 3 else { return }
            if best == nil || cost / Double(length) < best!.cost / Double(best!.length) { best = (length, cost) }
        }
        for (rank, word) in common.enumerated() where word.count >= 4 {
            let letters = Array(word)
            if index + letters.count <= unleeted.count, Array(unleeted[index..<index + letters.count]) == letters {
                let substituted = plain[index..<index + letters.count].elementsEqual(letters) ? 0.0 : 1.0
                offer(letters.count, log2(Double(rank + 2)) + substituted + 1)
            }
        }
        // A run of one character.
        var run = 1
        while index + run < plain.count, plain[index + run] == plain[index] { run += 1 }
        offer(run, log2(pool(plain[index])) + log2(Double(run)))
        // A sequence with a constant step of one (abcd, 4321).
        if index + 1 < plain.count, let first = plain[index].asciiValue, let second = plain[index + 1].asciiValue,
           abs(Int(second) - Int(first)) == 1 {
            let step = Int(second) - Int(first)
            var length = 2
            while index + length < plain.count, let next = plain[index + length].asciiValue,
                  Int(next) - Int(plain[index + length - 1].asciiValue ?? 0) == step { length += 1 }
            offer(length, log2(pool(plain[index])) + log2(Double(length)) + 1)
        }
        // Keyboard rows, either way.
        for row in rows {
            for keys in [Array(row), Array(row.reversed())] {
                guard let start = keys.firstIndex(of: plain[index]) else { continue }
                var length = 0
                while index + length < plain.count, start + length < keys.count, plain[index + length] == keys[start + length] { length += 1 }
                if length >= 4 { offer(length, log2(Double(rows.count * 2 * keys.count)) + log2(Double(length))) }
            }
        }
        // A year from 1900 to 2099.
        if index + 4 <= plain.count, let year = Int(String(plain[index..<index + 4])), (1900...2099).contains(year),
           plain[index..<index + 4].allSatisfy(\.isNumber) {
            offer(4, log2(200))
        }
        return best.map { $0.cost < log2(pool(plain[index])) * Double($0.length) ? $0 : nil } ?? nil
    }

    private static func pool(_ character: Character) -> Double {
        if character.isASCII {
            if character.isLowercase || character.isUppercase { return 26 }
            if character.isNumber { return 10 }
            if character == " " || character == "-" { return 4 }
            return 33
        }
        return 100
    }
}
