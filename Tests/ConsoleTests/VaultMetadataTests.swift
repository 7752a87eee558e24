import Cryptography
import Foundation
import GRDB
import Testing
@testable import Vault

/// Issue 13, item 6: the README's list of what the vault file shows without the passphrase
/// is checked against a real vault that synced and shares a caseload with a colleague: every
/// table, column and setting the file has is listed, nothing listed is missing from the
/// file, what the list calls sealed is, and no name or content is readable anywhere in it.
@Suite struct VaultMetadataTests: ProcessCommands {
    let laptop = TestHome(createVault: false)
    let bram = TestHome(createVault: false)

    /// The README's rows: each item (`table.column` or a setting's name) with its second cell.
    static func listed() throws -> [String: String] {
        let readme = ReadmeTablesTests.readme
        let start = try #require(readme.range(of: "<!-- vault-metadata:begin -->"))
        let end = try #require(readme.range(of: "<!-- vault-metadata:end -->"))
        var items: [String: String] = [:]
        for line in readme[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| item") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            let setting = cells[0].hasPrefix("setting ")
            let names = cells[0].split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            for name in names { items[setting ? "setting " + name : name] = cells[1] }
        }
        return items
    }

    /// A vault that synced, shares a caseload with Bram and has a backup.
    func prepared(_ relay: RelayProcess) throws {
        let url = relay.url.absoluteString
        try ok(laptop, "init", "--kdf", "interactive", "--name", "Annabel Geheimnaam")
        try ok(bram, "init", "--kdf", "interactive", "--name", "Bram")
        try ok(laptop, "sync", "--relay", url)
        try ok(bram, "sync", "--relay", url)
        try ok(laptop, "caseload", "create", "Team Verborgen")
        try CodeExchange.run(host: laptop, ["caseload", "invite", "Team Verborgen", "--role", "member"], guest: bram) { ["caseload", "join", $0] }
        try ok(laptop, "org", "add", "Stichting Geheim")
        try ok(laptop, "profile", "--contact", "MARK-CONTACT-DETAILS 06-12345678")
        try ok(laptop, "case", "open", "--org", "Stichting Geheim", "--date", "2026-02-03", "--summary", "MARK-SUMMARY " + String(repeating: "x", count: 900))
        try ok(laptop, "contact", "add", "2026-001", "--date", "2026-02-04", "--minutes", "30", "--channel", "phone", "--summary", "MARK-CONTACT")
        try ok(laptop, "org", "add", "Acme", "--caseload", "Team Verborgen")
        try ok(laptop, "case", "open", "--org", "Acme", "--caseload", "Team Verborgen", "--date", "2026-02-05", "--summary", "MARK-SHARED")
        try ok(laptop, "sync")
        try ok(bram, "sync")
        try ok(laptop, "sync")
        try ok(laptop, "backup", laptop.folder.appendingPathComponent("kopie.vpbackup").path)
    }

    @Test func theReadmeListsExactlyWhatTheFileShows() throws {
        let relay = try RelayProcess()
        try prepared(relay)

        let database = try DatabaseQueue(path: Vault.databasePath(in: laptop.folder))
        let listed = try Self.listed()
        let (columns, settings) = try database.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            let columns = try tables.flatMap { table in
                try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).map { "\(table).\($0)" }
            }
            let settings = try Row.fetchAll(db, sql: "SELECT name, value FROM setting").map { row -> (String, [UInt8]) in
                let name: String = row[0]
                let prefix = ["committed_membership:", "box_key_number:", "key_capable:"].first { name.hasPrefix($0) }
                return (prefix.map { $0 + "…" } ?? name, [UInt8](row[1] as Data))
            }
            return (Set(columns), settings)
        }
        // Both ways: each column of the file is listed, each listed column is in the file.
        let listedColumns = Set(listed.keys.filter { !$0.hasPrefix("setting ") })
        #expect(columns.subtracting(listedColumns).isEmpty, "not in the README: \(columns.subtracting(listedColumns).sorted())")
        #expect(listedColumns.subtracting(columns).isEmpty, "not in the file: \(listedColumns.subtracting(columns).sorted())")
        for (name, _) in settings {
            #expect(listed["setting " + name] != nil, "setting \(name) is not in the README")
        }

        // What the list calls sealed is ciphertext: no plain 8-byte integer, and padded
        // blobs have a padded length.
        for (name, value) in settings where listed["setting " + name]?.hasPrefix("sealed") == true {
            #expect(value.count > SecretBox.overhead, "setting \(name) is \(value.count) bytes")
            if listed["setting " + name] == "sealed, padded" {
                #expect(BlobPadding.size(for: value.count - SecretBox.overhead - 4) == value.count - SecretBox.overhead, "setting \(name): \(value.count) bytes")
            }
        }
        try database.read { db in
            for (item, kind) in listed where !item.hasPrefix("setting ") && kind.hasPrefix("sealed") {
                let parts = item.split(separator: ".")
                let lengths = try Int.fetchAll(db, sql: "SELECT length(\(parts[1])) FROM \(parts[0])")
                for length in lengths {
                    #expect(length > SecretBox.overhead, "\(item): \(length) bytes")
                    if kind == "sealed, padded", !item.hasSuffix(".envelope") {
                        let padded = length - SecretBox.overhead
                        #expect(BlobPadding.size(for: padded - 4) == padded, "\(item): \(length) bytes is not a padded length")
                    }
                }
            }
            // The devices' public keys are plain where the list says (author_sequence), and
            // nowhere in the sealed membership entries.
            let keys = try Data.fetchAll(db, sql: "SELECT DISTINCT author FROM author_sequence")
            #expect(keys.count >= 2)
            for entry in try Data.fetchAll(db, sql: "SELECT entry FROM membership_entry") {
                #expect(keys.allSatisfy { entry.range(of: $0) == nil }, "a device key is readable in a membership entry")
            }
        }
        // No name, content or address anywhere in the files.
        for (path, contents) in try laptop.allFiles() where path.hasSuffix(".sqlite") || path.contains(".sqlite-") {
            for marker in ["MARK-", "Geheim", "Verborgen", "Annabel", "Bram", "127.0.0.1", "Acme"] {
                #expect(contents.range(of: Data(marker.utf8)) == nil, "\(marker) in \(path)")
            }
        }
    }

    /// A vault whose membership entries and counters were plain and whose settings and
    /// caseload names were unpadded (`sealed_format` 1) has them sealed and padded at its
    /// next open, and syncs on as before.
    @Test func plainMembershipEntriesAndCountersAreSealedAtTheNextOpen() throws {
        let relay = try RelayProcess()
        try prepared(relay)
        let vault = try laptop.openVault()
        let plainNames = [SyncLedger.pushedThrough, RecordIndex.versionSetting, RecordIndex.positionSetting]
        try vault.database.write { db in
            for row in try Row.fetchAll(db, sql: "SELECT caseload, sequence, entry FROM membership_entry") {
                let entry = try vault.sealing.open([UInt8](row[2] as Data), context: .membership([UInt8](row[0] as Data), sequence: row[1]))
                try db.execute(sql: "UPDATE membership_entry SET entry = ? WHERE caseload = ? AND sequence = ?", arguments: [Data(entry), row[0], row[1]])
            }
            for name in plainNames {
                let value = try #require(try Settings.sealedInteger(name, sealing: vault.sealing, db))
                try Settings.set(name, value, db)
            }
            let cursors = SyncCursorStore(db: db, sealing: vault.sealing)
            for caseload in try Data.fetchAll(db, sql: "SELECT caseload FROM sync_cursor") {
                let pulled = try cursors.pulled.read("SELECT pulled_through FROM sync_cursor WHERE caseload = ?", [caseload], key: [UInt8](caseload), absent: 0, db)
                let next = try cursors.next.read("SELECT next_device_sequence FROM sync_cursor WHERE caseload = ?", [caseload], key: [UInt8](caseload), absent: 1, db)
                try db.execute(sql: "UPDATE sync_cursor SET pulled_through = ?, next_device_sequence = ? WHERE caseload = ?",
                               arguments: [Int64(pulled), Int64(next), caseload])
            }
            let authors = AuthorSequenceStore(db: db, sealing: vault.sealing).counter
            for row in try Row.fetchAll(db, sql: "SELECT caseload, author, last FROM author_sequence") {
                let last = try authors.open(row[2], key: [UInt8](row[0] as Data) + [UInt8](row[1] as Data))
                try db.execute(sql: "UPDATE author_sequence SET last = ? WHERE caseload = ? AND author = ?", arguments: [Int64(last), row[0], row[1]])
            }
            // Level 1 sealed settings and caseload names unpadded, as vp did then.
            for row in try Row.fetchAll(db, sql: "SELECT name, value FROM setting") {
                let name: String = row[0]
                guard let plaintext = try? vault.sealing.open([UInt8](row[1] as Data), context: .setting(name)) else { continue }
                try Settings.set(name, try vault.sealing.seal(plaintext, context: .unpaddedSetting(name)), db)
            }
            for row in try Row.fetchAll(db, sql: "SELECT caseload, sealed_name FROM caseload") {
                let caseload = [UInt8](row[0] as Data)
                let name = try vault.sealing.open([UInt8](row[1] as Data), context: .caseloadName(caseload))
                try db.execute(sql: "UPDATE caseload SET sealed_name = ? WHERE caseload = ?",
                               arguments: [Data(try vault.sealing.seal(name, context: .unpaddedCaseloadName(caseload))), row[0]])
            }
            try Settings.set(SealedFormat.setting, UInt64(1), db)
        }
        let plainCounters = "SELECT COUNT(*) FROM sync_cursor WHERE typeof(pulled_through) = 'integer' OR typeof(next_device_sequence) = 'integer'"
            + " UNION ALL SELECT COUNT(*) FROM author_sequence WHERE typeof(last) = 'integer'"
        #expect(try vault.database.read { try Int.fetchAll($0, sql: plainCounters) }.allSatisfy { $0 > 0 })
        func sealedEntries() throws -> Bool {
            try vault.database.read { db in
                try Row.fetchAll(db, sql: "SELECT caseload, sequence, entry FROM membership_entry").allSatisfy { row in
                    (try? vault.sealing.open([UInt8](row[2] as Data), context: .membership([UInt8](row[0] as Data), sequence: row[1]))) != nil
                }
            }
        }
        #expect(try !sealedEntries())

        let members = try ok(laptop, "caseload", "members", "Team Verborgen", "--json")
        #expect(members.contains("Bram"), "\(members)")
        try ok(laptop, "sync")
        let (level, lengths) = try vault.database.read { db in
            (try Settings.integer(SealedFormat.setting, db), try plainNames.map { try Settings.bytes($0, db)?.count })
        }
        #expect(level == SealedFormat.current)
        #expect(lengths.allSatisfy { $0 != nil && $0 != 8 }, "still plain: \(lengths)")
        #expect(try sealedEntries())
        #expect(try vault.database.read { try Int.fetchAll($0, sql: plainCounters) } == [0, 0])
        let padded = try vault.database.read { db in
            try Data.fetchAll(db, sql: "SELECT sealed_name FROM caseload UNION ALL SELECT value FROM setting WHERE name IN ('counsellor_name', 'relay_url')")
        }
        #expect(!padded.isEmpty && padded.allSatisfy { BlobPadding.size(for: $0.count - SecretBox.overhead - 4) == $0.count - SecretBox.overhead })
    }
}
