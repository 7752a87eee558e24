import Replica

/// The counsellor's schema as data: every field of each record kind, how it merges, and
/// where it travels. Sync, the vault and the console read it from here instead of naming
/// fields themselves.
public enum CaseSchema {
    /// How a field merges (Protocol/data-core.md).
    public enum Merge: Sendable { case register, set, text }

    /// Where a field's changes travel.
    public enum Travel: Sendable {
        /// With its record, in the record's caseload.
        case withRecord
        /// Only among the author's own devices, in the home caseload (private working notes).
        case ownDevicesOnly
    }

    public struct Field: Sendable {
        public let name: String
        public let merge: Merge
        public let travel: Travel
    }

    /// Fields of a case.
    public static let caseFields: [Field] = [
        Field(name: RecordKind.field, merge: .register, travel: .withRecord),
        Field(name: CaseField.caseload, merge: .register, travel: .withRecord),
        Field(name: CaseField.ref, merge: .register, travel: .withRecord),
        Field(name: CaseField.organisation, merge: .register, travel: .withRecord),
        Field(name: CaseField.opened, merge: .register, travel: .withRecord),
        Field(name: CaseField.closed, merge: .register, travel: .withRecord),
        Field(name: CaseField.status, merge: .register, travel: .withRecord),
        Field(name: CaseField.channel, merge: .register, travel: .withRecord),
        Field(name: CaseField.reporterRole, merge: .register, travel: .withRecord),
        Field(name: CaseField.otherParty, merge: .register, travel: .withRecord),
        Field(name: CaseField.formalStep, merge: .register, travel: .withRecord),
        Field(name: CaseField.consent, merge: .register, travel: .withRecord),
        Field(name: CaseField.consentDate, merge: .register, travel: .withRecord),
        Field(name: CaseField.destroyAfter, merge: .register, travel: .withRecord),
        Field(name: CaseField.followUp, merge: .register, travel: .withRecord),
        Field(name: CaseField.categories, merge: .set, travel: .withRecord),
        Field(name: CaseField.integrityTypes, merge: .set, travel: .withRecord),
        Field(name: CaseField.referrals, merge: .set, travel: .withRecord),
        Field(name: AccessRequest.auditField, merge: .set, travel: .withRecord),
        Field(name: CaseField.summary, merge: .text, travel: .withRecord),
        Field(name: CaseField.outcome, merge: .text, travel: .withRecord),
        Field(name: CaseField.privateNote, merge: .text, travel: .ownDevicesOnly),
    ]

    /// Where every record's operations travel: the `caseload` register names the caseload;
    /// fields marked `ownDevicesOnly` stay in the home caseload.
    /// Destruction orders and handovers may come only from an admin of the caseload; a
    /// device's confirmation only from that device.
    public static let routing = FieldRouting(
        partitionField: CaseField.caseload,
        privateFields: Set(caseFields.filter { $0.travel == .ownDevicesOnly }.map(\.name)),
        adminOnlyFields: DestroyedCase.Field.adminOnly.union(Handover.Field.adminOnly),
        deviceFieldPrefix: DestroyedCase.Field.confirmedPrefix,
        caseField: "case")
}
