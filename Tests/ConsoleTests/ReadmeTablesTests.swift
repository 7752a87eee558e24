import ArgumentParser
import Foundation
import Testing
@testable import Console

/// Issue 12: the README's tables match the program: every exit code it lists is one `vp`
/// uses and the other way round, and every command its command table names exists.
@Suite struct ReadmeTablesTests {
    static let readme = try! String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md"), encoding: .utf8)

    /// The lines of the table under the heading `title` (up to the first line that is not a row).
    func table(_ title: String) throws -> [String] {
        let lines = Self.readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: title))
        // A heading is followed by its table; a header row is itself the first line of it.
        let rows = lines[start...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        return Array(rows.dropFirst(2))
    }

    @Test func theExitCodesTableListsExactlyTheCodesVpUses() throws {
        let listed = try table("### Exit codes").compactMap { Int32($0.split(separator: "|").first?.trimmingCharacters(in: .whitespaces) ?? "") }
        #expect(Set(listed) == Set(ExitStatus.allCases.map(\.rawValue)))
    }

    /// The first cell of a table row: up to the first `|` outside backticks that is not `\|`.
    func firstCell(_ line: String) -> String {
        var cell = "", inCode = false, previous: Character = " "
        for character in line.dropFirst(2) {
            if character == "`" { inCode.toggle() }
            if character == "|", !inCode, previous != "\\" { break }
            cell.append(character)
            previous = character
        }
        return cell
    }

    /// Each `vp …` of the command table's first column: the command's words and the flags it shows.
    func tableEntries() throws -> [(words: [String], flags: [String])] {
        var entries: [(words: [String], flags: [String])] = []
        for line in try table("| command | what it does |") {
            let codes = firstCell(line).components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            for code in codes where code.hasPrefix("vp ") {
                let tokens = code.split(separator: " ").dropFirst()
                let words = tokens.prefix { $0.allSatisfy { ("a"..."z").contains($0) } }.map(String.init)
                let flags = tokens.flatMap { token in token.matches(of: /--[a-z][a-z-]*/).map { String($0.output) } }
                entries.append((words, flags))
            }
        }
        return entries
    }

    /// Every command vp has (the leaves of its tree, a default subcommand under its parent's name).
    static func leaves(_ command: ParsableCommand.Type = VP.self, path: [String] = []) -> [[String]] {
        let subcommands = command.configuration.subcommands
        guard !subcommands.isEmpty else { return [path] }
        return subcommands.flatMap { sub -> [[String]] in
            sub == command.configuration.defaultSubcommand ? leaves(sub, path: path) : leaves(sub, path: path + [sub._commandName])
        }
    }

    /// The other way round: the table names every command, and only flags the command has.
    @Test func theCommandTableNamesEveryCommandWithItsRealFlags() throws {
        let entries = try tableEntries()
        #expect(Self.leaves().count > 50 && entries.flatMap(\.flags).count > 60, "\(Self.leaves().count) \(entries.flatMap(\.flags).count)")
        for leaf in Self.leaves() where !leaf.isEmpty {
            #expect(entries.contains { $0.words == leaf }, "vp \(leaf.joined(separator: " ")) is missing from the README's command table")
        }
        for entry in entries where !entry.words.isEmpty {
            var command: ParsableCommand.Type = VP.self
            for word in entry.words {
                guard let next = command.configuration.subcommands.first(where: { $0._commandName == word }) else { break }
                command = next
            }
            if let fallback = command.configuration.defaultSubcommand { command = fallback }
            let real = Set(CommandFlags.of(command).flags.map(\.name))
            for flag in entry.flags {
                #expect(real.contains(flag), "the README shows \(flag) for 'vp \(entry.words.joined(separator: " "))', which does not take it")
            }
        }
    }

    @Test func everyCommandTheCommandTableNamesExists() throws {
        let named = try tableEntries().map(\.words)
        #expect(named.count > 30, "\(named)")
        for words in named where !words.isEmpty {
            var current: ParsableCommand.Type = VP.self
            for word in words {
                let next = current.configuration.subcommands.first { $0._commandName == word }
                #expect(next != nil, "README names 'vp \(words.joined(separator: " "))', which vp does not know")
                guard let next else { break }
                current = next
            }
        }
    }
}
