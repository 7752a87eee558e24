import ArgumentParser
import Casework
import Replica

/// `--org` and `--year`, shared by the lists of activities and signals.
struct OrganisationYearFilter: ParsableArguments {
    @Option(help: "Only this organisation.") var org: String?
    @Option(help: "Only this year.") var year: Int?

    /// A predicate over (organisation, date); resolving the name may fail.
    func predicate(in book: Casebook, _ context: CommandContext) throws -> (RecordID?, String) -> Bool {
        try ConsoleError.checkYear(year)
        let organisation = try context.text(org).map { try book.organisation(named: $0) }
        let prefix = year.map { "\($0)-" }
        return { owner, date in
            (organisation?.includes(owner) ?? true) && (prefix == nil || date.hasPrefix(prefix!))
        }
    }
}
