import Replica

/// A case (dossier) as read from its record. Codes stay strings so that codes from a
/// newer version are shown rather than dropped.
public struct CaseFile: Hashable, Sendable {
    public let id: RecordID
    public internal(set) var ref: String
    public let organisation: RecordID?
    public let opened: String?
    public let closed: String?
    public let status: String
    public let channel: String?
    public let reporterRole: String?
    public let otherParty: String?
    public let formalStep: String?
    /// `CounsellorRole` code, when recorded.
    public let counsellorRole: String?
    public let consent: String?
    public let consentDate: String?
    public let destroyAfter: String?
    /// The day to come back to the case (YYYY-MM-DD), when set.
    public let followUp: String?
    public let categories: [String]
    public let integrityTypes: [String]
    public let referrals: [String]
    public let summary: TextValue
    public let outcome: TextValue
    public let privateNote: TextValue
    /// The caseload (hex id); nil for the counsellor's own.
    public let caseload: String?

    init(id: RecordID, state: RecordState, reference: String? = nil) {
        self.id = id
        ref = reference ?? state.string(CaseField.ref) ?? id.description
        organisation = state.string(CaseField.organisation).flatMap(RecordID.init(hex:))
        opened = state.string(CaseField.opened)
        closed = state.string(CaseField.closed)
        status = state.string(CaseField.status) ?? CaseStatus.open.code
        channel = state.string(CaseField.channel)
        reporterRole = state.string(CaseField.reporterRole)
        otherParty = state.string(CaseField.otherParty)
        formalStep = state.string(CaseField.formalStep)
        counsellorRole = state.string(CaseField.counsellorRole)
        consent = state.string(CaseField.consent)
        consentDate = state.string(CaseField.consentDate)
        destroyAfter = state.string(CaseField.destroyAfter)
        followUp = state.string(CaseField.followUp)
        categories = state.elements(CaseField.categories)
        integrityTypes = state.elements(CaseField.integrityTypes)
        referrals = state.elements(CaseField.referrals)
        summary = TextValue(state.text(CaseField.summary))
        outcome = TextValue(state.text(CaseField.outcome))
        privateNote = TextValue(state.text(CaseField.privateNote))
        caseload = state.string(CaseField.caseload)
    }

    /// Text fields whose concurrent versions wait for the counsellor to resolve them.
    public var conflicts: [(field: String, versions: [String])] {
        [(CaseField.summary, summary), (CaseField.outcome, outcome), (CaseField.privateNote, privateNote)]
            .filter { $0.1.isConflicted }
            .map { (field: $0.0, versions: $0.1.versions) }
    }

    /// The year the case was opened, from its opening date.
    public var year: Int? { opened.flatMap { Int($0.prefix(4)) } }
}

/// Field names of a case record; these are also the names `vp case set` accepts.
public enum CaseField {
    public static let ref = "ref"
    public static let organisation = "organisation"
    public static let opened = "opened"
    public static let closed = "closed"
    public static let status = "status"
    public static let channel = "channel"
    public static let reporterRole = "reporter_role"
    public static let otherParty = "other_party"
    public static let formalStep = "formal_step"
    public static let counsellorRole = "counsellor_role"
    public static let consent = "consent"
    public static let consentDate = "consent_date"
    public static let destroyAfter = "destroy_after"
    public static let followUp = "follow_up"
    public static let categories = "categories"
    public static let integrityTypes = "integrity_types"
    public static let referrals = "referrals"
    public static let summary = "summary"
    public static let outcome = "outcome"
    public static let privateNote = "private_note"
    /// The caseload a record belongs to (hex id); absent for the counsellor's own caseload.
    public static let caseload = "caseload"

    /// Text fields: concurrent edits are kept as a conflict.
    public static let texts = [summary, outcome, privateNote]
    /// Fields `vp case set REF FIELD ""` clears (the texts are set to empty instead).
    public static let clearable: Set<String> = [channel, reporterRole, otherParty, formalStep, counsellorRole, destroyAfter, consent, followUp]
    /// Fields `vp case set` accepts.
    public static let settable = [
        channel, reporterRole, otherParty, formalStep, counsellorRole, opened, destroyAfter, followUp, consent, summary, outcome, privateNote,
    ]
}
