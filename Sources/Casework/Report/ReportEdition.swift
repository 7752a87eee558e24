/// Which report a year gets: the frozen one of a finalised year, else one built now from
/// the register, with its authorship and last year's figures as last year's report gave them.
extension Casebook {
    /// The report of a year that is not finalised (also what `vp report finalize` freezes).
    public func currentReport(of organisation: NamedOrganisation, year: Int, threshold: Int, authorship: ReportAuthorship) -> AnnualReport {
        var report = AnnualReport(book: self, organisation: organisation, year: year, threshold: threshold)
        report.authorship = authorship
        report.previous = publishedFigures(of: organisation, year: year - 1, threshold: threshold)
        return report
    }

    /// What `year`'s report gives: frozen when finalised (nil if that cannot be read), else as
    /// it reads now; nil for a year with nothing in it (no comparison with an empty year).
    func publishedFigures(of organisation: NamedOrganisation, year: Int, threshold: Int) -> PreviousYear? {
        if let finalised = finalisedReport(of: organisation, year: year) { return finalised.report.map(PreviousYear.init) }
        let report = AnnualReport(book: self, organisation: organisation, year: year, threshold: threshold)
        return report.isEmpty ? nil : PreviousYear(report)
    }
}
