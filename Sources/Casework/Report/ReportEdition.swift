/// Which report a year gets: the frozen one of a finalised year, else one built now from
/// the register, with its authorship and last year's figures as last year's report gave them.
extension Casebook {
    /// The report of a year that is not finalised (also what `vp report finalize` freezes).
    public func currentReport(of organisation: NamedOrganisation, year: Int, threshold: Int, authorship: ReportAuthorship) -> AnnualReport {
        var report = AnnualReport(book: self, organisation: organisation, year: year, threshold: threshold)
        report.authorship = authorship
        report.previous = publishedFigures(of: organisation, year: year - 1)
        return report
    }

    /// `year`'s figures exactly as its report gave them: only a finalised year has such, its
    /// frozen report. A year not finalised has no comparison: figures computed now would
    /// differ from whatever was handed out, and the two side by side could pin a hidden cell.
    func publishedFigures(of organisation: NamedOrganisation, year: Int) -> PreviousYear? {
        finalisedReport(of: organisation, year: year)?.report.map(PreviousYear.init)
    }

    /// True when the year before `year` holds a case, activity or signal of the organisation
    /// but was not finalised, so no comparison can be given.
    public func lacksComparison(of organisation: NamedOrganisation, year: Int) -> Bool {
        let prefix = "\(year - 1)-"
        guard finalisedReport(of: organisation, year: year - 1) == nil else { return false }
        return cases.contains { organisation.includes($0.organisation) && ($0.opened ?? "").hasPrefix(prefix) }
            || activities.contains { organisation.includes($0.organisation) && $0.date.hasPrefix(prefix) }
            || signals.contains { organisation.includes($0.organisation) && $0.date.hasPrefix(prefix) }
    }
}
