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

    init(id: RecordID, state: RecordState) {
        self.id = id
        organisation = state.string("organisation").flatMap(RecordID.init(hex:))
        year = Int(state.value("year")?.integer ?? 0)
        finalisedOn = state.string("finalised") ?? ""
        report = state.string("report").flatMap(FrozenReport.decode)
    }
}
