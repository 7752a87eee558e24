import ArgumentParser
import Casework
import Replica

/// `vp activity delete ID` and `vp signal delete ID`: one command for two kinds of entry
/// that lists show by id.
protocol EntryDeletion: ConsoleCommand {
    static var kind: RecordKind { get }
    var vault: VaultOptions { get }
    var options: OutputOptions { get }
    var id: String { get }
}

extension EntryDeletion {
    func execute(in context: CommandContext) async throws {
        let today = context.today
        let removed = try context.write(vault) { try $0.removeEntry(Self.kind, idPrefix: id, on: today) }
        context.answer(options, EditAnswer(changed: Self.kind == .activity ? .activity : .signal, id: EntryID.short(removed)),
                     text: Labels(language: options.language(context)).text(nl: "Teruggenomen: \(EntryID.short(removed)).\n", en: "Taken back: \(EntryID.short(removed)).\n"))
    }
}

/// The short form of a record id that lists show and delete commands take.
enum EntryID {
    static func short(_ id: RecordID) -> String { String(id.description.prefix(8)) }
}
