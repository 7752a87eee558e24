import Replica

/// An organisation's annual report frozen for one year (`vp report finalize`): from then on
/// that year's report is this one, whatever happens to its cases.
public struct FinalisedReport: Sendable {
    public let id: RecordID
    public let organisation: RecordID?
    public let year: Int
    /// The day it was finalised (YYYY-MM-DD).
    public let finalisedOn: String
    /// nil when the stored report cannot be read (damaged, or from a newer version).
    public let report: AnnualReport?
    /// The cases whose work in the year it counts; nil when written by a version that did
    /// not keep them (then every case of the organisation counts as counted).
    public let counted: Set<RecordID>?

    init(id: RecordID, state: RecordState) {
        self.id = id
        organisation = state.string("organisation").flatMap(RecordID.init(hex:))
        year = Int(state.value("year")?.integer ?? 0)
        finalisedOn = state.string("finalised") ?? ""
        let day = finalisedOn
        report = state.string("report").flatMap(FrozenReport.decode).map { frozen in
            // Frozen before reports said when they were written: the day they were finalised.
            var report = frozen
            if report.authorship.written == nil, !day.isEmpty { report.authorship.written = day }
            return report
        }
        counted = state.string(Self.casesField).map { Set($0.split(separator: " ").compactMap { RecordID(hex: String($0)) }) }
    }

    /// The counted cases' record ids in hex, sorted, separated by one space.
    static let casesField = "cases"

    /// True when the report counts `file`.
    public func counts(_ file: CaseFile) -> Bool {
        counted?.contains(file.id) ?? true
    }
}
