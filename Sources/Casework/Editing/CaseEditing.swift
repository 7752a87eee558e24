import Replica

/// The counsellor's changes to cases, expressed as operations of the data core.
extension ChangeSession {
    private func caseID(_ ref: String) throws(CaseworkError) -> RecordID {
        try RecordLookup.caseID(ref: ref, in: records)
    }

    /// The day the case opened, if it says.
    private func opened(_ id: RecordID) -> LocalDate? {
        records[id]?.string(CaseField.opened).flatMap { try? LocalDate.parse($0) }
    }

    /// Opens a case and returns its new reference, e.g. `2026-014`.
    public mutating func openCase(_ draft: CaseDraft, today: LocalDate) throws(CaseworkError) -> String {
        let organisation: Organisation
        do {
            organisation = try RecordLookup.organisation(named: draft.organisation, caseload: draft.caseload, in: records)
        } catch .unknownOrganisation(let name, let hasAny) {
            // A partial read holds only organisations of that name; the counter knows if there are others.
            throw .unknownOrganisation(name, hasAny: isPartial ? counters[CaseIndex.organisationsCounter] == 1 : hasAny)
        }
        let opened = draft.opened ?? today
        try ensureHappened(opened, of: "opening", today: today)
        let ref = RecordLookup.nextReference(year: opened.year, in: records, counted: counters[CaseIndex.referenceCounter(year: opened.year)], isPartial: isPartial)
        let id = draft.id ?? newRecordID()
        assign(.string(RecordKind.case.rawValue), to: RecordKind.field, of: id)
        if let caseload = draft.caseload { assign(.string(caseload), to: CaseField.caseload, of: id) }
        assign(.string(ref), to: CaseField.ref, of: id)
        assign(.string(organisation.id.description), to: CaseField.organisation, of: id)
        assign(.string(opened.description), to: CaseField.opened, of: id)
        assign(.string(CaseStatus.open.code), to: CaseField.status, of: id)
        if let channel = draft.channel { assign(.string(channel.code), to: CaseField.channel, of: id) }
        if let role = draft.reporterRole { assign(.string(role.code), to: CaseField.reporterRole, of: id) }
        if let party = draft.otherParty { assign(.string(party.code), to: CaseField.otherParty, of: id) }
        if let role = draft.counsellorRole?.code ?? organisation.defaultRole { assign(.string(role), to: CaseField.counsellorRole, of: id) }
        for category in draft.categories { insert(category.code, into: CaseField.categories, of: id) }
        if let summary = draft.summary, !summary.isEmpty { try writeText(summary, to: CaseField.summary, of: id) }
        return ref
    }

    /// `vp case set REF FIELD VALUE`: validates the value for the field, then records it.
    public mutating func setCaseField(ref: String, field: String, value: String, today: LocalDate) throws(CaseworkError) {
        let id = try caseID(ref)
        // An empty value clears a field that may be empty (a text becomes empty).
        if value.trimmingCharacters(in: .whitespaces).isEmpty, CaseField.clearable.contains(field) {
            assign(.null, to: field, of: id)
            if field == CaseField.consent { assign(.null, to: CaseField.consentDate, of: id) }
            return
        }
        switch field {
        case CaseField.channel: assign(.string(try Channel.parse(value).code), to: field, of: id)
        case CaseField.reporterRole: assign(.string(try ReporterRole.parse(value).code), to: field, of: id)
        case CaseField.otherParty: assign(.string(try OtherParty.parse(value).code), to: field, of: id)
        case CaseField.formalStep: assign(.string(try FormalStep.parse(value).code), to: field, of: id)
        case CaseField.counsellorRole: assign(.string(try CounsellorRole.parse(value).code), to: field, of: id)
        case CaseField.opened:
            let date = try LocalDate.parse(value)
            try ensureHappened(date, of: "opening", today: today)
            if let closed = records[id]?.string(CaseField.closed).flatMap({ try? LocalDate.parse($0) }), date > closed {
                throw .contradicts("Case \(ref) closed on \(closed); it cannot have opened later, on \(date).")
            }
            if let first = try conversations(of: ref).compactMap({ records[$0]?.string("date").flatMap { try? LocalDate.parse($0) } }).min(), date > first {
                throw .contradicts("Case \(ref) has a conversation on \(first); it cannot have opened later, on \(date).")
            }
            assign(.string(date.description), to: field, of: id)
        case CaseField.followUp:
            let date = try LocalDate.parse(value)
            guard date >= today else { throw .contradicts("\(date) has passed; give today or a later day to come back to the case.") }
            assign(.string(date.description), to: field, of: id)
        case CaseField.destroyAfter:
            let date = try LocalDate.parse(value)
            guard date >= today else { throw .contradicts("\(date) has passed; give today or a later day to destroy the case after.") }
            assign(.string(date.description), to: field, of: id)
        case CaseField.consent:
            // "given", "withdrawn", or either with a date: "given:2026-03-01".
            let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let state = try ConsentState.parse(parts.first ?? "")
            let date = parts.count == 2 ? try LocalDate.parse(parts[1]) : today
            try ensure(date, of: "consent", in: id, ref: ref, today: today)
            assign(.string(state.code), to: CaseField.consent, of: id)
            assign(.string(date.description), to: CaseField.consentDate, of: id)
        case CaseField.summary, CaseField.outcome, CaseField.privateNote:
            try writeText(value, to: field, of: id)
        default:
            throw .unknownField(field, valid: CaseField.settable)
        }
    }

    /// `vp case tag REF +code -code`: adds and removes codes of the case's sets.
    public mutating func tagCase(ref: String, changes: [TagChange]) throws(CaseworkError) {
        let id = try caseID(ref)
        var referrals = Set(records[id]?.elements(CaseField.referrals) ?? [])
        for change in changes where change.field == CaseField.referrals {
            if change.adds { referrals.insert(change.code) } else { referrals.remove(change.code) }
        }
        if referrals.contains(Referral.none.code) && referrals.count > 1 {
            throw .contradicts("Case \(ref) cannot have the referral 'none' together with others; remove one of them (-none, or -\(referrals.subtracting([Referral.none.code]).sorted()[0])).")
        }
        for change in changes {
            if change.adds {
                insert(change.code, into: change.field, of: id)
            } else {
                delete(change.code, from: change.field, of: id)
            }
        }
    }

    /// Notes in the case that it was exported for the person it is about (`AccessRequest.auditNote`).
    public mutating func noteExport(ref: String, _ note: String) throws(CaseworkError) {
        insert(note, into: AccessRequest.auditField, of: try caseID(ref))
    }

    public mutating func closeCase(ref: String, outcome: String?, on date: LocalDate, today: LocalDate) throws(CaseworkError) {
        let id = try caseID(ref)
        try ensureHappened(date, of: "closing", today: today)
        guard records[id]?.string(CaseField.status) != CaseStatus.closed.code else {
            throw .alreadyInStatus(ref: ref, status: "closed")
        }
        if let opened = opened(id), date < opened {
            throw .contradicts("Case \(ref) opened on \(opened); it cannot close earlier, on \(date).")
        }
        assign(.string(CaseStatus.closed.code), to: CaseField.status, of: id)
        assign(.string(date.description), to: CaseField.closed, of: id)
        if let outcome, !outcome.isEmpty { try writeText(outcome, to: CaseField.outcome, of: id) }
    }

    public mutating func reopenCase(ref: String) throws(CaseworkError) {
        let id = try caseID(ref)
        guard records[id]?.string(CaseField.status) == CaseStatus.closed.code else {
            throw .alreadyInStatus(ref: ref, status: "open")
        }
        assign(.string(CaseStatus.open.code), to: CaseField.status, of: id)
        assign(.null, to: CaseField.closed, of: id)
    }

    /// Moves a case, with its conversations, to another caseload (`caseload` nil: the own
    /// one). Its current state is written again there, so that the caseload's members get
    /// the whole case; its organisation is matched by name there, or added. Private notes
    /// stay the counsellor's own.
    public mutating func moveCase(ref: String, to caseload: String?) throws(CaseworkError) {
        let id = try caseID(ref)
        guard let state = records[id] else { throw .unknownCase(ref) }
        guard !CaseField.texts.contains(where: { state.text($0)?.isConflicted == true }) else { throw .conflictedMove(ref) }
        guard state.string(CaseField.caseload) != caseload else { throw .alreadyInStatus(ref: ref, status: "in that caseload") }
        let organisationName = state.string(CaseField.organisation).flatMap(RecordID.init(hex:)).flatMap { records[$0]?.string("name") }
        var organisation: Organisation?
        if let organisationName {
            do {
                organisation = try RecordLookup.organisation(named: organisationName, caseload: caseload, in: records)
            } catch .unknownOrganisation {
                organisation = try addOrganisation(name: organisationName, caseload: caseload)
            }
        }
        let kept: Set<String> = [CaseField.caseload, CaseField.organisation, CaseField.privateNote]
        assign(caseload.map(Value.string) ?? .null, to: CaseField.caseload, of: id)
        if let organisation { assign(.string(organisation.id.description), to: CaseField.organisation, of: id) }
        republish(id, except: kept)
        // A conversation taken back does not travel: it stays with the counsellor.
        let contacts = records.filter {
            RecordLookup.kind($0.value) == .contact && !RecordKind.isRemoved($0.value) && $0.value.string("case") == id.description
        }.keys.sorted()
        for contact in contacts {
            assign(caseload.map(Value.string) ?? .null, to: CaseField.caseload, of: contact)
            republish(contact, except: kept)
        }
    }

    /// Settles a conflicted text: keep version `keep` (1-based, as shown) or a new value.
    public mutating func resolveConflict(ref: String, field: String, keep: Int?, value: String?) throws(CaseworkError) {
        guard CaseField.texts.contains(field) else { throw .unknownField(field, valid: CaseField.texts) }
        let id = try caseID(ref)
        let versions = TextValue(records[id]?.text(field)).versions
        guard versions.count > 1 else { throw .notConflicted(field: field, ref: ref) }
        if let keep {
            guard versions.indices.contains(keep - 1) else { throw .noSuchVersion(keep, count: versions.count) }
            try writeText(versions[keep - 1], to: field, of: id)
        } else if let value {
            try writeText(value, to: field, of: id)
        }
    }

    /// A date of something that happened in a case (a conversation, consent): not before the
    /// case opened, not after today.
    func ensure(_ date: LocalDate, of what: String, in id: RecordID, ref: String, today: LocalDate) throws(CaseworkError) {
        // First whether the day can be one at all: else the advice below would be refused too.
        try ensureHappened(date, of: what, today: today)
        if let opened = opened(id), date < opened {
            throw .contradicts("Case \(ref) opened on \(opened), so its \(what) cannot be on \(date); if the case began earlier, first run 'vp case set \(ref) opened \(date)'.")
        }
    }

    /// A day something took place: not after today, and not before 2000 (a typing error:
    /// 1900 for 2019 would file it under a year no report covers).
    func ensureHappened(_ date: LocalDate, of what: String, today: LocalDate) throws(CaseworkError) {
        guard date <= today else { throw .contradicts("\(date) is still to come; record the \(what) once it has taken place.") }
        guard date >= LocalDate.earliest else { throw .contradicts("\(date) lies before \(LocalDate.earliest); check the year of the \(what).") }
    }
}
