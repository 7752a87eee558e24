import Replica

/// Direct lookups over raw records for the write paths, which must not pay for building
/// a whole `Casebook` (two register reads per record instead of every field).
enum RecordLookup {
    static func kind(_ state: RecordState) -> RecordKind? {
        state.string(RecordKind.field).flatMap(RecordKind.init(rawValue:))
    }

    static func organisations(in records: [RecordID: RecordState]) -> [Organisation] {
        records.compactMap { id, state in kind(state) == .organisation && !RecordKind.isRemoved(state) ? Organisation(id: id, state: state) : nil }
            .sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
    }

    /// Organisations are kept per caseload, so that co-counsellors see the ones their
    /// shared cases name; `caseload` nil is the counsellor's own.
    static func organisation(named name: String, caseload: String? = nil, in records: [RecordID: RecordState]) throws(CaseworkError) -> Organisation {
        let kept = organisations(in: records).filter { records[$0.id]?.string(CaseField.caseload) == caseload }
        return try organisation(named: name, among: kept).records[0]
    }

    /// The organisation a report's records (activities, signals, narrative) are about, in
    /// whichever caseload it is kept (the own one first), with that caseload: those records
    /// travel with it, so co-counsellors writing the same report see them.
    static func reportOrganisation(named name: String, in records: [RecordID: RecordState]) throws(CaseworkError) -> (Organisation, caseload: String?) {
        let all = organisations(in: records)
        let own = all.filter { records[$0.id]?.string(CaseField.caseload) == nil }
        if let match = try? organisation(named: name, among: own).records[0] { return (match, nil) }
        let match = try organisation(named: name, among: all).records[0]
        return (match, records[match.id]?.string(CaseField.caseload))
    }

    /// Every record of a name (never none), ignoring case and surrounding spaces; the error
    /// lists the known ones.
    static func organisation(named name: String, among all: [Organisation]) throws(CaseworkError) -> NamedOrganisation {
        let wanted = NamedOrganisation.key(name)
        let matching = all.filter { NamedOrganisation.key($0.name) == wanted }
        guard !matching.isEmpty else { throw .unknownOrganisation(name, hasAny: !all.isEmpty) }
        return NamedOrganisation(records: matching)
    }

    static func caseID(ref: String, in records: [RecordID: RecordState]) throws(CaseworkError) -> RecordID {
        guard let id = references(in: records).first(where: { $0.value == ref })?.key else { throw .unknownCase(ref) }
        return id
    }

    /// The reference each case is shown and found by. Two devices that open cases offline
    /// can give out the same number; then the case whose reference was written first keeps
    /// it and the others get a letter (2026-005b, 2026-005c), the same on every device.
    static func references(in records: [RecordID: RecordState]) -> [RecordID: String] {
        var claims = ReferenceClaims()
        claims.note(records)
        return claims.resolved()
    }

    /// Which cases claim which number, and who wrote it first: gathered record by record
    /// (also chunk by chunk), settled once all are known.
    struct ReferenceClaims {
        private var byReference: [String: [(writer: OperationID, id: RecordID)]] = [:]

        mutating func note(_ records: [RecordID: RecordState]) {
            for (id, state) in records where kind(state) == .case {
                guard let register = state.registers[CaseField.ref], let ref = register.value.string else { continue }
                byReference[ref, default: []].append((register.writer, id))
            }
        }

        /// The reference of each case; with `sharedOnly`, only of cases whose number another
        /// case also claims (the rest keep their `ref` register as it is).
        func resolved(sharedOnly: Bool = false) -> [RecordID: String] {
            var result: [RecordID: String] = [:]
            for (ref, cases) in byReference where !sharedOnly || cases.count > 1 {
                for (index, item) in cases.sorted(by: { ($0.writer, $0.id) < ($1.writer, $1.id) }).enumerated() {
                    result[item.id] = index == 0 ? ref : ref + RecordLookup.suffix(index)
                }
            }
            return result
        }
    }

    private static func suffix(_ index: Int) -> String {
        index < 25 ? String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index))) : "-\(index + 1)"
    }

    /// The next free reference in `year`: one past the highest number used so far, from the
    /// vault's counter (`counted`) when only some records were read.
    static func nextReference(year: Int, in records: [RecordID: RecordState], counted: Int? = nil, isPartial: Bool = false) -> String {
        precondition(!isPartial || counted != nil, "a partial read must bring the year's reference counter")
        let prefix = "\(year)-"
        var highest = counted ?? 0
        // A destroyed case keeps its number: references are never given out twice.
        for (id, state) in records {
            let refs = kind(state) == .case ? [state.string(CaseField.ref)].compactMap { $0 }
                : DestroyedCase(id: id, state: state).map { [$0.ref] } ?? Handover(id: id, state: state)?.refs ?? []
            for ref in refs {
                guard let (refYear, number) = CaseIndex.parts(of: ref), refYear == year else { continue }
                highest = max(highest, number)
            }
        }
        return prefix + String(format: "%03d", highest + 1)
    }
}

import Foundation
