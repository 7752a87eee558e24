import Testing
import Replica
@testable import Casework
import Identifiers

@Suite struct CaseworkTests {
    let today = LocalDate(year: 2026, month: 3, day: 14)

    func session(_ records: [RecordID: RecordState] = [:]) -> ChangeSession {
        var next: UInt64 = 0
        return ChangeSession(records: records, clock: HybridClock(device: DeviceID(rawValue: 1)), wallMilliseconds: 1_000) {
            next += 1
            return RecordID(high: 0, low: next)
        }
    }

    @Test func casesGetYearlySequentialReferences() throws {
        var work = session()
        _ = try work.addOrganisation(name: "Gemeente Utrecht")
        let first = try work.openCase(CaseDraft(organisation: "gemeente utrecht", categories: [.bullying]), today: today)
        let second = try work.openCase(CaseDraft(organisation: "Gemeente Utrecht"), today: today)
        let other = try work.openCase(
            CaseDraft(organisation: "Gemeente Utrecht", opened: LocalDate(year: 2025, month: 12, day: 1)), today: today)
        #expect([first, second, other] == ["2026-001", "2026-002", "2025-001"])
        let book = Casebook(records: work.records)
        #expect(try book.caseFile(ref: "2026-001").categories == ["bullying"])
        #expect(book.cases(matching: CaseFilter(year: 2025)).map(\.ref) == ["2025-001"])
    }

    @Test func unknownCodesListTheValidOnes() {
        #expect(throws: CaseworkError.unknownCode(field: "channel", given: "fax", valid: Channel.codes)) {
            try Channel.parse("fax")
        }
        let message = CaseworkError.unknownCode(field: "channel", given: "fax", valid: Channel.codes).errorDescription!
        #expect(message.contains("in_person, phone, video, email"))
    }

    /// Issue 12, fault 6: a text larger than fits one envelope is refused where it is typed.
    @Test func aTextTooLargeForSyncIsRefused() throws {
        var work = session()
        _ = try work.addOrganisation(name: "Acme")
        let huge = String(repeating: "a", count: ChangeSession.maximumTextBytes + 1)
        #expect(throws: CaseworkError.textTooLong(field: "summary", bytes: huge.utf8.count, limit: ChangeSession.maximumTextBytes)) {
            _ = try work.openCase(CaseDraft(organisation: "Acme", summary: huge), today: LocalDate(year: 2026, month: 3, day: 1))
        }
        #expect(!work.operations.contains { $0.field == "summary" })
    }

    @Test func datesAreStrict() throws {
        #expect(try LocalDate.parse("2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        for bad in ["2026-02-30", "2026-13-01", "26-01-01", "2026-1-01", "gisteren", "2026-01-01x"] {
            #expect(throws: CaseworkError.invalidDate(bad)) { try LocalDate.parse(bad) }
        }
    }

    @Test func tagsResolveToTheirSets() throws {
        #expect(try TagChange.parse("+bullying") == TagChange(adds: true, field: CaseField.categories, code: "bullying"))
        #expect(try TagChange.parse("-hr") == TagChange(adds: false, field: CaseField.referrals, code: "hr"))
        #expect(try TagChange.parse("+integrity:other") == TagChange(adds: true, field: CaseField.integrityTypes, code: "other"))
        #expect(throws: CaseworkError.invalidTag("bullying")) { try TagChange.parse("bullying") }
        #expect(throws: CaseworkError.self) { try TagChange.parse("+nonsense") }
    }

    @Test func settingFieldsValidatesAndRecords() throws {
        var work = session()
        _ = try work.addOrganisation(name: "Acme")
        let ref = try work.openCase(CaseDraft(organisation: "Acme", opened: LocalDate(year: 2026, month: 2, day: 20)), today: today)
        try work.setCaseField(ref: ref, field: "formal_step", value: "report_hr", today: today)
        try work.setCaseField(ref: ref, field: "consent", value: "given:2026-03-01", today: today)
        // Issue 12, item 10: dates that contradict the case, and 'none' with a referral.
        for (field, value) in [("consent", "given:2026-02-01"), ("consent", "given:"), ("consent", "given:2099-01-01"), ("destroy_after", "2020-01-01")] {
            #expect(throws: CaseworkError.self, "\(field) \(value)") { try work.setCaseField(ref: ref, field: field, value: value, today: today) }
        }
        #expect(throws: CaseworkError.self) { try work.addContact(ref: ref, date: LocalDate(year: 1900, month: 1, day: 1), minutes: 30, channel: .phone, summary: nil, today: today) }
        #expect(throws: CaseworkError.self) { try work.addContact(ref: ref, date: LocalDate(year: 2099, month: 1, day: 1), minutes: 30, channel: .phone, summary: nil, today: today) }
        #expect(throws: CaseworkError.self) { try work.closeCase(ref: ref, outcome: nil, on: LocalDate(year: 2026, month: 1, day: 1), today: today) }
        // ...and days that cannot be (an audit of the first fixes found these still accepted).
        try work.addContact(ref: ref, date: LocalDate(year: 2026, month: 3, day: 2), minutes: 30, channel: .phone, summary: nil, today: today)
        #expect(throws: CaseworkError.self) { try work.setCaseField(ref: ref, field: "opened", value: "2026-03-05", today: today) }
        #expect(throws: CaseworkError.self) { try work.closeCase(ref: ref, outcome: nil, on: LocalDate(year: 2099, month: 1, day: 1), today: today) }
        for year in [1900, 2099] {
            let day = LocalDate(year: year, month: 1, day: 1)
            #expect(throws: CaseworkError.self) { try work.openCase(CaseDraft(organisation: "Acme", opened: day), today: today) }
            #expect(throws: CaseworkError.self) { try work.setCaseField(ref: ref, field: "opened", value: day.description, today: today) }
            #expect(throws: CaseworkError.self) { try work.addActivity(organisation: "Acme", kind: .training, date: day, hours: 1, audience: nil, topic: nil, today: today) }
            #expect(throws: CaseworkError.self) { try work.addSignal(organisation: "Acme", theme: "work_pressure", text: "x", date: day, today: today) }
        }
        try work.tagCase(ref: ref, changes: [TagChange.parse("+referral:hr")])
        #expect(throws: CaseworkError.self) { try work.tagCase(ref: ref, changes: [TagChange.parse("+referral:none")]) }
        try work.tagCase(ref: ref, changes: [TagChange.parse("-referral:hr"), TagChange.parse("+referral:none")])
        #expect(throws: CaseworkError.unknownField("colour", valid: CaseField.settable)) {
            try work.setCaseField(ref: ref, field: "colour", value: "red", today: today)
        }
        #expect(throws: CaseworkError.unknownCase("2026-999")) {
            try work.setCaseField(ref: "2026-999", field: "summary", value: "x", today: today)
        }
        let file = try Casebook(records: work.records).caseFile(ref: ref)
        #expect(file.formalStep == "report_hr" && file.consent == "given" && file.consentDate == "2026-03-01")
    }

    @Test func closingTwiceIsRefusedAndReopenClearsTheDate() throws {
        var work = session()
        _ = try work.addOrganisation(name: "Acme")
        let ref = try work.openCase(CaseDraft(organisation: "Acme"), today: today)
        try work.closeCase(ref: ref, outcome: "afgerond", on: today, today: today)
        #expect(throws: CaseworkError.alreadyInStatus(ref: ref, status: "closed")) {
            try work.closeCase(ref: ref, outcome: nil, on: today, today: today)
        }
        try work.reopenCase(ref: ref)
        let file = try Casebook(records: work.records).caseFile(ref: ref)
        #expect(file.status == "open" && file.closed == nil && file.outcome.value == "afgerond")
    }

    @Test func duplicateOrganisationsAreRefused() throws {
        var work = session()
        _ = try work.addOrganisation(name: "Acme")
        #expect(throws: CaseworkError.duplicateOrganisation("ACME")) { try work.addOrganisation(name: "ACME") }
        #expect(throws: CaseworkError.emptyValue(field: "organisation name")) { try work.addOrganisation(name: "  ") }
    }
}

@Suite struct ReferenceCollisionTests {
    /// Laptop and desktop both open "the next" case offline; after sync both cases must be
    /// reachable, under the same references on both devices.
    @Test func casesOpenedOfflineOnTwoDevicesGetDistinctReferences() throws {
        let today = LocalDate(year: 2026, month: 3, day: 14)
        func session(_ device: UInt64, _ records: [RecordID: RecordState], wall: UInt64) -> ChangeSession {
            var next: UInt64 = 0
            return ChangeSession(records: records, clock: HybridClock(device: DeviceID(rawValue: device)), wallMilliseconds: wall) {
                next += 1
                return RecordID(high: wall, low: next)  // ids unique per session, as random ones are
            }
        }
        var base = session(1, [:], wall: 1_000)
        _ = try base.addOrganisation(name: "Acme")
        _ = try base.openCase(CaseDraft(organisation: "Acme"), today: today)
        var laptop = session(1, base.records, wall: 2_000)
        var desktop = session(2, base.records, wall: 3_000)
        #expect(try laptop.openCase(CaseDraft(organisation: "Acme", summary: "laptop"), today: today) == "2026-002")
        #expect(try desktop.openCase(CaseDraft(organisation: "Acme", summary: "desktop"), today: today) == "2026-002")
        var merged = ReplicaState()
        merged.apply(contentsOf: base.operations + laptop.operations + desktop.operations)
        var mergedOtherOrder = ReplicaState()
        mergedOtherOrder.apply(contentsOf: desktop.operations + laptop.operations + base.operations)
        let book = Casebook(records: merged.records)
        #expect(book.cases.map(\.ref) == ["2026-001", "2026-002", "2026-002b"])
        #expect(try book.caseFile(ref: "2026-002").summary.value == "laptop")
        #expect(try book.caseFile(ref: "2026-002b").summary.value == "desktop")
        #expect(Casebook(records: mergedOtherOrder.records).cases.map(\.ref) == book.cases.map(\.ref))
        // Read one record at a time, the two cases sharing a number arrive in different chunks.
        let streamed = Casebook(streaming: { consume in
            for (id, state) in merged.records.sorted(by: { $0.key < $1.key }) { consume([id: state]) }
        })
        #expect(streamed.cases == book.cases)
        #expect(streamed.organisations == book.organisations)
        var after = session(1, merged.records, wall: 4_000)
        try after.closeCase(ref: "2026-002b", outcome: nil, on: today, today: today)
        #expect(try after.openCase(CaseDraft(organisation: "Acme"), today: today) == "2026-003")
    }
}
