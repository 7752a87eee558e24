import Foundation
import GRDB
import Identifiers
import Replica
import Testing
@testable import Vault

/// The keyed record index: a command reads only what it needs, counters never go back, a
/// write made without the index is caught up on the next open, and the file shows no term.
@Suite struct RecordIndexTests {
    /// Finds records by `name` and counts the highest `number`.
    struct NameIndex: RecordIndexing {
        let version = 1
        func entries(of state: RecordState, id: RecordID) -> RecordIndexEntries {
            var entries = RecordIndexEntries()
            if let name = state.string("name") { entries.terms.append("name:" + name) }
            if let number = state.value("number")?.integer { entries.counters["number"] = Int(number) }
            return entries
        }
    }

    let passphrase = Array("lange zin voor de kluis".utf8)

    func reopen(_ vault: Vault, indexing: (any RecordIndexing)?) throws -> Vault {
        let locked = try LockedVault(at: vault.folder)
        let header = locked.header
        return try locked.open(key: header.unlock(passphrase: passphrase), indexing: indexing)
    }

    func addRecords(_ vault: Vault, names: [String], numbers: [Int64]) throws -> [RecordID] {
        try vault.write { session in
            zip(names, numbers).map { name, number in
                let id = session.newRecordID()
                session.assign(.string(name), to: "name", of: id)
                session.assign(.integer(number), to: "number", of: id)
                return id
            }
        }
    }

    @Test func aWriteReadsOnlyTheRecordsItNeeds() throws {
        let folder = TemporaryFolder()
        let vault = try Vault.create(in: folder.url, passphrase: passphrase, kdf: .interactive, indexing: NameIndex())
        let ids = try addRecords(vault, names: (0..<200).map { "record \($0)" }, numbers: (0..<200).map(Int64.init))
        let seen = try vault.write(needing: RecordNeeds(terms: ["name:record 42"], counters: ["number", "unknown"])) { session in
            session.assign(.string("record 42 renamed"), to: "name", of: ids[42])
            return (Array(session.records.keys), session.counters, session.isPartial)
        }
        #expect(seen.0 == [ids[42]])
        #expect(seen.1 == ["number": 199, "unknown": 0])
        #expect(seen.2)
        // The old term no longer finds it, the new one does.
        #expect(try vault.records(RecordNeeds(terms: ["name:record 42"])).isEmpty)
        #expect(try vault.records(RecordNeeds(terms: ["name:record 42 renamed"])).keys.sorted() == [ids[42]])
        #expect(try vault.records().count == 200)
    }

    @Test func countersKeepTheHighestValueEverSeenIncludingReceivedOperations() throws {
        let folder = TemporaryFolder()
        let vault = try Vault.create(in: folder.url, passphrase: passphrase, kdf: .interactive, indexing: NameIndex())
        let ids = try addRecords(vault, names: ["a", "b", "c"], numbers: [3, 7, 5])
        try vault.write { $0.assign(.integer(1), to: "number", of: ids[1]) }
        #expect(try vault.write(needing: RecordNeeds(counters: ["number"])) { $0.counters["number"] } == 7)
        // Operations from another device raise it too.
        var clock = HybridClock(device: DeviceID(rawValue: 99))
        try vault.apply([FieldOperation(id: clock.tick(wallMilliseconds: 1_800_000_000_000), record: ids[0], field: "number", change: .assign(.integer(12)))])
        #expect(try vault.write(needing: RecordNeeds(counters: ["number"])) { $0.counters["number"] } == 12)
    }

    @Test func aWriteWithoutTheIndexIsCaughtUpOnTheNextOpen() throws {
        let folder = TemporaryFolder()
        let indexed = try Vault.create(in: folder.url, passphrase: passphrase, kdf: .interactive, indexing: NameIndex())
        _ = try addRecords(indexed, names: ["early"], numbers: [1])
        let plain = try reopen(indexed, indexing: nil)
        let late = try addRecords(plain, names: ["late"], numbers: [20])
        // Opened without the index the vault reads everything; with it, it rebuilds first.
        #expect(try plain.records(RecordNeeds(terms: ["name:late"])).count == 2)
        let again = try reopen(indexed, indexing: NameIndex())
        #expect(try again.records(RecordNeeds(terms: ["name:late"])).keys.sorted() == late)
        #expect(try again.write(needing: RecordNeeds(counters: ["number"])) { $0.counters["number"] } == 20)
    }

    @Test func receivedRecordsAreIndexedManyRowsAtATime() throws {
        let folder = TemporaryFolder()
        let vault = try Vault.create(in: folder.url, passphrase: passphrase, kdf: .interactive, indexing: NameIndex())
        var clock = HybridClock(device: DeviceID(rawValue: 7))
        let ids = (0..<601).map { RecordID(high: 42, low: UInt64($0)) }
        try vault.apply(ids.enumerated().map { index, id in
            FieldOperation(id: clock.tick(wallMilliseconds: 1_800_000_000_000), record: id, field: "name", change: .assign(.string("r\(index)")))
        })
        for index in [0, 249, 250, 499, 500, 600] {
            #expect(try vault.records(RecordNeeds(terms: ["name:r\(index)"])).keys.sorted() == [ids[index]])
        }
    }

    /// Received batches are applied with work split over threads and rows written many at
    /// a time; what is stored must still be what the log says, and the index in step with it.
    @Test func largeReceivedBatchesKeepRecordsLogAndIndexInStep() throws {
        let folder = TemporaryFolder()
        let vault = try Vault.create(in: folder.url, passphrase: passphrase, kdf: .interactive, indexing: NameIndex())
        var clock = HybridClock(device: DeviceID(rawValue: 7))
        let ids = (0..<600).map { RecordID(high: 43, low: UInt64($0)) }
        func named(_ prefix: String, _ range: Range<Int>) -> [FieldOperation] {
            range.map { index in
                FieldOperation(id: clock.tick(wallMilliseconds: 1_800_000_000_000), record: ids[index], field: "name",
                               change: .assign(.string("\(prefix)\(index)")))
            }
        }
        try vault.apply(named("old", 0..<600))
        // Renames half of them, each twice in the same batch.
        try vault.apply(named("mid", 0..<300) + named("new", 0..<300))
        #expect(try vault.records() == vault.materialiseFromLog())
        #expect(try vault.database.read { try vault.index!.isCurrent($0) })
        #expect(try vault.records(RecordNeeds(terms: ["name:old0", "name:mid0", "name:old299"])).isEmpty)
        #expect(try vault.records(RecordNeeds(terms: ["name:new0", "name:new299", "name:old300", "name:old599"])).keys.sorted()
                == [ids[0], ids[299], ids[300], ids[599]].sorted())
    }

    @Test func anOpenVaultNoticesWritesByAProgramThatDoesNotKeepTheIndex() throws {
        let folder = TemporaryFolder()
        let longLived = try Vault.create(in: folder.url, passphrase: passphrase, kdf: .interactive, indexing: NameIndex())
        _ = try addRecords(longLived, names: ["early"], numbers: [1])
        // Another program writes; like an older vp it leaves the index settings alone.
        let other = try reopen(longLived, indexing: nil)
        let late = try addRecords(other, names: ["late"], numbers: [30])
        let database = try DatabaseQueue(path: Vault.databasePath(in: folder.url))
        try database.write { try Settings.set(RecordIndex.versionSetting, 1, $0) }
        #expect(try longLived.records(RecordNeeds(terms: ["name:late"])).keys.contains(late[0]))
        #expect(try longLived.write(needing: RecordNeeds(terms: ["name:late"], counters: ["number"])) { session in
            (session.isPartial, Array(session.records.keys), session.counters["number"])
        } == (true, late, 30))
    }

    @Test func theFilesShowNoTermAndNoCounter() throws {
        let folder = TemporaryFolder()
        let vault = try Vault.create(in: folder.url, passphrase: passphrase, kdf: .interactive, indexing: NameIndex())
        _ = try addRecords(vault, names: ["Geheime Stichting"], numbers: [4_242_424])
        for (path, contents) in try folder.allFileContents() {
            #expect(contents.range(of: Data("Geheime".utf8)) == nil, "\(path)")
            #expect(contents.range(of: Data("name:".utf8)) == nil, "\(path)")
        }
    }
}
