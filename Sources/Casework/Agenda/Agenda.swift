/// What is due (`vp agenda`): follow-up days of open cases and of their conversations, up
/// to the end of a period, those already past first.
public struct Agenda: Sendable {
    public struct Item: Sendable, Hashable {
        public let day: String
        public let ref: String
        /// The conversation's number as `vp case show` lists it; nil for the case itself.
        public let conversation: Int?
        public let organisation: String
        public let isOverdue: Bool
    }

    public let items: [Item]

    /// The follow-ups of open cases due on or before `until`, as of `today`: overdue ones
    /// first, then by day and reference.
    public init(book: Casebook, today: LocalDate, until: LocalDate) {
        var items: [Item] = []
        let last = until.description
        let now = today.description
        for file in book.cases where file.status == CaseStatus.open.code {
            let organisation = book.organisationName(file.organisation)
            if let day = file.followUp, day <= last {
                items.append(Item(day: day, ref: file.ref, conversation: nil, organisation: organisation, isOverdue: day < now))
            }
            for (index, contact) in book.contacts(of: file.id).enumerated() {
                guard let day = contact.followUp, day <= last else { continue }
                items.append(Item(day: day, ref: file.ref, conversation: index + 1, organisation: organisation, isOverdue: day < now))
            }
        }
        self.items = items.sorted { ($0.day, $0.ref, $0.conversation ?? 0) < ($1.day, $1.ref, $1.conversation ?? 0) }
    }
}
