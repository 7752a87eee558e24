import Testing
@testable import Console

/// Issue 12, item 13: Tab in the prompt follows the context. Before, every word after the
/// subcommand was offered the case references and all codes (after `--channel`: references),
/// and neither flags nor organisation names were ever offered.
@Suite struct CompleterTests {
    let completer = Completer(references: ["2026-001", "2026-002"], organisations: ["Acme", "Gemeente Utrecht"], caseloads: ["Team Noord", "eigen"])

    func offered(_ line: String) -> [String] { completer.complete(before: line).candidates }

    @Test func commandsThenSubcommands() {
        #expect(offered("").contains("case") && offered("").contains("exit"))
        #expect(offered("ca") == ["case", "caseload"])
        #expect(offered("case s").sorted() == ["set", "show"])
        #expect(offered("report ").contains("finalize"))
    }

    @Test func anOptionsValuesFollowTheOption() {
        #expect(offered("contact add 2026-001 --channel ") == ["in_person", "phone", "video", "email"])
        #expect(offered("case open --org ") == ["Acme", "\"Gemeente Utrecht\""])
        #expect(offered("case open --org Gem") == ["\"Gemeente Utrecht\""])
        #expect(offered("case open --org \"Gemeente U") == ["\"Gemeente Utrecht\""])
        #expect(completer.complete(before: "case open --org \"Gemeente U").replacing == 11)
        #expect(offered("case list --status ").contains("open"))
        #expect(offered("report --org Acme --year 2026 --format ") == ["md", "html", "pdf", "csv", "csv-nl", "xlsx", "json"])
        #expect(offered("case export 2026-001 --format ") == ["json", "html", "pdf"])
        #expect(offered("caseload invite Team --role ") == ["admin", "member", "reader"])
        #expect(offered("case open --org Acme --role ").contains("employee"))
        #expect(offered("case move 2026-001 --to ") == ["\"Team Noord\"", "eigen"])
        #expect(offered("contact add 2026-001 --purpose ").contains("intake"))
        #expect(offered("case open --date ").isEmpty)  // a date: nothing to offer, certainly no references
    }

    @Test func flagsOfTheCommandBeingTyped() {
        let flags = offered("contact add 2026-001 --")
        #expect(flags.contains("--channel") && flags.contains("--follow-up") && flags.contains("--summary"))
        #expect(!flags.contains("--org"))
        #expect(offered("case list --st") == ["--status"])
        #expect(offered("report --o") == ["--org", "--output"])  // the default subcommand's flags
    }

    /// A second audit: a name with a quote in it was completed into one the shell words split differently.
    @Test func aNameWithQuotesIsCompletedAsItMustBeTyped() throws {
        let quoting = Completer(references: [], organisations: [#"Quote "X""#, #"Back\slash"#], caseloads: [])
        let offered = quoting.complete(before: "org remove Q").candidates
        #expect(offered == ["\"Quote \\\"X\\\"\""], "\(offered)")
        #expect(try ShellWords.split("org remove " + offered[0]) == ["org", "remove", #"Quote "X""#])
        let backslash = quoting.complete(before: "org remove B").candidates
        #expect(try ShellWords.split("org remove " + backslash[0]) == ["org", "remove", #"Back\slash"#], "\(backslash)")
    }

    @Test func argumentsByPosition() {
        #expect(offered("case show ") == ["2026-001", "2026-002"])
        #expect(offered("case set 2026-001 ").contains("summary"))
        #expect(!offered("case set 2026-001 ").contains("2026-001"))
        #expect(offered("case tag 2026-001 +bul") == ["+bullying"])
        #expect(offered("case tag 2026-001 -referral:h") == ["-referral:hr"])
        #expect(offered("case set 2026-001 summary ").isEmpty)
        #expect(offered("org rename ") == ["Acme", "\"Gemeente Utrecht\""])
        #expect(offered("caseload members ") == ["\"Team Noord\"", "eigen"])
        #expect(offered("contact edit 2026-0") == ["2026-001", "2026-002"])
        #expect(offered("case show 2026-001 --lang en ").isEmpty)
        #expect(offered("help ca") == ["case", "caseload"])
    }
}
