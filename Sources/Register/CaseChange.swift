import Identifiers
import Replica

/// One line of a case's audit trail: a field of the case or of one of its conversations,
/// changed by a device, attributed to the counsellor the signed membership logs name.
public struct CaseChange: Sendable {
    public let entry: AuditEntry
    /// `contact.` for a conversation's field, empty for the case's own.
    public let fieldPrefix: String
    /// The counsellor id behind the device; nil when no membership log names the device.
    public let counsellor: CounsellorID?
    /// The name that counsellor gave themselves, if told.
    public let counsellorName: String?
    public let byYou: Bool

    public var field: String { fieldPrefix + entry.field }
}
