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

    /// The statement for `year`, of every organisation or only `organisation`. Records of
    /// one name in several caseloads are one organisation.
    public init(book: Casebook, year: Int, organisation: NamedOrganisation? = nil) {
        self.year = year
        let prefix = "\(year)-"
        struct Key: Hashable { let organisation: String; let month: String }
        var names: [String: String] = [:]
        for record in book.organisations where names[NamedOrganisation.key(record.name)] == nil {
            names[NamedOrganisation.key(record.name)] = record.name
        }
        let nameKeys = Dictionary(book.organisations.map { ($0.id, NamedOrganisation.key($0.name)) }, uniquingKeysWith: { first, _ in first })
        func wanted(_ owner: RecordID) -> String? {
            organisation?.includes(owner) ?? true ? nameKeys[owner] : nil
        }
        var conversations: [Key: (count: Int, minutes: Int64)] = [:]
        var activities: [Key: Double] = [:]
        let organisationOfCase = Dictionary(book.cases.compactMap { file in file.organisation.map { (file.id, $0) } }, uniquingKeysWith: { first, _ in first })
        for contact in book.contacts where contact.date.hasPrefix(prefix) {
            guard let caseID = contact.caseID, let owner = organisationOfCase[caseID], let name = wanted(owner) else { continue }
            let key = Key(organisation: name, month: String(contact.date.prefix(7)))
            conversations[key, default: (0, 0)].count += 1
            conversations[key, default: (0, 0)].minutes += contact.minutes
        }
        for activity in book.activities where activity.date.hasPrefix(prefix) {
            guard let owner = activity.organisation, let name = wanted(owner) else { continue }
            activities[Key(organisation: name, month: String(activity.date.prefix(7))), default: 0] += activity.hours
        }
        rows = Set(conversations.keys).union(activities.keys).map { key in
            let held = conversations[key] ?? (0, 0)
            return Row(organisation: names[key.organisation] ?? "", month: key.month, conversations: held.count,
                       conversationHours: Double(held.minutes) / 60, activityHours: activities[key] ?? 0)
        }.sorted { ($0.organisation.lowercased(), $0.month) < ($1.organisation.lowercased(), $1.month) }
    }
}
