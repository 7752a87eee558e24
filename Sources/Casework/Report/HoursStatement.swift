import Replica

/// Hours for invoicing: per organisation and month of a year, the number of conversations,
/// their hours and the hours of prevention and advice work. Nothing about any case: no
/// reference, no date finer than the month, no content.
public struct HoursStatement: Sendable {
    public struct Row: Sendable, Equatable {
        public let organisation: String
        /// `YYYY-MM`.
        public let month: String
        public let conversations: Int
        public let conversationHours: Double
        public let activityHours: Double
        public var totalHours: Double { conversationHours + activityHours }
    }

    public let year: Int
    /// By organisation name, then month.
    public let rows: [Row]

    /// The statement for `year`, of every organisation or only `organisation`.
    public init(book: Casebook, year: Int, organisation: Organisation? = nil) {
        self.year = year
        let prefix = "\(year)-"
        struct Key: Hashable { let organisation: RecordID; let month: String }
        var conversations: [Key: (count: Int, minutes: Int64)] = [:]
        var activities: [Key: Double] = [:]
        let organisationOfCase = Dictionary(book.cases.compactMap { file in file.organisation.map { (file.id, $0) } }, uniquingKeysWith: { first, _ in first })
        for contact in book.contacts where contact.date.hasPrefix(prefix) {
            guard let caseID = contact.caseID, let owner = organisationOfCase[caseID], organisation.map({ $0.id == owner }) ?? true else { continue }
            let key = Key(organisation: owner, month: String(contact.date.prefix(7)))
            conversations[key, default: (0, 0)].count += 1
            conversations[key, default: (0, 0)].minutes += contact.minutes
        }
        for activity in book.activities where activity.date.hasPrefix(prefix) {
            guard let owner = activity.organisation, organisation.map({ $0.id == owner }) ?? true else { continue }
            activities[Key(organisation: owner, month: String(activity.date.prefix(7))), default: 0] += activity.hours
        }
        rows = Set(conversations.keys).union(activities.keys).map { key in
            let held = conversations[key] ?? (0, 0)
            return Row(organisation: book.organisationName(key.organisation), month: key.month, conversations: held.count,
                       conversationHours: Double(held.minutes) / 60, activityHours: activities[key] ?? 0)
        }.sorted { ($0.organisation.lowercased(), $0.month) < ($1.organisation.lowercased(), $1.month) }
    }
}
