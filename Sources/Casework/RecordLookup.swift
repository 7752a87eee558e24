import Replica

/// Direct lookups over raw records for the write paths, which must not pay for building
/// a whole `Casebook` (two register reads per record instead of every field).
enum RecordLookup {
    static func kind(_ state: RecordState) -> RecordKind? {
        state.string(RecordKind.field).flatMap(RecordKind.init(rawValue:))
    }

    static func organisations(in records: [RecordID: RecordState]) -> [Organisation] {
        records.compactMap { id, state in kind(state) == .organisation ? Organisation(id: id, state: state) : nil }
            .sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
    }

    static func organisation(named name: String, in records: [RecordID: RecordState]) throws(CaseworkError) -> Organisation {
        try organisation(named: name, among: organisations(in: records))
    }

    /// Matches a name ignoring case and surrounding spaces; the error lists the known ones.
    static func organisation(named name: String, among all: [Organisation]) throws(CaseworkError) -> Organisation {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let match = all.first(where: { $0.name.lowercased() == wanted }) else {
            throw .unknownOrganisation(name, hasAny: !all.isEmpty)
        }
        return match
    }

    static func caseID(ref: String, in records: [RecordID: RecordState]) throws(CaseworkError) -> RecordID {
        let matches = records.filter { kind($0.value) == .case && $0.value.string(CaseField.ref) == ref }.keys
        guard let id = matches.min() else { throw .unknownCase(ref) }
        return id
    }

    /// The next free reference in `year`: one past the highest number used so far.
    static func nextReference(year: Int, in records: [RecordID: RecordState]) -> String {
        let prefix = "\(year)-"
        var highest = 0
        for state in records.values where kind(state) == .case {
            if let ref = state.string(CaseField.ref), ref.hasPrefix(prefix), let number = Int(ref.dropFirst(prefix.count)) {
                highest = max(highest, number)
            }
        }
        return prefix + String(format: "%03d", highest + 1)
    }
}

import Foundation
