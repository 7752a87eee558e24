import Replica

/// What an import made (or, in a dry run, would make).
public struct ImportResult: Sendable {
    public var cases = 0
    public var conversations = 0
    /// Organisations that did not exist yet, added in the counsellor's own caseload.
    public var organisations: [String] = []

    public init() {}
}

extension ChangeSession {
    /// Writes checked rows as cases in the counsellor's own caseload, with a reference each
    /// in the year it opened (continuing that year's numbers), in the order given. Looks
    /// the organisations and each year's last number up once, not per row: an import of
    /// 100,000 rows must not read the register 100,000 times.
    /// `ids`: the record ids the cases get, one per row (those of their case keys); random
    /// ones when nil.
    public mutating func importCases(_ rows: [ImportedCase], ids: [RecordID]? = nil) throws(CaseworkError) -> ImportResult {
        precondition(ids.map { $0.count == rows.count } ?? true, "importCases needs one record id per row")
        var result = ImportResult()
        var organisations: [String: RecordID] = [:]
        for organisation in RecordLookup.organisations(in: records) where organisation.caseload == nil {
            organisations[NamedOrganisation.key(organisation.name)] = organisation.id
        }
        var numbers: [Int: Int] = [:]
        for (index, row) in rows.enumerated() {
            let key = NamedOrganisation.key(row.organisation)
            let organisation: RecordID
            if let known = organisations[key] {
                organisation = known
            } else {
                organisation = try addOrganisation(name: row.organisation).id
                organisations[key] = organisation
                result.organisations.append(row.organisation)
            }
            let year = row.opened.year
            let number = numbers[year].map { $0 + 1 } ?? nextNumber(in: year)
            numbers[year] = number
            let id = ids?[index] ?? newRecordID()
            assign(.string(RecordKind.case.rawValue), to: RecordKind.field, of: id)
            assign(.string("\(year)-" + String(format: "%03d", number)), to: CaseField.ref, of: id)
            assign(.string(organisation.description), to: CaseField.organisation, of: id)
            assign(.string(row.opened.description), to: CaseField.opened, of: id)
            assign(.string((row.closed == nil ? CaseStatus.open : .closed).code), to: CaseField.status, of: id)
            if let closed = row.closed { assign(.string(closed.description), to: CaseField.closed, of: id) }
            if let channel = row.channel { assign(.string(channel.code), to: CaseField.channel, of: id) }
            if let role = row.reporterRole { assign(.string(role.code), to: CaseField.reporterRole, of: id) }
            if let party = row.otherParty { assign(.string(party.code), to: CaseField.otherParty, of: id) }
            if let step = row.formalStep { assign(.string(step.code), to: CaseField.formalStep, of: id) }
            if let day = row.destroyAfter { assign(.string(day.description), to: CaseField.destroyAfter, of: id) }
            for category in Set(row.categories) { insert(category.code, into: CaseField.categories, of: id) }
            for referral in Set(row.referrals) { insert(referral.code, into: CaseField.referrals, of: id) }
            if let summary = row.summary { try writeText(summary, to: CaseField.summary, of: id) }
            if let outcome = row.outcome { try writeText(outcome, to: CaseField.outcome, of: id) }
            if let conversation = row.conversation {
                _ = try writeConversation(of: id, date: conversation.date, minutes: conversation.minutes, channel: conversation.channel,
                                          purpose: conversation.purpose, summary: conversation.summary)
                result.conversations += 1
            }
            result.cases += 1
        }
        return result
    }

    /// The next free number of `year` (destroyed and handed-over cases keep theirs).
    private func nextNumber(in year: Int) -> Int {
        let ref = RecordLookup.nextReference(year: year, in: records, counted: counters[CaseIndex.referenceCounter(year: year)], isPartial: isPartial)
        return CaseIndex.parts(of: ref)?.number ?? 1
    }
}
