import Foundation
import Vault

/// Problems with how a command was called that the parser cannot see.
enum ConsoleError: Error, Equatable, LocalizedError {
    case unreadableFile(String)
    case weakPassphrase(bits: Int, suggestion: String)
    /// `vp passwd` asks for the current passphrase even when the vault is unlocked.
    case currentPassphraseNeeded
    /// A value outside what the option takes; the sentence says what it takes.
    case invalidValue(String)
    /// A `--year` that is no year (1900 to 2999).
    case notAYear(Int)
    case passphraseMismatch
    case invalidDuration(String)
    case nestedRepl
    case needsTerminal(String)
    /// No new passphrase came from the environment variable, a file or a prompt.
    case newPassphraseNeeded(environment: String, option: String)
    case unwritableFile(String)
    case editorFailed(String)
    case stdinInRepl
    /// A line of a script fed to the prompt failed with `status`; nothing after it ran.
    case scriptLineFailed(line: Int, status: Int32)
    /// A finalised report this version cannot read (written by a newer vp, or damaged).
    case unreadableFinalisedReport(year: Int)
    /// A PDF report needs Chromium, which is not installed (or not found).
    case chromiumMissing
    /// Chromium ran but wrote no PDF.
    case chromiumFailed(String)

    /// Refuses a year no register covers.
    static func checkYear(_ year: Int?) throws {
        if let year, !(1900...2999).contains(year) { throw ConsoleError.notAYear(year) }
    }

    var errorDescription: String? {
        switch self {
        case .unreadableFile(let path):
            "Cannot read \(path); check the path and its permissions."
        case .weakPassphrase(let bits, let suggestion):
            "That passphrase is too easy to guess (about \(bits) bits; at least \(Int(PassphraseStrength.minimumBits)) are needed); use four or five unrelated words, e.g. \(suggestion)."
        case .invalidValue(let sentence):
            sentence
        case .notAYear(let given):
            "'\(given)' is not a year; write it as YYYY, e.g. 2026."
        case .currentPassphraseNeeded:
            "'vp passwd' needs the current passphrase, also when the vault is unlocked: type it at a prompt, or give it with --passphrase-file or VP_PASSPHRASE."
        case .passphraseMismatch:
            "The two passphrases differ; nothing was changed, try again."
        case .invalidDuration(let given):
            "'\(given)' is not a duration; write e.g. 90s, 15m or 2h (at most 8h)."
        case .nestedRepl:
            "You are already in the vp prompt; type a command, or 'exit' to leave."
        case .newPassphraseNeeded(let environment, let option):
            "No new passphrase was given; set $\(environment), use \(option) FILE, or run the command on a terminal to type it."
        case .needsTerminal(let what):
            "\(what) needs a terminal; pass the text as an argument instead."
        case .unwritableFile(let path):
            "Cannot write \(path); check that the folder exists and is writable."
        case .stdinInRepl:
            "'-' (read the text from standard input) does not work in the prompt; type the text in quotes instead."
        case .scriptLineFailed(let line, _):
            "Line \(line) of the script failed (see above); the lines after it did not run."
        case .unreadableFinalisedReport(let year):
            "The finalised \(year) report cannot be read by this version of vp; upgrade vp (it is not rebuilt from the cases, which may have changed)."
        case .chromiumMissing:
            "A PDF report is printed by Chromium, which was not found; install it (apt-get install chromium), set $VP_CHROMIUM to its path, or write --format html and print that."
        case .chromiumFailed(let path):
            "Chromium (\(path)) did not print the report; nothing was written. Try --format html and print it from a browser."
        case .editorFailed(let editor):
            "The editor '\(editor)' did not finish normally; nothing was saved. Set $EDITOR to an editor you use."
        }
    }
}
