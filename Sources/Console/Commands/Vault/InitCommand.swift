import ArgumentParser
import Casework
import Register
import Sync
import Vault

struct InitCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new encrypted vault in $VP_HOME (default ~/.local/share/vertrouwd).")

    enum Strength: String, ExpressibleByArgument, CaseIterable {
        case interactive, moderate
        var kdf: PassphraseCost { self == .interactive ? .interactive : .moderate }
    }

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Option(help: "Argon2id cost: moderate (default, ~1 s, 256 MiB) or interactive (~0.1 s, 64 MiB).")
    var kdf: Strength = .moderate
    @Option(help: "Join your existing devices with the code from 'vp device link'.") var join: String?
    @OptionGroup var relay: RelayOptions
    @Option(help: "Your name as co-counsellors in shared caseloads will see it.") var name: String?

    func validate() throws {
        if join != nil && relay.url == nil { throw ValidationError("--join needs --relay URL: the relay your other device uses.") }
    }

    func execute(in context: CommandContext) async throws {
        let name = try context.text(name).map { try PlainName.checked($0, field: "display name") }
        let path = Vault.databasePath(in: context.home)
        if FileManager.default.fileExists(atPath: path) {
            // A join that was killed before it finished left a vault holding nothing: replace it.
            guard (try? LockedVault(at: context.home))?.isSetupUnfinished == true else { throw VaultError.alreadyExists(path: path) }
            Vault.remove(in: context.home)
        }
        let code = try join.map { try LinkCode(text: $0) }
        let relayURL = try relay.url.map { try RelayAddress.parse($0, insecure: relay.insecure) }
        if kdf == .interactive {
            context.errors.line("Let op: --kdf interactive maakt elke gok op de wachtwoordzin ongeveer vier keer goedkoper; alleen voor een trage computer. / Note: --kdf interactive makes each guess at the passphrase about four times cheaper; use it only on a slow computer.")
        }
        let passphrase = try context.passphraseSource(vault).readNew(
            prompt: "Nieuwe wachtwoordzin / new passphrase: ", confirm: "Nog een keer / again: ", fileOption: "--passphrase-file")
        let wallClock = context.wallClock
        let standalone = code == nil
        // A vault of its own gets its identity before it appears; a joining one gets it from the other device.
        let created = try Vault.create(in: context.home, passphrase: passphrase, kdf: kdf.kdf, indexing: CaseIndex(), wallClock: wallClock, setUp: { draft in
            guard standalone else { return try draft.markSetupUnfinished() }
            try Caseload.createHome(in: draft, milliseconds: wallClock())
            if let name, !name.trimmingCharacters(in: .whitespaces).isEmpty { try draft.setSealedSetting(Caseload.nameSetting, Array(name.utf8)) }
        })
        guard let code, let relayURL else {
            context.openVault = created
            context.emit(options, json: .object([("vault", .string(context.home.path))]),
                         text: Labels(language: options.language(context)).text(
                            nl: "Kluis aangemaakt: \(context.home.path)\n", en: "Vault created: \(context.home.path)\n"))
            return
        }
        do {
            try await DeviceLinking.join(code: code, vault: created, relay: context.connect(relayURL, nil))
            try Caseload.remember(relay: relayURL.absoluteString, insecure: relay.insecure, in: created)
            try created.markSetupFinished()
        } catch {
            // Nothing half-made stays behind: the user can simply try again.
            Vault.remove(in: context.home)
            throw error
        }
        // Whole from here: the first sync (which also confirms this device to the other one)
        // is repeated by 'vp sync' if it does not finish.
        context.openVault = created
        let client = context.connect(relayURL, try created.identity().signing)
        let report = try await CaseRegister(vault: created).sync(relay: client, now: context.wallClock)
        let comparison = try CaseloadInvitation.comparisonCode(of: try Caseload.home(of: created), vault: created)
        context.emit(options, json: .object([("vault", .string(context.home.path)), ("applied_operations", .integer(Int64(report.appliedOperations))),
                                             ("comparison", .optional(comparison))]),
                     text: "Gekoppeld en gesynchroniseerd / linked and synced: \(report.appliedOperations) wijzigingen / changes.\n"
                        + (comparison.map { "Controlecode / comparison code: \($0) (vergelijk met het andere apparaat / compare with the other device)\n" } ?? ""))
    }
}

import Foundation
