import Foundation

/// One row of an imported register, read and checked: what `importCases` writes.
public struct ImportedCase: Sendable {
    public struct Conversation: Sendable {
        public let date: LocalDate
        public let minutes: Int
        public let channel: Channel
        public let purpose: ConversationKind?
        public let summary: String?
    }

    public let organisation: String
    public let opened: LocalDate
    public let closed: LocalDate?
    public let channel: Channel?
    public let reporterRole: ReporterRole?
    public let otherParty: OtherParty?
    public let formalStep: FormalStep?
    public let categories: [Category]
    public let referrals: [Referral]
    public let summary: String?
    public let outcome: String?
    public let destroyAfter: LocalDate?
    public let conversation: Conversation?

    /// Reads `fields` (one row, in `columns`' places), with `codes` translating values the
    /// register used (`--code FROM=TO`) before they are judged. Dates may be written
    /// `2026-03-01`, `1-3-2026`, `01-03-2026` or `01/03/2026`.
    public init(_ fields: [String], columns: [ImportField: Int], codes: ImportCodes, today: LocalDate) throws(CaseworkError) {
        func value(_ field: ImportField) -> String? {
            guard let index = columns[field] else { return nil }
            let text = fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        func code<Code: CodeList>(_ field: ImportField, as type: Code.Type) throws(CaseworkError) -> Code? {
            guard let text = value(field) else { return nil }
            return try codes.parse(text, as: Code.self)
        }
        func codeList<Code: CodeList>(_ field: ImportField, as type: Code.Type) throws(CaseworkError) -> [Code] {
            guard let text = value(field) else { return [] }
            var parsed: [Code] = []
            for part in text.split(whereSeparator: { ",;|".contains($0) }) {
                let item = part.trimmingCharacters(in: .whitespaces)
                if !item.isEmpty { parsed.append(try codes.parse(item, as: Code.self)) }
            }
            return parsed
        }
        func date(_ field: ImportField) throws(CaseworkError) -> LocalDate? {
            try value(field).map { text throws(CaseworkError) in try Self.date(text) }
        }

        guard let organisation = value(.organisation) else { throw .emptyValue(field: "organisation") }
        self.organisation = try PlainName.checked(organisation, field: "organisation name")
        guard let opened = try date(.opened) else { throw .emptyValue(field: "opened") }
        self.opened = opened
        closed = try date(.closed)
        if let closed, closed < opened { throw .contradicts("it closed on \(closed), before it opened on \(opened)") }
        channel = try code(.channel, as: Channel.self)
        reporterRole = try code(.reporterRole, as: ReporterRole.self)
        otherParty = try code(.otherParty, as: OtherParty.self)
        formalStep = try code(.formalStep, as: FormalStep.self)
        categories = try codeList(.categories, as: Category.self)
        referrals = try codeList(.referrals, as: Referral.self)
        summary = value(.summary)
        outcome = value(.outcome)
        destroyAfter = try date(.destroyAfter)
        if let day = try date(.contactDate) {
            let minutesText = value(.contactMinutes) ?? "0"
            guard let minutes = Int(minutesText) else { throw .invalidNumber(field: "contact_minutes", given: minutesText) }
            guard (0...Int(Contact.maximumMinutes)).contains(minutes) else {
                throw .numberOutOfRange(field: "contact_minutes", given: minutesText, range: "0 to \(Contact.maximumMinutes)")
            }
            guard day >= opened else { throw .contradicts("its conversation on \(day) lies before its opening on \(opened)") }
            conversation = Conversation(date: day, minutes: minutes, channel: try code(.contactChannel, as: Channel.self) ?? channel ?? .inPerson,
                                        purpose: try code(.contactPurpose, as: ConversationKind.self), summary: value(.contactSummary))
        } else {
            conversation = nil
        }
        for day in [opened, closed, conversation?.date].compactMap({ $0 }) {
            guard day <= today, day >= LocalDate.earliest else { throw .contradicts("the day \(day) is \(day > today ? "still to come" : "before \(LocalDate.earliest)")") }
        }
    }

    /// ISO (`2026-03-01`) or day first as Dutch registers write it (`1-3-2026`, `01/03/2026`).
    static func date(_ text: String) throws(CaseworkError) -> LocalDate {
        if let iso = try? LocalDate.parse(text) { return iso }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts[2].count == 4, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else {
            throw .invalidDate(text)
        }
        return try LocalDate.parse(String(format: "%04d-%02d-%02d", year, month, day))
    }
}
