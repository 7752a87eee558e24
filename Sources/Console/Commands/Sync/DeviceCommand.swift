import ArgumentParser
import Foundation
import Identifiers
import Signatures
import Sync
import Vault
import WireFormat

struct DeviceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device", abstract: "Your devices: link a new one, list them, revoke a lost one.",
        subcommands: [Link.self, List.self, Revoke.self])

    struct Link: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a one-time code for a new device and wait (up to 10 minutes) until it joins.",
            discussion: "On the new device run: vp init --join CODE --relay URL")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @OptionGroup var relay: RelayOptions

        func execute(in context: CommandContext) async throws {
            let opened = try context.vault(vault)
            let client = try context.relay(opened, relay)
            let code = LinkCode.generate()
            let register = try context.register(vault)
            let linked = try await DeviceLinking.offer(code: code, vault: opened, relay: client, now: context.wallClock, ready: {
                context.showCode(code, otherSide: "Run on the new device: vp init --join", relay: client, options)
            }, handOver: {
                // The case keys go to the new device before it is answered: its first sync reads every case.
                _ = try await register.sync(relay: client, now: context.wallClock)
            })
            try context.rememberRelay(relay, in: opened)
            if !context.wantsJSON(options) {
                context.output.line("Apparaat gekoppeld / device linked: \(linked.device)")
                context.output.line("Controlecode / comparison code: \(linked.comparison) (het nieuwe apparaat toont dezelfde / the new device shows the same)")
            }
            let confirmed = context.confirmsComparison(linked.comparison)
            if !confirmed {
                // Someone else answered with the code: revoke that device at once.
                _ = try await DeviceRevocation.revoke(linked.device, vault: opened, relay: client, now: context.wallClock)
            }
            context.emit(options, json: .object([("device", .string(linked.device.description)), ("comparison", .string(linked.comparison)), ("linked", .bool(confirmed))]),
                         text: confirmed ? "" : "Koppeling teruggedraaid: dat apparaat is ingetrokken / link undone: that device was revoked.\n")
        }
    }

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "List the devices of your caseload.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions

        func execute(in context: CommandContext) async throws {
            let opened = try context.vault(vault)
            let home = try Caseload.home(of: opened)
            let membership = try home.membership(in: opened)
            let me = try opened.identity().signing.publicKey
            let labels = Labels(language: options.language(context))
            var rows: [(id: String, role: String, state: String)] = try membership.members.values.map { member in
                // A device that never sent anything may be a join killed half-way: a key nobody holds.
                let heard = try opened.syncRead { try $0.lastSequence(home.id, author: member.device.bytes) } > 0
                return (DeviceIdentity.deviceID(of: member.device).description, String(describing: member.role),
                        member.device == me ? "this" : heard ? "active" : "unconfirmed")
            }
            rows += membership.removed.keys.map { (DeviceIdentity.deviceID(of: $0).description, "-", "removed") }
            rows.sort { $0.id < $1.id }
            var table = Table([labels.text("APPARAAT", "DEVICE"), labels.text("ROL", "ROLE"), "STATUS"])
            for row in rows {
                let state = switch row.state {
                case "this": labels.text("dit apparaat", "this device")
                case "removed": labels.text("ingetrokken", "revoked")
                case "unconfirmed": labels.text("onbevestigd", "unconfirmed")
                default: labels.text("actief", "active")
                }
                table.rows.append([row.id, row.role, state])
            }
            var text = table.rendered()
            if rows.contains(where: { $0.state == "unconfirmed" }) {
                text += labels.text(
                    nl: "Een onbevestigd apparaat heeft na het koppelen nog niets gestuurd (na 'vp sync' hier). Is het koppelen afgebroken of ken je het niet, trek het dan in met 'vp device revoke ID'.\n",
                    en: "An unconfirmed device has sent nothing since it was linked (as of the last 'vp sync' here). If its linking was cut short or you do not know it, revoke it with 'vp device revoke ID'.\n")
            }
            context.emit(options, json: .array(rows.map { row in
                .object([("device", .string(row.id)), ("role", .string(row.role)), ("status", .string(row.state))])
            }), text: text)
        }
    }

    struct Revoke: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a lost device: the relay refuses it and new keys keep it from reading anything written afterwards.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The device id (or its first digits) from 'vp device list'.") var id: String
        @OptionGroup var relay: RelayOptions

        func execute(in context: CommandContext) async throws {
            let opened = try context.vault(vault)
            let revoked = try await context.register(vault).revokeDevice(id, relay: try context.relay(opened, relay), now: context.wallClock)
            try context.rememberRelay(relay, in: opened)
            context.answer(options, EditAnswer(changed: .device, id: revoked),
                         text: Labels(language: options.language(context)).text(
                            nl: "Apparaat \(revoked) ingetrokken; nieuwe sleutels zijn verspreid.\n",
                            en: "Device \(revoked) revoked; new keys were distributed.\n"))
        }
    }
}
