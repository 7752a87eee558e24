import Casework
import ArgumentParser
import Foundation
import Register
import Sync
import Vault

struct SyncCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Send this device's changes to the relay and apply those of your other devices.",
        discussion: "Safe to interrupt: the next sync resumes where this one stopped. Work offline as usual; sync when online.")

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @OptionGroup var relay: RelayOptions

    @Flag(help: "Keep syncing until Ctrl-C: at once when the relay has news or this device wrote something (a line per sync that moved anything).")
    var watch = false

    func execute(in context: CommandContext) async throws {
        let opened = try context.vault(vault)
        let client = try context.relay(opened, relay)
        let bar = context.progressBar(enabled: !context.wantsJSON(options) && !watch)
        let register = try context.register(vault)
        let report = try await register.sync(relay: client, now: context.wallClock, progress: bar)
        try context.rememberRelay(relay, in: opened)
        if !context.wantsJSON(options), isatty(STDERR_FILENO) == 1, !watch { context.errors.writeControl("\r\u{1B}[K") }
        show(report, in: context)
        while watch {
            try Task.checkCancellation()
            try await watchOnce(register, vault: opened, relay: client, in: context)
        }
    }

    /// Waits for news or local work, then syncs. An unreachable relay is said once per
    /// failure and tried again, since a watching device should outlast a network hiccup.
    private func watchOnce(_ register: CaseRegister, vault: Vault, relay: any RelayTransport, in context: CommandContext) async throws {
        do {
            let reason = try await SyncWatch.next(vault: vault, relay: relay)
            guard reason != .quiet else { return }
            let report = try await register.sync(relay: relay, now: context.wallClock)
            if report.pushedEnvelopes > 0 || report.pulledEnvelopes > report.ownEnvelopes || !report.rejected.isEmpty { show(report, in: context) }
            // Work that cannot leave yet (a caseload in doubt) must not make this spin.
            if reason == .localWork, try vault.syncRead({ try $0.hasUnsentWork() }) { try await Task.sleep(for: .seconds(2)) }
        } catch let error as SyncError {
            guard case .unreachable = error else { throw error }
            context.errors.line(error.localizedDescription)
            try await Task.sleep(for: .seconds(5))
        }
    }

    private func show(_ report: SyncReport, in context: CommandContext) {
        let labels = Labels(language: options.language(context))
        for (reason, count) in report.rejected.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            context.errors.line(labels.text(
                nl: "Let op: \(count) envelop(pen) geweigerd (\(reason.rawValue)); ze zijn niet toegepast.",
                en: "Warning: \(count) envelope(s) rejected (\(reason.rawValue)); they were not applied."))
        }
        for name in report.removedFrom {
            context.errors.line(labels.text(
                nl: "Let op: je bent verwijderd uit caseload '\(name)'; die wordt niet meer gesynchroniseerd.",
                en: "Note: you were removed from caseload '\(name)'; it is no longer synced."))
        }
        for name in report.membershipInDoubt {
            context.errors.line(labels.text(
                nl: "Let op: in caseload '\(name)' schreef een collega onder lidmaatschapswijzigingen die de relay dit apparaat niet toont; die envelop(pen) wachten en er wordt daar niets nieuws verstuurd tot de relay het hele logboek toont. Vergelijk 'vp caseload verify \(name)' met je collega's en meld het de beheerder van de relay.",
                en: "Warning: in caseload '\(name)' a colleague wrote under membership changes the relay does not show this device; their envelope(s) wait and nothing new is sent there until the relay shows the whole log. Compare 'vp caseload verify \(name)' with your colleagues and tell the relay operator."))
        }
        for ref in report.destroyedCases {
            context.errors.line(labels.text(
                nl: "Zaak \(DisplayText.line(ref)) is vernietigd (opdracht van een beheerder) en op dit apparaat gewist.",
                en: "Case \(DisplayText.line(ref)) was destroyed (ordered by an admin) and is erased on this device."))
        }
        for cases in report.handoversWaiting {
            context.errors.line(labels.text(
                nl: "Er wacht een overdracht van \(cases) zaak/zaken op je: aanvaard ze met 'vp handover accept'.",
                en: "A handover of \(cases) case(s) waits for you: accept it with 'vp handover accept'."))
        }
        for gap in report.gaps {
            context.errors.line(labels.text(
                nl: "Let op: van apparaat \(gap.author) ontbreken de nummers \(gap.from)–\(gap.to); de relay houdt ze mogelijk achter.",
                en: "Warning: device \(gap.author) is missing numbers \(gap.from)–\(gap.to); the relay may be withholding them."))
        }
        if report.heldOperations > 0, let until = report.heldUntil {
            let date = Date(timeIntervalSince1970: Double(until) / 1000).formatted(.iso8601)
            context.errors.line(labels.text(
                nl: "Let op: \(report.heldOperations) wijziging(en) van andere apparaten zijn gedateerd tot \(date), na de klok van deze computer; ze worden bewaard en toegepast zodra het zover is. Klopt deze klok, vraag dan de schrijver de zijne te controleren.",
                en: "Warning: \(report.heldOperations) change(s) from other devices are dated up to \(date), ahead of this computer's clock; they are kept and applied once that time comes. If this clock is right, ask their writer to check theirs."))
        }
        if report.skippedKeyDrops > 0 {
            context.errors.line(labels.text(
                nl: "Let op: \(report.skippedKeyDrops) levering(en) van dossiersleutels aan dit apparaat zijn nooit aangekomen; de relay kan ze hebben achtergehouden.",
                en: "Warning: \(report.skippedKeyDrops) delivery(ies) of case keys to this device never arrived; the relay may have withheld them."))
        }
        if report.caseKeysWaiting > 0 {
            context.errors.line(labels.text(
                nl: "Let op: \(report.caseKeysWaiting) dossiersleutel(s) wachten op een apparaat dat nog geen sleutels voor dit apparaat heeft gepubliceerd; ze gaan mee zodra het heeft gesynchroniseerd.",
                en: "Note: \(report.caseKeysWaiting) case key(s) wait for a device that has not published keys for this one yet; they go once it has synced."))
        }
        if !report.caseContentWaiting.isEmpty {
            let names = report.caseContentWaiting.joined(separator: ", ")
            context.errors.line(labels.text(
                nl: "Let op: wijzigingen in zaken met een eigen sleutel in \(names) wachten: een apparaat daar heeft een oudere vp die ze niet kan lezen; ze gaan zodra het is bijgewerkt of uit de caseload verwijderd.",
                en: "Note: changes to cases with a key of their own in \(names) wait: a device there runs an older vp that cannot read them; they go once it is updated or removed from the caseload."))
        }
        if report.destroyEntriesWaiting > 0 {
            context.errors.line(labels.text(
                nl: "Let op: de relay is nog niet opgedragen de enveloppen van \(report.destroyEntriesWaiting) vernietigde zaak/zaken te wissen (een apparaat met een oudere vp, of een wijziging die nog moet vertrekken); een volgende sync probeert het opnieuw.",
                en: "Note: the relay has not yet been told to delete the envelopes of \(report.destroyEntriesWaiting) destroyed case(s) (a device with an older vp, or a change still to leave); the next sync tries again."))
        }
        context.emit(options, json: Self.json(report), text: labels.text(
            nl: "Gesynchroniseerd: \(report.pushedEnvelopes) envelop(pen) verstuurd (\(report.pushedOperations) wijzigingen), \(report.pulledEnvelopes - report.ownEnvelopes) ontvangen (\(report.appliedOperations) wijzigingen toegepast).\n",
            en: "Synced: \(report.pushedEnvelopes) envelope(s) sent (\(report.pushedOperations) changes), \(report.pulledEnvelopes - report.ownEnvelopes) received (\(report.appliedOperations) changes applied).\n"))
    }

    static func json(_ report: SyncReport) -> JSONValue {
        .object([
            ("pushed_envelopes", .integer(Int64(report.pushedEnvelopes))),
            ("pushed_operations", .integer(Int64(report.pushedOperations))),
            ("pulled_envelopes", .integer(Int64(report.pulledEnvelopes - report.ownEnvelopes))),
            ("applied_operations", .integer(Int64(report.appliedOperations))),
            ("rejected", .object(EnvelopeSeal.Rejection.allCases.map { ($0.rawValue, .integer(Int64(report.rejected[$0] ?? 0))) })),
            ("gaps", .array(report.gaps.map { .object([("device", .string($0.author.description)), ("from", .integer(Int64($0.from))), ("to", .integer(Int64($0.to)))]) })),
            ("membership_in_doubt", .array(report.membershipInDoubt.map { .string($0) })),
            ("held_operations", .integer(Int64(report.heldOperations))),
            ("held_until", report.heldUntil.map { .integer(Int64(clamping: $0)) } ?? .null),
            ("released_operations", .integer(Int64(report.releasedOperations))),
            ("destroyed_cases", .array(report.destroyedCases.map { .string($0) })),
            ("handovers_waiting", .integer(Int64(report.handoversWaiting.count))),
            ("received_case_keys", .integer(Int64(report.receivedCaseKeys))),
            ("case_keys_waiting", .integer(Int64(report.caseKeysWaiting))),
            ("skipped_key_drops", .integer(Int64(report.skippedKeyDrops))),
            ("destroy_entries_waiting", .integer(Int64(report.destroyEntriesWaiting))),
            ("case_content_waiting", .array(report.caseContentWaiting.map { .string($0) })),
            ("bytes_up", .integer(Int64(report.bytesUp))),
            ("bytes_down", .integer(Int64(report.bytesDown))),
            ("seconds", .number((report.seconds * 1000).rounded() / 1000)),
        ])
    }
}
