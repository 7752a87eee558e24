import Replica

/// When a case may be destroyed: closed, and counted in the finalised report of every year
/// it was open, so that destroying it changes no report that can still be written; due for
/// destruction once its `destroy_after` day has passed as well.
public enum RetentionRules {
    /// Why `file` may not be destroyed yet, as the end of a sentence that starts with the
    /// case's reference; nil when it may.
    public static func obstacle(to file: CaseFile, in book: Casebook) -> String? {
        guard file.status == CaseStatus.closed.code else { return "is still open; close it first with 'vp case close'" }
        guard let record = book.organisations.first(where: { $0.id == file.organisation }),
              let organisation = try? book.organisation(named: record.name) else {
            return "belongs to no organisation, so no report counts it; set its organisation first"
        }
        for year in years(of: file) {
            guard let finalised = book.finalisedReport(of: organisation, year: year) else {
                return "is not yet counted in a finalised report; first run 'vp report finalize --org \"\(organisation.name)\" --year \(year)'"
            }
            guard finalised.counts(file) else {
                return "is not counted in the \(year) report of \(organisation.name), which was finalised on \(finalised.finalisedOn) without it; keep it"
            }
        }
        return nil
    }

    /// The cases a report of `organisation` for `year` counts: those of the organisation
    /// (in any caseload) that were open at some time in the year.
    public static func casesCounted(by organisation: NamedOrganisation, year: Int, in book: Casebook) -> Set<RecordID> {
        Set(book.cases.filter { organisation.includes($0.organisation) && years(ofWork: $0).contains(year) }.map(\.id))
    }

    /// Destroyable, and its `destroy_after` day is before `today`.
    public static func isDue(_ file: CaseFile, in book: Casebook, today: LocalDate) -> Bool {
        guard let day = file.destroyAfter.flatMap({ try? LocalDate.parse($0) }), day < today else { return false }
        return obstacle(to: file, in: book) == nil
    }

    /// The years whose reports count the case: from its opening to its closing.
    static func years(of file: CaseFile) -> ClosedRange<Int> {
        let first = file.year ?? CaseIndex.parts(of: file.ref)?.year ?? 0
        let last = file.closed.flatMap { Int($0.prefix(4)) } ?? first
        return first...max(first, last)
    }

    /// The years a case had work in: from its opening to its closing, or on for an open one.
    static func years(ofWork file: CaseFile) -> ClosedRange<Int> {
        let first = file.year ?? CaseIndex.parts(of: file.ref)?.year ?? 0
        return file.closed == nil ? first...Int.max : years(of: file)
    }
}
