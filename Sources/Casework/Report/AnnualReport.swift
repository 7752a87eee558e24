import Replica

/// The anonymised yearly figures and narrative for one organisation. Built only from
/// suppressed cells: nothing in it can carry a small number.
public struct AnnualReport: Sendable {
    public struct Row: Sendable, Hashable {
        public let code: String
        public let cell: Suppression.Cell
    }

    public struct Breakdown: Sendable {
        /// `category`, `reporter_role`, `other_party`, `channel`, `formal_step`, `referral` (per case);
        /// `purpose` (per conversation of the year).
        public let dimension: String
        /// Empty when the breakdown is withheld: no way of hiding cells kept them safe.
        public let rows: [Row]
        public var isWithheld: Bool { rows.isEmpty }
    }

    /// The cases of one of the counsellor's roles, when the year's cases fall under both:
    /// its total (hidden against the others and the year's total like any breakdown) and
    /// its own breakdowns. The year's case breakdowns are then given per role only, never
    /// also for all cases together, so no cell of one role is the difference of two
    /// published ones.
    public struct RolePart: Sendable {
        /// A `CounsellorRole` code, or `unrecorded`.
        public let role: String
        public let casesOpened: Suppression.Cell
        public let breakdowns: [Breakdown]
    }

    public struct ActivityLine: Sendable {
        public let date: String
        public let kind: String
        public let hours: Double
        public let audience: Int64?
        public let topic: String?
    }

    public struct SignalLine: Sendable {
        public let date: String
        public let theme: String
        public let text: String
    }

    /// The code for cases where a single-valued field was not recorded.
    public static let unrecorded = "unrecorded"

    public let organisation: String
    public let year: Int
    public let threshold: Int
    /// Cases opened in the year, or `.small` when there were too few to say.
    public let casesOpened: Suppression.Cell
    /// True when the total is below the threshold: then no breakdown is given.
    public var fewCases: Bool { casesOpened.isHidden || casesOpened == .shown(0) }
    public let breakdowns: [Breakdown]
    /// Conversations held in the year (nil with few cases).
    public let contacts: Suppression.Cell?
    /// Hours of conversations in the year, to the half hour (nil with few cases, or when the
    /// number of conversations is hidden).
    public let supportHours: Double?
    public let activityHours: Double
    public let activities: [ActivityLine]
    public let signals: [SignalLine]
    public let narrative: [(section: ReportSection, text: String)]
    /// People reached by the year's prevention work (the activities' audiences added up).
    public var audience: Int64 { activities.compactMap(\.audience).reduce(0, +) }
    /// Empty unless the year's cases fall under both roles.
    public var roleParts: [RolePart] = []
    public var authorship = ReportAuthorship()
    /// Last year's figures, when last year's report had anything in it.
    public var previous: PreviousYear?

}

extension AnnualReport {
    /// Builds the report of `organisation` for `year` with suppression at `threshold`.
    public init(book: Casebook, organisation: NamedOrganisation, year: Int, threshold: Int) {
        self.organisation = organisation.name
        self.year = year
        self.threshold = threshold
        let prefix = "\(year)-"
        let cases = book.cases.filter { organisation.includes($0.organisation) && ($0.opened ?? "").hasPrefix(prefix) }
        let total = cases.count
        casesOpened = total == 0 ? .shown(0) : (total < threshold ? .small : .shown(total))

        let orgCases = Set(book.cases.filter { organisation.includes($0.organisation) }.map(\.id))
        let conversations = book.contacts.filter { $0.caseID.map(orgCases.contains) == true && $0.date.hasPrefix(prefix) }
        let parts = total < threshold ? nil : Self.roleParts(cases, total: total, threshold: threshold)
        roleParts = parts ?? []
        if total < threshold {
            breakdowns = []
            contacts = nil
            supportHours = nil
        } else {
            breakdowns = (parts == nil ? Self.caseBreakdowns(cases, threshold) : [])
                // Counted per conversation of the year, not per case.
                + [Self.single("purpose", ConversationKind.codes, conversations.map(\.purpose), threshold)]
            let counted = Suppression.apply([conversations.count], threshold: threshold, total: nil)?.first
            contacts = counted
            // Beside a hidden number of conversations their hours would narrow it down.
            supportHours = counted?.isHidden == true ? nil : (Double(conversations.map(\.minutes).reduce(0, +)) / 30).rounded() / 2
        }

        let held = book.activities.filter { organisation.includes($0.organisation) && $0.date.hasPrefix(prefix) }
        activities = held.map { ActivityLine(date: $0.date, kind: $0.kind, hours: $0.hours, audience: $0.audience, topic: $0.topic.value) }
        activityHours = held.map(\.hours).reduce(0, +)
        signals = book.signals.filter { organisation.includes($0.organisation) && $0.date.hasPrefix(prefix) }
            .map { SignalLine(date: $0.date, theme: $0.theme, text: $0.text.value ?? "") }
        let notes = book.reportNotes.filter { organisation.includes($0.organisation) && $0.year == year }
        narrative = ReportSection.allCases.compactMap { section in
            let texts = notes.filter { $0.section == section.code }.flatMap(\.text.versions).filter { !$0.isEmpty }
            return texts.isEmpty ? nil : (section, texts.joined(separator: "\n\n"))
        }
    }

    /// The breakdowns of a set of cases by their fields.
    static func caseBreakdowns(_ cases: [CaseFile], _ threshold: Int) -> [Breakdown] {
        [
            multiple("category", Category.codes, cases.map(\.categories), threshold),
            single("reporter_role", ReporterRole.codes, cases.map(\.reporterRole), threshold),
            single("other_party", OtherParty.codes, cases.map(\.otherParty), threshold),
            single("channel", Channel.codes, cases.map(\.channel), threshold),
            single("formal_step", FormalStep.codes, cases.map(\.formalStep), threshold),
            multiple("referral", Referral.codes, cases.map(\.referrals), threshold),
        ]
    }

    /// The year's cases per role, when they fall under both roles; nil otherwise, or when a
    /// part's total cannot be published (then the report is not split).
    static func roleParts(_ cases: [CaseFile], total: Int, threshold: Int) -> [RolePart]? {
        let role = { (file: CaseFile) in file.counsellorRole.flatMap(CounsellorRole.init(rawValue:))?.code ?? unrecorded }
        let held = Set(cases.map(role))
        guard CounsellorRole.codes.allSatisfy(held.contains) else { return nil }
        let codes = CounsellorRole.codes + (held.contains(unrecorded) ? [unrecorded] : [])
        let groups = codes.map { code in cases.filter { role($0) == code } }
        // Only when every part's total can be shown: a hidden part would lose its breakdowns,
        // which the report without the split gives (a few cases without a role would take
        // the breakdowns of a whole role away).
        guard let cells = Suppression.apply(groups.map(\.count), threshold: threshold, total: total), !cells.contains(where: \.isHidden) else {
            return nil
        }
        return codes.indices.map { RolePart(role: codes[$0], casesOpened: cells[$0], breakdowns: caseBreakdowns(groups[$0], threshold)) }
    }

    /// A field with one value per case: its cells add up to the total, plus "unrecorded".
    static func single(_ dimension: String, _ codes: [String], _ values: [String?], _ threshold: Int) -> Breakdown {
        let all = codes + [unrecorded]
        let counts = all.map { code in values.filter { ($0 ?? unrecorded) == code }.count }
        guard let cells = Suppression.apply(counts, threshold: threshold, total: values.count) else {
            return Breakdown(dimension: dimension, rows: [])
        }
        return Breakdown(dimension: dimension, rows: zip(all, cells).map { Row(code: $0, cell: $1) })
    }

    /// A set field. When a case has several values, the cells add up to nothing a reader
    /// knows, and only small counts are hidden. When no case has more than one, a reader who
    /// assumes one value per case (as most registers keep them) would be right: the cells are
    /// then hidden as though they added up to their sum.
    static func multiple(_ dimension: String, _ codes: [String], _ values: [[String]], _ threshold: Int) -> Breakdown {
        let counts = codes.map { code in values.filter { $0.contains(code) }.count }
        let oneEach = values.allSatisfy { Set($0).intersection(codes).count <= 1 }
        guard let cells = Suppression.apply(counts, threshold: threshold, total: oneEach ? counts.reduce(0, +) : nil) else {
            return Breakdown(dimension: dimension, rows: [])
        }
        return Breakdown(dimension: dimension, rows: zip(codes, cells).map { Row(code: $0, cell: $1) })
    }
}
