import Replica

/// The counsellor's register as read from a replica's records: lookups and filters.
public struct Casebook: Sendable {
    public let organisations: [Organisation]
    public let cases: [CaseFile]
    public let contacts: [Contact]
    public let activities: [Activity]
    public let signals: [Signal]
    private let organisationsByID: [RecordID: Organisation]

    public init(records: [RecordID: RecordState]) {
        var organisations: [Organisation] = []
        var cases: [CaseFile] = []
        var contacts: [Contact] = []
        var activities: [Activity] = []
        var signals: [Signal] = []
        for (id, state) in records {
            switch state.string(RecordKind.field).flatMap(RecordKind.init(rawValue:)) {
            case .organisation: organisations.append(Organisation(id: id, state: state))
            case .case: cases.append(CaseFile(id: id, state: state))
            case .contact: contacts.append(Contact(id: id, state: state))
            case .activity: activities.append(Activity(id: id, state: state))
            case .signal: signals.append(Signal(id: id, state: state))
            case nil: break  // a kind from a newer version: kept in the vault, not shown
            }
        }
        self.organisations = organisations.sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
        self.cases = cases.sorted { ($0.ref, $0.id) < ($1.ref, $1.id) }
        self.contacts = contacts.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        self.activities = activities.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        self.signals = signals.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        organisationsByID = Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Finds an organisation by name, ignoring case.
    public func organisation(named name: String) throws(CaseworkError) -> Organisation {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let match = organisations.first(where: { $0.name.lowercased() == wanted }) else {
            throw .unknownOrganisation(name, known: organisations.map(\.name))
        }
        return match
    }

    public func organisationName(_ id: RecordID?) -> String {
        id.flatMap { organisationsByID[$0]?.name } ?? ""
    }

    public func caseFile(ref: String) throws(CaseworkError) -> CaseFile {
        guard let match = cases.first(where: { $0.ref == ref }) else { throw .unknownCase(ref) }
        return match
    }

    public func contacts(of caseID: RecordID) -> [Contact] {
        contacts.filter { $0.caseID == caseID }
    }

    public func cases(matching filter: CaseFilter) -> [CaseFile] {
        cases.filter { filter.accepts($0) }
    }

    /// The next free reference in `year`: one past the highest number used so far.
    func nextReference(year: Int) -> String {
        let prefix = "\(year)-"
        let highest = cases.lazy
            .filter { $0.ref.hasPrefix(prefix) }
            .compactMap { Int($0.ref.dropFirst(prefix.count)) }
            .max() ?? 0
        return prefix + String(format: "%03d", highest + 1)
    }
}

import Foundation

/// Which cases `vp case list` shows.
public struct CaseFilter: Sendable {
    public var organisation: RecordID?
    public var status: CaseStatus?
    public var year: Int?
    public var category: Category?

    public init(organisation: RecordID? = nil, status: CaseStatus? = nil, year: Int? = nil, category: Category? = nil) {
        self.organisation = organisation
        self.status = status
        self.year = year
        self.category = category
    }

    func accepts(_ file: CaseFile) -> Bool {
        (organisation == nil || file.organisation == organisation)
            && (status == nil || file.status == status?.code)
            && (year == nil || file.year == year)
            && (category == nil || file.categories.contains(category!.code))
    }
}
