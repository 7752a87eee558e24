import Replica
/// What `vp case open` asks for; validated before anything is written.
public struct CaseDraft: Sendable {
    public var organisation: String
    public var opened: LocalDate?
    public var channel: Channel?
    public var reporterRole: ReporterRole?
    public var categories: [Category]
    public var otherParty: OtherParty?
    public var summary: String?
    /// nil: the organisation's default role, if it has one.
    public var counsellorRole: CounsellorRole?
    /// The caseload (hex id) the case belongs to; nil for the counsellor's own.
    public var caseload: String?
    /// The record id to open the case under: a case with a key of its own takes the id its
    /// key certifies. nil: a random one.
    public var id: RecordID?

    public init(
        organisation: String, opened: LocalDate? = nil, channel: Channel? = nil, reporterRole: ReporterRole? = nil,
        categories: [Category] = [], otherParty: OtherParty? = nil, summary: String? = nil, caseload: String? = nil
    ) {
        self.caseload = caseload
        self.organisation = organisation
        self.opened = opened
        self.channel = channel
        self.reporterRole = reporterRole
        self.categories = categories
        self.otherParty = otherParty
        self.summary = summary
    }
}
