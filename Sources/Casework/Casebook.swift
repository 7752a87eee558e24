import Identifiers
import Replica

/// The counsellor's register as read from a replica's records: lookups and filters.
public struct Casebook: Sendable {
    public let organisations: [Organisation]
    public let cases: [CaseFile]
    public let contacts: [Contact]
    public let activities: [Activity]
    public let signals: [Signal]
    public let reportNotes: [ReportNote]
    /// Earliest first: if two devices finalised one year before they synced, the first counts.
    public let finalisedReports: [FinalisedReport]
    /// What stays of destroyed cases, by reference.
    public let destroyedCases: [DestroyedCase]
    public let handovers: [Handover]
    /// Display names co-counsellors gave themselves: counsellor id (hex) → name.
    /// Display names counsellors gave themselves: counsellor id (hex) → name, and the
    /// device that wrote the name (only a device of that counsellor may: see `counsellorNames`).
    private let profiles: [Profile]
    private let organisationsByID: [RecordID: Organisation]

    public init(records: [RecordID: RecordState]) {
        self.init(streaming: { consume in consume(records) })
    }

    /// Builds the casebook from records handed over chunk by chunk (`produce` calls
    /// `consume` once per chunk), keeping only the typed records, so a whole register need
    /// not be in memory as raw state at once. Letters for references given out twice are
    /// settled at the end, when every case's claim is known.
    public init<Failure: Error>(streaming produce: (_ consume: ([RecordID: RecordState]) -> Void) throws(Failure) -> Void) throws(Failure) {
        var parts: [Part] = []
        var claims = RecordLookup.ReferenceClaims()
        try produce { chunk in
            // Building the typed records is most of a one-shot command's work: do it in parallel.
            parts += ParallelChunks.map(Array(chunk)) { Part($0) }
            claims.note(chunk)
        }
        // Only numbers given out twice change; every other case keeps the reference it has.
        let lettered = claims.resolved(sharedOnly: true)
        if !lettered.isEmpty {
            for part in parts.indices {
                for index in parts[part].cases.indices {
                    if let reference = lettered[parts[part].cases[index].id] { parts[part].cases[index].ref = reference }
                }
            }
        }
        // An organisation removed on one device while another gave it a case, an activity or a
        // signal stays shown: nothing live may point at nothing.
        let named = Set(parts.flatMap { part in
            part.cases.map(\.organisation) + part.activities.map(\.organisation) + part.signals.map(\.organisation)
                + part.reportNotes.map(\.organisation)
        }.compactMap { $0 })
        organisations = (parts.flatMap(\.organisations) + parts.flatMap(\.removedOrganisations).filter { named.contains($0.id) })
            .sorted { Self.precedes($0.name.lowercased(), $0.id, $1.name.lowercased(), $1.id) }
        cases = parts.flatMap(\.cases).sorted { Self.precedes($0.ref, $0.id, $1.ref, $1.id) }
        contacts = parts.flatMap(\.contacts).sorted { Self.precedes($0.date, $0.id, $1.date, $1.id) }
        activities = parts.flatMap(\.activities).sorted { Self.precedes($0.date, $0.id, $1.date, $1.id) }
        signals = parts.flatMap(\.signals).sorted { Self.precedes($0.date, $0.id, $1.date, $1.id) }
        profiles = parts.flatMap(\.profiles)
        reportNotes = parts.flatMap(\.reportNotes).sorted { ($0.year, $0.section, $0.id) < ($1.year, $1.section, $1.id) }
        finalisedReports = parts.flatMap(\.finalisedReports).sorted { Self.precedes($0.finalisedOn, $0.id, $1.finalisedOn, $1.id) }
        destroyedCases = parts.flatMap(\.destroyedCases).sorted { Self.precedes($0.ref, $0.id, $1.ref, $1.id) }
        handovers = parts.flatMap(\.handovers).sorted { Self.precedes($0.date, $0.id, $1.date, $1.id) }
        organisationsByID = Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// By key (references and dates are ASCII, compared bytewise), then id.
    private static func precedes(_ a: String, _ aID: RecordID, _ b: String, _ bID: RecordID) -> Bool {
        a == b ? aID < bID : a < b
    }

    /// The typed records of one chunk.
    private struct Part: Sendable {
        var organisations: [Organisation] = []
        var removedOrganisations: [Organisation] = []
        var cases: [CaseFile] = []
        var contacts: [Contact] = []
        var activities: [Activity] = []
        var signals: [Signal] = []
        var reportNotes: [ReportNote] = []
        var finalisedReports: [FinalisedReport] = []
        var destroyedCases: [DestroyedCase] = []
        var handovers: [Handover] = []
        var profiles: [Profile] = []

        init(_ chunk: ArraySlice<(key: RecordID, value: RecordState)>) {
            for (id, state) in chunk {
                // Orders and handovers are known by their admin-only fields, not by `kind`,
                // which any member could change.
                if let order = DestroyedCase(id: id, state: state) {
                    destroyedCases.append(order)
                    continue
                }
                if let handover = Handover(id: id, state: state) {
                    handovers.append(handover)
                    continue
                }
                if RecordKind.isRemoved(state) {
                    // Kept aside: shown after all only if something live still names it.
                    if RecordLookup.kind(state) == .organisation { removedOrganisations.append(Organisation(id: id, state: state)) }
                    continue
                }
                switch state.string(RecordKind.field).flatMap(RecordKind.init(rawValue:)) {
                case .organisation: organisations.append(Organisation(id: id, state: state))
                case .case: cases.append(CaseFile(id: id, state: state))
                case .contact: contacts.append(Contact(id: id, state: state))
                case .activity: activities.append(Activity(id: id, state: state))
                case .signal: signals.append(Signal(id: id, state: state))
                case .reportNote: reportNotes.append(ReportNote(id: id, state: state))
                case .finalisedReport: finalisedReports.append(FinalisedReport(id: id, state: state))
                case .destroyedCase, .handover: break  // without their fields: not an order or a handover
                case .counsellor:
                    if let counsellor = state.string("counsellor"), let name = state.string("name"), let writer = state.registers["name"]?.writer.device {
                        profiles.append(Profile(counsellor: counsellor, name: name, writer: writer, signature: state.string(Profile.signatureField)))
                    }
                case .sharedCaseload: break  // sync bookkeeping, not part of the register
                case nil: break  // a kind from a newer version: kept in the vault, not shown
                }
            }
        }
    }

    /// A display name as a `counsellor` record holds it.
    public struct Profile: Sendable {
        /// Hex of the counsellor key's signature over the name (`SignedDisplayName`): set when
        /// an admin wrote a reader's name, which the reader cannot write itself.
        public static let signatureField = "name_signature"

        public let counsellor: String
        public let name: String
        public let writer: DeviceID
        public let signature: String?
    }

    /// The display names whose last writer is a device of the named counsellor (`owners`:
    /// device → counsellor id, hex, from the signed membership logs), or that carry that
    /// counsellor's signature (`signed`: counsellor, name, signature hex → verified). A
    /// colleague who writes a name for someone else gets no name shown for them, never a
    /// false one.
    public func counsellorNames(writtenBy owners: [DeviceID: String], signed: (String, String, String) -> Bool = { _, _, _ in false }) -> [String: String] {
        var names: [String: String] = [:]
        for profile in profiles where names[profile.counsellor] == nil {
            let own = owners[profile.writer] == profile.counsellor
            if own || profile.signature.map({ signed(profile.counsellor, profile.name, $0) }) == true { names[profile.counsellor] = profile.name }
        }
        return names
    }

    /// Finds an organisation by name, ignoring case: every record of that name, in whichever
    /// caseload it is kept.
    public func organisation(named name: String) throws(CaseworkError) -> NamedOrganisation {
        try RecordLookup.organisation(named: name, among: organisations)
    }

    public func organisationName(_ id: RecordID?) -> String {
        id.flatMap { organisationsByID[$0]?.name } ?? ""
    }

    public func caseFile(ref: String) throws(CaseworkError) -> CaseFile {
        guard let match = cases.first(where: { $0.ref == ref }) else {
            if let destroyed = destroyedCases.first(where: { $0.ref == ref }) { throw .caseDestroyed(ref, on: destroyed.destroyedOn) }
            throw .unknownCase(ref)
        }
        return match
    }

    public func contacts(of caseID: RecordID) -> [Contact] {
        contacts.filter { $0.caseID == caseID }
    }

    public func cases(matching filter: CaseFilter) -> [CaseFile] {
        cases.filter { filter.accepts($0) }
    }

}

import Foundation

/// Which cases `vp case list` shows.
public struct CaseFilter: Sendable {
    /// Records of one organisation (all of one name, or a single record).
    public var organisation: Set<RecordID>?
    public var status: CaseStatus?
    public var year: Int?
    public var category: Category?
    public var counsellorRole: CounsellorRole?

    public init(organisation: Set<RecordID>? = nil, status: CaseStatus? = nil, year: Int? = nil, category: Category? = nil,
                counsellorRole: CounsellorRole? = nil) {
        self.counsellorRole = counsellorRole
        self.organisation = organisation
        self.status = status
        self.year = year
        self.category = category
    }

    func accepts(_ file: CaseFile) -> Bool {
        (organisation == nil || file.organisation.map { organisation!.contains($0) } == true)
            && (status == nil || file.status == status?.code)
            && (year == nil || file.year == year)
            && (category == nil || file.categories.contains(category!.code))
            && (counsellorRole == nil || file.counsellorRole == counsellorRole?.code)
    }
}

extension Casebook {
    /// The texts of one report section, one per version still standing: more than one when
    /// it was written on two devices at once (`vp report note --text` settles it).
    public func reportTexts(of organisation: NamedOrganisation, year: Int, section: ReportSection) -> [String] {
        reportNotes.filter { organisation.includes($0.organisation) && $0.year == year && $0.section == section.code }
            .flatMap(\.text.versions).filter { !$0.isEmpty }
    }

    /// The finalised report of `organisation` for `year`, if that year was finalised (from
    /// any caseload that keeps the organisation: the earliest counts).
    public func finalisedReport(of organisation: NamedOrganisation, year: Int) -> FinalisedReport? {
        finalisedReports.first { organisation.includes($0.organisation) && $0.year == year }
    }
}
