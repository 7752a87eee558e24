import Foundation

/// Which number formats show a date, and the day a date cell's number stands for.
enum DateFormat {
    /// Excel's built-in date and date-time formats.
    static let builtIn: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// A custom format code shows a date when, outside quoted text and [colour] blocks, it
    /// has a day, month or year part (d, m next to d or y, y).
    static func isDate(_ code: String) -> Bool {
        var plain = ""
        var quoted = false, bracketed = false
        for character in code.lowercased() {
            switch character {
            case "\"": quoted.toggle()
            case "[" where !quoted: bracketed = true
            case "]" where !quoted: bracketed = false
            default: if !quoted && !bracketed { plain.append(character) }
            }
        }
        return plain.contains("d") || plain.contains("y")
    }

    /// `YYYY-MM-DD` for a serial day number (1900 system: day 1 is 1900-01-01, counting
    /// Excel's phantom 1900-02-29; 1904 system: day 0 is 1904-01-01).
    static func day(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        // Days since 1970-01-01: 1899-12-30 is −25,569 (from day 61 on, past the phantom
        // day; before it 1899-12-31); 1904-01-01 is −24,107.
        let whole = Int(serial.rounded(.down))
        let days = whole + (date1904 ? -24_107 : whole < 61 ? -25_568 : -25_569)
        return civil(fromDays: days)
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's algorithm).
    static func civil(fromDays days: Int) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPart = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPart + 2) / 5 + 1
        let month = monthPart < 10 ? monthPart + 3 : monthPart - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
