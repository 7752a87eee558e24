/// Last year's figures beside this year's, as last year's report gave them: the frozen
/// report when that year was finalised, else as it reads now under the same rules. Each
/// year is suppressed on its own cases, which no case shares with another year, so the
/// only figure that spans both is a change; a change is given only between two shown
/// counts, since beside a hidden cell of either year it would give that cell away.
public struct PreviousYear: Sendable {
    public let year: Int
    public let threshold: Int
    public let casesOpened: Suppression.Cell
    public let breakdowns: [AnnualReport.Breakdown]
    public let roleParts: [AnnualReport.RolePart]
    public let contacts: Suppression.Cell?
    public let supportHours: Double?
    public let activityHours: Double
    public let audience: Int64

    public init(_ report: AnnualReport) {
        year = report.year
        threshold = report.threshold
        casesOpened = report.casesOpened
        breakdowns = report.breakdowns
        roleParts = report.roleParts
        contacts = report.contacts
        supportHours = report.supportHours
        activityHours = report.activityHours
        audience = report.audience
    }

    init(year: Int, threshold: Int, casesOpened: Suppression.Cell, breakdowns: [AnnualReport.Breakdown], roleParts: [AnnualReport.RolePart],
         contacts: Suppression.Cell?, supportHours: Double?, activityHours: Double, audience: Int64) {
        (self.year, self.threshold, self.casesOpened, self.breakdowns, self.roleParts) = (year, threshold, casesOpened, breakdowns, roleParts)
        (self.contacts, self.supportHours, self.activityHours, self.audience) = (contacts, supportHours, activityHours, audience)
    }

    /// Last year's cell of a breakdown row, or of one role's total (`dimension` nil); nil
    /// when last year's report did not give that row (withheld, too few cases, not split).
    public func cell(role: String?, dimension: String?, code: String) -> Suppression.Cell? {
        let part = role.map { role in roleParts.first { $0.role == role } }
        if let part, dimension == nil { return part?.casesOpened }
        guard let dimension else { return nil }
        let list = part.map { $0?.breakdowns ?? [] } ?? breakdowns
        return list.first { $0.dimension == dimension }?.rows.first { $0.code == code }?.cell
    }

    /// This year's count minus last year's, only when both are shown.
    public static func change(_ current: Suppression.Cell, _ previous: Suppression.Cell?) -> Int? {
        guard case .shown(let now) = current, case .shown(let then) = previous else { return nil }
        return now - then
    }
}
