import ArgumentParser
import Casework
import Foundation
import Identifiers
import Signatures
import Sync
import Vault
import WireFormat

struct CaseloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caseload", abstract: "Caseloads: your own, and those you share deliberately with co-counsellors.",
        subcommands: [Create.self, List.self, Members.self, Verify.self, Invite.self, Join.self, Role.self, Remove.self])

    struct Create: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Create a caseload to share; you are its admin.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "Its name, e.g. 'Team Noord'.") var name: String

        func execute(in context: CommandContext) async throws {
            let name = try PlainName.checked(try context.text(name), field: "caseload name")
            let caseload = try Caseload.create(named: name, in: try context.vault(vault), milliseconds: context.wallClock())
            try context.announceName(in: caseload, vault)
            context.answer(options, EditAnswer(changed: .caseload, id: caseload.name),
                         text: Labels(language: options.language(context)).text(
                            nl: "Caseload '\(caseload.name)' aangemaakt; nodig collega's uit met 'vp caseload invite'.\n",
                            en: "Caseload '\(caseload.name)' created; invite colleagues with 'vp caseload invite'.\n"))
        }
    }

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "List your caseloads with your role and their size.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions

        func execute(in context: CommandContext) async throws {
            let opened = try context.vault(vault)
            let me = try opened.identity().signing.publicKey
            let labels = Labels(language: options.language(context))
            var table = Table([labels.text("NAAM", "NAME"), labels.text("ROL", "ROLE"), labels.text("COLLEGA'S", "COUNSELLORS"), labels.text("APPARATEN", "DEVICES")])
            var items: [JSONValue] = []
            for caseload in try Caseload.all(in: opened) {
                let membership = try caseload.membership(in: opened)
                let role = membership.members[me].map { String(describing: $0.role) } ?? labels.text("verwijderd", "removed")
                let counsellors = Set(membership.members.values.map(\.counsellor)).count
                table.rows.append([caseload.name, role, String(counsellors), String(membership.members.count)])
                items.append(.object([
                    ("name", .string(caseload.name)), ("own", .bool(caseload.isHome)), ("role", .string(role)),
                    ("counsellors", .integer(Int64(counsellors))), ("devices", .integer(Int64(membership.members.count))),
                ]))
            }
            context.emit(options, json: .array(items), text: table.rendered())
        }
    }

    struct Members: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Show a caseload's counsellors, their roles and devices.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The caseload's name.") var name: String

        func execute(in context: CommandContext) async throws {
            let opened = try context.vault(vault)
            let caseload = try Caseload.named(try context.text(name), in: opened)
            let membership = try caseload.membership(in: opened)
            let labels = Labels(language: options.language(context))
            let names = try context.register(vault).counsellorNames()
            var table = Table([labels.text("COLLEGA", "COUNSELLOR"), labels.text("ROL", "ROLE"), labels.text("APPARAAT", "DEVICE")])
            var items: [JSONValue] = []
            let members = membership.members.values.sorted { ($0.counsellor.description, $0.device) < ($1.counsellor.description, $1.device) }
            for member in members {
                let counsellor = CounsellorName.short(member.counsellor, own: caseload.counsellor, labels: labels, names: names)
                let device = DeviceIdentity.deviceID(of: member.device).description
                table.rows.append([counsellor, String(describing: member.role), device])
                items.append(.object([("counsellor", .string(member.counsellor.short)), ("name", .optional(names[member.counsellor.description])),
                                      ("you", .bool(member.counsellor == caseload.counsellor)),
                                      ("role", .string(String(describing: member.role))), ("device", .string(device))]))
            }
            context.emit(options, json: .array(items), text: table.rendered())
        }
    }

    struct Verify: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a code for the caseload's membership that colleagues compare out of band.",
            discussion: "Sync first. Colleagues who see the same code hold the same membership log: the relay shows them the same members.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The caseload's name.") var name: String

        func execute(in context: CommandContext) async throws {
            let opened = try context.vault(vault)
            let caseload = try Caseload.named(try context.text(name), in: opened)
            let membership = try caseload.membership(in: opened)
            let code = ComparisonCode.membership(membership)
            let counsellors = Set(membership.members.values.map(\.counsellor)).count
            let labels = Labels(language: options.language(context))
            context.emit(options, json: .object([
                ("caseload", .string(caseload.name)), ("entries", .integer(Int64(membership.entries.count))),
                ("counsellors", .integer(Int64(counsellors))), ("devices", .integer(Int64(membership.members.count))), ("code", .string(code)),
            ]), text: labels.text(
                nl: "Caseload '\(caseload.name)': \(membership.entries.count) lidmaatschapsregels, \(counsellors) collega('s), \(membership.members.count) apparaat/apparaten.\nControlecode: \(code)\nVergelijk deze code buiten Vertrouwd om (aan de telefoon, persoonlijk) met je collega's, elk na een synchronisatie: dezelfde code betekent dezelfde leden.\n",
                en: "Caseload '\(caseload.name)': \(membership.entries.count) membership entries, \(counsellors) counsellor(s), \(membership.members.count) device(s).\nCode: \(code)\nCompare this code outside Vertrouwd (by phone, in person) with your colleagues, each after a sync: the same code means the same members.\n"))
        }
    }

    struct Invite: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a one-time code that lets a co-counsellor join a caseload, and wait (up to 10 minutes) for them.",
            discussion: "They run: vp caseload join CODE. Roles: admin (may invite and remove), member (reads and writes), reader (reads only).")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The caseload's name.") var name: String
        @Option(help: "admin, member or reader.", completion: .list(["admin", "member", "reader"])) var role: String
        @OptionGroup var relay: RelayOptions

        func execute(in context: CommandContext) async throws {
            let parsed = try MembershipEntry.Role.parse(role)
            let opened = try context.vault(vault)
            let caseload = try Caseload.named(try context.text(name), in: opened)
            let client = try context.relay(opened, relay)
            let code = LinkCode.generate()
            let register = try context.register(vault)
            let invited = try await CaseloadInvitation.offer(code: code, caseload: caseload, role: parsed, vault: opened, relay: client,
                                                             now: context.wallClock, ready: {
                context.showCode(code, otherSide: "Your colleague runs: vp caseload join", relay: client, options)
            }, handOver: {
                // The caseload's case keys go to the colleague before it is answered: its first sync reads every case.
                _ = try await register.sync(relay: client, now: context.wallClock)
            })
            try context.rememberRelay(relay, in: opened)
            if !context.wantsJSON(options) {
                context.output.line("Collega \(invited.counsellor) toegevoegd als \(role) / colleague added as \(role).")
                context.output.line("Controlecode / comparison code: \(invited.comparison) (je collega ziet dezelfde; vergelijk ze, bijvoorbeeld aan de telefoon / your colleague sees the same; compare them, e.g. by phone)")
            }
            let confirmed = context.confirmsComparison(invited.comparison)
            defer {
                context.emit(options, json: .object([
                    ("counsellor", .string(invited.counsellor)), ("device", .string(invited.device)), ("role", .string(String(describing: parsed))),
                    ("comparison", .string(invited.comparison)), ("added", .bool(confirmed)),
                ]), text: confirmed ? "" : "Uitnodiging teruggedraaid: dat apparaat is verwijderd / invitation undone: that device was removed.\n")
            }
            guard confirmed else {
                // Someone else answered with the code: take their device out again at once.
                _ = try await CaseloadRemoval.remove(invited.device, from: caseload, vault: opened, relay: client, now: context.wallClock)
                return
            }
            // A reader cannot write its own name there: it came signed with its request.
            if parsed == .reader, let signed = invited.name,
               let written = try context.register(vault).recordReaderName(signed, of: invited.counsellorID, in: caseload) {
                context.noteWritten(written)
            }
        }
    }

    struct Join: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Join a caseload with the code a colleague gave you.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The one-time code.") var code: String
        @OptionGroup var relay: RelayOptions

        func execute(in context: CommandContext) async throws {
            let linkCode = try LinkCode(text: code)
            let opened = try context.vault(vault)
            let url = try Caseload.relayURL(relay.url, insecure: relay.insecure, vault: opened)
            let name = try await CaseloadInvitation.join(code: linkCode, vault: opened, relay: context.connect(url, nil))
            try context.rememberRelay(relay, in: opened)
            try context.announceName(in: try Caseload.named(name, in: opened), vault)
            let report = try await context.register(vault).sync(relay: try context.relay(opened), now: context.wallClock)
            let comparison = try CaseloadInvitation.comparisonCode(of: try Caseload.named(name, in: opened), vault: opened)
            context.emit(options, json: .object([("caseload", .string(name)), ("applied_operations", .integer(Int64(report.appliedOperations))),
                                                 ("comparison", .optional(comparison))]),
                         text: "Caseload '\(name)': \(report.appliedOperations) wijzigingen ontvangen / changes received.\n"
                            + (comparison.map { "Controlecode / comparison code: \($0) (vergelijk met wie je uitnodigde / compare with who invited you)\n" } ?? ""))
        }
    }

    struct Role: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a colleague another role in a caseload (admin, member or reader) on all their devices.",
            discussion: "Made a reader, what they wrote before stays; nothing they write afterwards is accepted.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The colleague's id from 'vp caseload members'.") var member: String
        @Option(name: .customLong("in"), help: "The caseload's name.") var caseloadName: String
        @Option(help: "admin, member or reader.", completion: .list(["admin", "member", "reader"])) var role: String
        @OptionGroup var relay: RelayOptions

        func execute(in context: CommandContext) async throws {
            let caseloadName = try context.text(caseloadName)
            let parsed = try MembershipEntry.Role.parse(role)
            let opened = try context.vault(vault)
            let caseload = try Caseload.named(caseloadName, in: opened)
            let changed = try await context.register(vault).changeRole(of: member, in: caseload, to: parsed, relay: try context.relay(opened, relay),
                                                                       now: context.wallClock)
            try context.rememberRelay(relay, in: opened)
            context.answer(options, EditAnswer(changed: .member, id: member),
                         text: Labels(language: options.language(context)).text(
                            nl: "Collega \(member) is nu \(role) in '\(caseload.name)' (\(changed) apparaat/apparaten).\n",
                            en: "Colleague \(member) is now \(role) in '\(caseload.name)' (\(changed) device(s)).\n"))
        }
    }

    struct Remove: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a co-counsellor (or one of their devices) from a caseload: refused by the relay, unable to read anything written afterwards.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The colleague's id, or one of their device ids, from 'vp caseload members'.") var member: String
        @Option(help: "The caseload's name.") var from: String
        @OptionGroup var relay: RelayOptions

        func execute(in context: CommandContext) async throws {
            let from = try context.text(from)
            let opened = try context.vault(vault)
            let caseload = try Caseload.named(from, in: opened)
            let removed = try await context.register(vault).removeColleague(member, from: caseload, relay: try context.relay(opened, relay),
                                                                             now: context.wallClock)
            try context.rememberRelay(relay, in: opened)
            context.answer(options, EditAnswer(changed: .member, id: member),
                         text: Labels(language: options.language(context)).text(
                            nl: "Collega \(member) verwijderd uit '\(caseload.name)' (\(removed) apparaat/apparaten); nieuwe sleutels zijn verspreid.\n",
                            en: "Colleague \(member) removed from '\(caseload.name)' (\(removed) device(s)); new keys were distributed.\n"))
        }
    }
}

/// How a counsellor is named in lists: the display name they gave (if any) and the first 8
/// hex digits of their id, and "you" for the reader's own.
enum CounsellorName {
    static func short(_ counsellor: CounsellorID, own: CounsellorID?, labels: Labels, names: [String: String] = [:]) -> String {
        let id = counsellor.short
        let named = names[counsellor.description].map { "\($0) [\(id)]" } ?? id
        return named + (counsellor == own ? labels.text(" (jij)", " (you)") : "")
    }
}

extension MembershipEntry.Role {
    /// `admin`, `member` or `reader`, in any case; anything else is refused with the list.
    static func parse(_ text: String) throws -> Self {
        switch text.lowercased() {
        case "admin": .admin
        case "member": .member
        case "reader": .reader
        default: throw CaseworkError.unknownCode(field: "role", given: text, valid: ["admin", "member", "reader"])
        }
    }
}
