import Replica

/// Correcting mistakes: a conversation edited or taken back, an activity or signal taken
/// back, an organisation renamed or removed. Taking back sets `removed` (the day): the
/// record is no longer shown or counted, and what it said stays in the audit trail.
extension ChangeSession {
    /// The conversations of case `ref` in the order `vp case show` numbers them (from 1).
    func conversations(of ref: String) throws(CaseworkError) -> [RecordID] {
        let caseID = try RecordLookup.caseID(ref: ref, in: records)
        let caseload = records[caseID]?.string(CaseField.caseload)
        // Only those in the case's caseload: members of a caseload the case left cannot add to it.
        return records.filter { id, state in
            RecordLookup.kind(state) == .contact && !RecordKind.isRemoved(state) && state.string("case") == caseID.description
                && state.string(CaseField.caseload) == caseload
        }.map { (id: $0.key, date: $0.value.string("date") ?? "") }
            .sorted { ($0.date, $0.id) < ($1.date, $1.id) }.map(\.id)
    }

    private func conversation(_ number: Int, of ref: String) throws(CaseworkError) -> RecordID {
        let all = try conversations(of: ref)
        guard (1...max(1, all.count)).contains(number), number <= all.count else {
            throw .noSuchConversation(ref: ref, number: number, count: all.count)
        }
        return all[number - 1]
    }

    /// `vp contact edit REF N`: changes what is given, checked as when adding.
    public mutating func editContact(
        ref: String, number: Int, date: LocalDate?, minutes: Int?, channel: Channel?, purpose: ConversationKind? = nil,
        followUp: LocalDate? = nil, summary: String?, today: LocalDate
    ) throws(CaseworkError) {
        let id = try conversation(number, of: ref)
        if let followUp {
            guard followUp >= today else { throw .contradicts("\(followUp) has passed; give today or a later day to follow the conversation up.") }
            assign(.string(followUp.description), to: CaseField.followUp, of: id)
        }
        if let minutes {
            guard (0...Int(Contact.maximumMinutes)).contains(minutes) else {
                throw .numberOutOfRange(field: "number of minutes", given: String(minutes), range: "0 to \(Contact.maximumMinutes)")
            }
            assign(.integer(Int64(minutes)), to: "minutes", of: id)
        }
        if let date {
            try ensure(date, of: "conversation", in: try RecordLookup.caseID(ref: ref, in: records), ref: ref, today: today)
            assign(.string(date.description), to: "date", of: id)
        }
        if let channel { assign(.string(channel.code), to: "channel", of: id) }
        if let purpose { assign(.string(purpose.code), to: ConversationKind.fieldName, of: id) }
        if let summary { try writeText(summary, to: "summary", of: id) }
    }

    /// `vp contact delete REF N`.
    public mutating func removeContact(ref: String, number: Int, on day: LocalDate) throws(CaseworkError) {
        assign(.string(day.description), to: RecordKind.removedField, of: try conversation(number, of: ref))
    }

    /// `vp activity delete ID` / `vp signal delete ID`: the one record of `kind` whose id
    /// starts with `prefix` (at least 4 hex digits).
    /// Returns the entry's id.
    @discardableResult
    public mutating func removeEntry(_ kind: RecordKind, idPrefix prefix: String, on day: LocalDate) throws(CaseworkError) -> RecordID {
        let id = try entry(kind, idPrefix: prefix)
        assign(.string(day.description), to: RecordKind.removedField, of: id)
        return id
    }

    /// The one live record of `kind` whose id starts with `prefix` (at least 4 hex digits).
    private func entry(_ kind: RecordKind, idPrefix prefix: String) throws(CaseworkError) -> RecordID {
        let wanted = prefix.lowercased()
        let matches = records.filter { id, state in
            RecordLookup.kind(state) == kind && !RecordKind.isRemoved(state) && id.description.hasPrefix(wanted)
        }
        guard wanted.count >= 4, matches.count == 1, let id = matches.first?.key else { throw .unknownEntry(what: kind.rawValue, given: prefix) }
        return id
    }

    /// `vp activity edit ID`: changes what is given, checked as when adding. Returns its id.
    @discardableResult
    public mutating func editActivity(
        idPrefix: String, kind: ActivityKind?, date: LocalDate?, hours: Double?, audience: Int?, topic: String?, today: LocalDate
    ) throws(CaseworkError) -> RecordID {
        let id = try entry(.activity, idPrefix: idPrefix)
        if let date {
            try ensureHappened(date, of: "activity", today: today)
            assign(.string(date.description), to: "date", of: id)
        }
        try Self.checkActivity(hours: hours, audience: audience)
        if let hours { assign(.decimal(hours), to: "hours", of: id) }
        if let audience { assign(.integer(Int64(audience)), to: "audience", of: id) }
        if let kind { assign(.string(kind.code), to: "activity_kind", of: id) }
        if let topic { try writeText(topic, to: "topic", of: id) }
        return id
    }

    /// `vp signal edit ID`. Returns its id.
    @discardableResult
    public mutating func editSignal(idPrefix: String, theme: String?, text: String?, date: LocalDate?, today: LocalDate) throws(CaseworkError) -> RecordID {
        let id = try entry(.signal, idPrefix: idPrefix)
        if let date {
            try ensureHappened(date, of: "signal", today: today)
            assign(.string(date.description), to: "date", of: id)
        }
        if let theme { assign(.string(try Self.themeCode(theme)), to: "theme", of: id) }
        if let text {
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyValue(field: "signal text") }
            try writeText(text, to: "text", of: id)
        }
        return id
    }

    /// `vp org rename OLD NEW`: every record of that name, in every caseload that keeps one
    /// (an organisation is its name: renaming one record would split it in two).
    public mutating func renameOrganisation(_ name: String, to newName: String) throws(CaseworkError) {
        let organisation = try RecordLookup.organisation(named: name, among: RecordLookup.organisations(in: records))
        let trimmed = try PlainName.checked(newName, field: "organisation name")
        for record in organisation.records {
            if let other = try? RecordLookup.organisation(named: trimmed, caseload: record.caseload, in: records), other.id != record.id {
                throw .duplicateOrganisation(trimmed)
            }
        }
        for record in organisation.records { assign(.string(trimmed), to: "name", of: record.id) }
    }

    /// `vp org role NAME ROLE`: the role new cases get, in every caseload that keeps the name.
    public mutating func setOrganisationRole(_ name: String, to role: CounsellorRole) throws(CaseworkError) {
        let organisation = try RecordLookup.organisation(named: name, among: RecordLookup.organisations(in: records))
        for record in organisation.records { assign(.string(role.code), to: CaseField.counsellorRole, of: record.id) }
    }

    /// `vp org remove NAME`: only an organisation nothing refers to any more.
    public mutating func removeOrganisation(_ name: String, on day: LocalDate) throws(CaseworkError) {
        let (organisation, _) = try RecordLookup.reportOrganisation(named: name, in: records)
        let users = records.values.filter { state in
            !RecordKind.isRemoved(state) && (state.string(CaseField.organisation) == organisation.id.description)
        }.count
        guard users == 0 else { throw .organisationInUse(organisation.name, records: users) }
        assign(.string(day.description), to: RecordKind.removedField, of: organisation.id)
    }
}
