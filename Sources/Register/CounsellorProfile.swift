import Casework
import Identifiers
import Replica
import Signatures
import Sync
import WireFormat

extension CaseRegister {
    /// Display names of counsellors, each only as written by one of their own devices; this
    /// counsellor's own from the vault's settings.
    public func counsellorNames() throws -> [String: String] {
        let owners = (try? Caseload.counsellorsByDevice(in: vault)) ?? [:]
        let keys = ((try? Caseload.counsellorKeys(in: vault)) ?? [:]).reduce(into: [String: (CounsellorID, SigningPublicKey)]()) {
            $0[$1.key.description] = ($1.key, $1.value)
        }
        var names = Casebook(records: try vault.records(CaseIndex.profileNeeds)).counsellorNames(writtenBy: owners.mapValues(\.description)) { counsellor, name, signature in
            guard let (id, key) = keys[counsellor], let bytes = Hex.decode(signature) else { return false }
            return SignedDisplayName(name: name, signature: bytes).verifies(counsellor: id, key: key)
        }
        if let own = try ownCounsellor(), let name = try vault.sealedSetting(Caseload.nameSetting) {
            names[own.description] = String(decoding: name, as: UTF8.self)
        }
        return names
    }

    /// Writes the display name a reader signed and sent with its join request into the
    /// caseload (the reader cannot): colleagues believe it by its signature.
    public func recordReaderName(_ signed: SignedDisplayName, of counsellor: CounsellorID, in caseload: Caseload) throws -> Written<Void>? {
        guard let key = try Caseload.counsellorKeys(in: vault)[counsellor], signed.verifies(counsellor: counsellor, key: key),
              signed.name == signed.name.trimmingCharacters(in: .whitespacesAndNewlines)
        else { return nil }
        let profile = caseload.profileRecord(of: counsellor)
        return try write(needing: RecordNeeds(records: [profile])) {
            try $0.setCounsellorName(signed.name, counsellor: counsellor.description, caseload: caseload.id.description, id: profile,
                                     signature: Hex.encode(signed.signature))
        }
    }

    /// Tells the members of a shared caseload this counsellor's display name, if one is
    /// set: a record with the same id on every device of the counsellor, so a later name
    /// replaces an earlier one. A reader cannot write, so stays known by id.
    public func announceName(in caseload: Caseload) throws -> Written<Void>? {
        guard !caseload.isHome, let name = try vault.sealedSetting(Caseload.nameSetting) else { return nil }
        guard try caseload.membership(in: vault).members[vault.identity().signing.publicKey]?.role != .reader else { return nil }
        let profile = caseload.profileRecord()
        return try write(needing: RecordNeeds(records: [profile])) {
            try $0.setCounsellorName(String(decoding: name, as: UTF8.self), counsellor: caseload.counsellor.description,
                                     caseload: caseload.id.description, id: profile)
        }
    }
}

extension CaseRegister {
    /// This counsellor's id; nil for a vault made before sync (no own caseload). Any other
    /// failure (damage, storage) is thrown, not taken for "none".
    func ownCounsellor() throws -> CounsellorID? {
        do {
            return try Caseload.home(of: vault).counsellor
        } catch SyncError.notSetUp {
            return nil
        }
    }
}

extension CaseRegister {
    /// The sealed setting with how a board or client organisation reaches the counsellor.
    public static let contactSetting = "counsellor_contact"

    /// The counsellor's name and contact as this vault keeps them (`vp profile`), for the
    /// head of an annual report written on `day`.
    public func reportAuthorship(written day: String) throws -> ReportAuthorship {
        let text = { (setting: String) in try self.vault.sealedSetting(setting).map { String(decoding: $0, as: UTF8.self) } }
        return ReportAuthorship(counsellor: try text(Caseload.nameSetting), contact: try text(Self.contactSetting), written: day)
    }

    /// Sets the name (also what co-counsellors see) and the contact; nil leaves one as it
    /// is, an empty text clears it.
    public func setProfile(name: String?, contact: String?) throws {
        if let name { try vault.setSealedSetting(Caseload.nameSetting, Array(name.utf8)) }
        if let contact { try vault.setSealedSetting(Self.contactSetting, Array(contact.utf8)) }
    }
}
