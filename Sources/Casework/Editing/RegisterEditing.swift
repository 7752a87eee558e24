import Replica

/// Organisations, conversations, prevention activities and signals.
extension ChangeSession {
    /// Adds a client organisation to a caseload (nil: the counsellor's own).
    public mutating func addOrganisation(name: String, caseload: String? = nil, defaultRole: CounsellorRole? = nil) throws(CaseworkError) -> Organisation {
        let trimmed = try PlainName.checked(name, field: "organisation name")
        if (try? RecordLookup.organisation(named: trimmed, caseload: caseload, in: records)) != nil { throw .duplicateOrganisation(trimmed) }
        let id = newRecordID()
        assign(.string(RecordKind.organisation.rawValue), to: RecordKind.field, of: id)
        if let caseload { assign(.string(caseload), to: CaseField.caseload, of: id) }
        assign(.string(trimmed), to: "name", of: id)
        if let defaultRole { assign(.string(defaultRole.code), to: CaseField.counsellorRole, of: id) }
        return Organisation(id: id, state: records[id]!)
    }

    /// Returns its number as `vp case show` lists it.
    @discardableResult
    public mutating func addContact(
        ref: String, date: LocalDate, minutes: Int, channel: Channel, purpose: ConversationKind? = nil, followUp: LocalDate? = nil,
        summary: String?, today: LocalDate
    ) throws(CaseworkError) -> Int {
        guard (0...Int(Contact.maximumMinutes)).contains(minutes) else {
            throw .numberOutOfRange(field: "number of minutes", given: String(minutes), range: "0 to \(Contact.maximumMinutes)")
        }
        let caseID = try RecordLookup.caseID(ref: ref, in: records)
        try ensure(date, of: "conversation", in: caseID, ref: ref, today: today)
        if let followUp, followUp < date {
            throw .contradicts("A follow-up on \(followUp) comes before the conversation itself (\(date)); give a later day.")
        }
        let id = try writeConversation(of: caseID, date: date, minutes: minutes, channel: channel, purpose: purpose, summary: summary)
        if let followUp { assign(.string(followUp.description), to: CaseField.followUp, of: id) }
        return (try conversations(of: ref).firstIndex(of: id) ?? 0) + 1
    }

    /// Writes a conversation of the case `caseID` (already checked); returns its record id.
    mutating func writeConversation(
        of caseID: RecordID, date: LocalDate, minutes: Int, channel: Channel, purpose: ConversationKind?, summary: String?
    ) throws(CaseworkError) -> RecordID {
        let id = newRecordID()
        assign(.string(RecordKind.contact.rawValue), to: RecordKind.field, of: id)
        // A conversation travels with its case.
        if let caseload = records[caseID]?.string(CaseField.caseload) { assign(.string(caseload), to: CaseField.caseload, of: id) }
        assign(.string(caseID.description), to: "case", of: id)
        assign(.string(date.description), to: "date", of: id)
        assign(.integer(Int64(minutes)), to: "minutes", of: id)
        assign(.string(channel.code), to: "channel", of: id)
        if let purpose { assign(.string(purpose.code), to: ConversationKind.fieldName, of: id) }
        if let summary, !summary.isEmpty { try writeText(summary, to: "summary", of: id) }
        return id
    }

    /// Returns the new entry's id.
    @discardableResult
    public mutating func addActivity(
        organisation name: String, kind: ActivityKind, date: LocalDate, hours: Double, audience: Int?, topic: String?, today: LocalDate
    ) throws(CaseworkError) -> RecordID {
        try ensureHappened(date, of: "activity", today: today)
        try Self.checkActivity(hours: hours, audience: audience)
        let (organisation, caseload) = try RecordLookup.reportOrganisation(named: name, in: records)
        let id = newRecordID()
        assign(.string(RecordKind.activity.rawValue), to: RecordKind.field, of: id)
        if let caseload { assign(.string(caseload), to: CaseField.caseload, of: id) }
        assign(.string(organisation.id.description), to: "organisation", of: id)
        assign(.string(kind.code), to: "activity_kind", of: id)
        assign(.string(date.description), to: "date", of: id)
        assign(.decimal(hours), to: "hours", of: id)
        if let audience { assign(.integer(Int64(audience)), to: "audience", of: id) }
        if let topic, !topic.isEmpty { try writeText(topic, to: "topic", of: id) }
        return id
    }

    /// An activity's hours and audience within their bounds (shared by adding and editing).
    static func checkActivity(hours: Double?, audience: Int?) throws(CaseworkError) {
        if let hours, !hours.isFinite || !(0...Activity.maximumHours).contains(hours) {
            throw .numberOutOfRange(field: "number of hours", given: String(hours), range: "0 to \(Int(Activity.maximumHours))")
        }
        if let audience, !(0...Int(Activity.maximumAudience)).contains(audience) {
            throw .numberOutOfRange(field: "audience size", given: String(audience), range: "0 to \(Activity.maximumAudience)")
        }
    }

    /// A signal's theme as stored: a category's code when it names one, else the word given.
    static func themeCode(_ theme: String) throws(CaseworkError) -> String {
        let trimmed = theme.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .emptyValue(field: "theme") }
        return Category(rawValue: trimmed.lowercased())?.code ?? trimmed
    }

    /// Sets the narrative of one report section; one record per organisation, year and section.
    public mutating func setReportNote(organisation name: String, year: Int, section: ReportSection, text: String) throws(CaseworkError) {
        let (organisation, caseload) = try RecordLookup.reportOrganisation(named: name, in: records)
        let all = try RecordLookup.organisation(named: name, among: RecordLookup.organisations(in: records))
        try refuseIfFinalised(all, year: year)
        // Two devices that wrote the section offline made two records (also one per caseload
        // that keeps the organisation): the text goes into the first, and the others are
        // emptied, so one text remains (the report skips empty ones).
        let existing = records.filter { id, state in
            RecordLookup.kind(state) == .reportNote && all.includes(state.string("organisation").flatMap(RecordID.init(hex:)))
                && state.value("year")?.integer == Int64(year) && state.string("section") == section.code
        }.keys.sorted()
        let id = existing.first ?? newRecordID()
        for other in existing.dropFirst() where records[other]?.text("text")?.versions.contains(where: { !$0.text.isEmpty }) == true {
            try writeText("", to: "text", of: other)
        }
        if existing.isEmpty {
            assign(.string(RecordKind.reportNote.rawValue), to: RecordKind.field, of: id)
            if let caseload { assign(.string(caseload), to: CaseField.caseload, of: id) }
            assign(.string(organisation.id.description), to: "organisation", of: id)
            assign(.integer(Int64(year)), to: "year", of: id)
            assign(.string(section.code), to: "section", of: id)
        }
        try writeText(text, to: "text", of: id)
    }

    /// Freezes `report` as the report of its organisation and year, in the organisation's
    /// caseload (so colleagues there get it), with the cases it counts (`counting`); a year
    /// is finalised once.
    public mutating func finaliseReport(_ report: AnnualReport, counting: Set<RecordID>, organisation name: String, on day: LocalDate) throws(CaseworkError) {
        let (organisation, caseload) = try RecordLookup.reportOrganisation(named: name, in: records)
        try refuseIfFinalised(RecordLookup.organisation(named: name, among: RecordLookup.organisations(in: records)), year: report.year)
        let id = newRecordID()
        assign(.string(RecordKind.finalisedReport.rawValue), to: RecordKind.field, of: id)
        if let caseload { assign(.string(caseload), to: CaseField.caseload, of: id) }
        assign(.string(organisation.id.description), to: "organisation", of: id)
        assign(.integer(Int64(report.year)), to: "year", of: id)
        assign(.string(day.description), to: "finalised", of: id)
        assign(.string(FrozenReport.encode(report)), to: "report", of: id)
        assign(.string(counting.map(\.description).sorted().joined(separator: " ")), to: FinalisedReport.casesField, of: id)
    }

    private func refuseIfFinalised(_ organisation: NamedOrganisation, year: Int) throws(CaseworkError) {
        let finalised = records.lazy.map(\.value).filter { state in
            RecordLookup.kind(state) == .finalisedReport && organisation.includes(state.string("organisation").flatMap(RecordID.init(hex:)))
                && state.value("year")?.integer == Int64(year)
        }.compactMap { $0.string("finalised") }.min()
        if let finalised { throw .reportFinalised(organisation: organisation.name, year: year, on: finalised) }
    }

    /// Tells a shared caseload's members this counsellor's display name. `id` is the same
    /// for one counsellor and caseload everywhere, so a later name replaces the earlier one.
    /// `signature`: hex of the counsellor's signature over the name, when another device
    /// (an admin, for a reader) writes it.
    public mutating func setCounsellorName(_ name: String, counsellor: String, caseload: String, id: RecordID, signature: String? = nil) throws(CaseworkError) {
        let trimmed = try PlainName.checked(name, field: "display name")
        assign(.string(RecordKind.counsellor.rawValue), to: RecordKind.field, of: id)
        assign(.string(caseload), to: CaseField.caseload, of: id)
        assign(.string(counsellor), to: "counsellor", of: id)
        assign(.string(trimmed), to: "name", of: id)
        if let signature { assign(.string(signature), to: Casebook.Profile.signatureField, of: id) }
    }

    /// A signal's theme is a category code or the counsellor's own word.
    /// Returns the new entry's id.
    @discardableResult
    public mutating func addSignal(organisation name: String, theme: String, text: String, date: LocalDate, today: LocalDate) throws(CaseworkError) -> RecordID {
        try ensureHappened(date, of: "signal", today: today)
        let theme = try Self.themeCode(theme)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyValue(field: "signal text") }
        let (organisation, caseload) = try RecordLookup.reportOrganisation(named: name, in: records)
        let id = newRecordID()
        assign(.string(RecordKind.signal.rawValue), to: RecordKind.field, of: id)
        if let caseload { assign(.string(caseload), to: CaseField.caseload, of: id) }
        assign(.string(organisation.id.description), to: "organisation", of: id)
        assign(.string(date.description), to: "date", of: id)
        assign(.string(theme), to: "theme", of: id)
        try writeText(text, to: "text", of: id)
        return id
    }
}

import Foundation
