import Casework
import Foundation
import Sync
import Vault

extension CommandContext {
    /// The relay for the open vault, signing as this device.
    func relay(_ vault: Vault, _ options: RelayOptions) throws -> any RelayTransport {
        let transport = try relay(vault, url: options.url, insecure: options.insecure)
        return options.enrolment.map(transport.enrolling(with:)) ?? transport
    }

    /// Remembers the relay given on the command line, with --insecure if given: called once
    /// the relay has answered.
    func rememberRelay(_ options: RelayOptions, in vault: Vault) throws {
        guard let url = options.url else { return }
        try Caseload.remember(relay: url, insecure: options.insecure, in: vault)
    }

    /// The given relay, else the remembered one.
    func relay(_ vault: Vault, url: String? = nil, insecure: Bool = false) throws -> any RelayTransport {
        connect(try Caseload.relayURL(url, insecure: insecure, vault: vault), try vault.identity().signing)
    }

    /// Shows a one-time code on stdout (alone on its line, for scripts) and, on stderr, the
    /// command the other side runs with it.
    /// The code to pass on: alone on the first line of standard output, or with `--json` as
    /// the first JSON document (`code relay`); how to use it goes to standard error.
    func showCode(_ code: LinkCode, otherSide command: String, relay: any RelayTransport, _ options: OutputOptions) {
        if wantsJSON(options) {
            output.write(JSONValue.object([("code", .string(code.text)), ("relay", .string(relay.address))]).rendered())
        } else {
            output.line(code.text)
        }
        errors.line("\(command) \(code.text) --relay \(relay.address)")
    }

    /// On a terminal, asks whether the other side shows the same comparison code; false
    /// means the exchange must be undone. Without a terminal (scripts) nobody can compare
    /// now, so the code is only shown. Ctrl-C is a no: the exchange is undone.
    func confirmsComparison(_ code: String) -> Bool {
        guard let terminal else { return true }
        let answer = (try? terminal.readLine(prompt: "Toont de andere kant dezelfde controlecode \(code)? / Does the other side show the same code? [j/y/N] ")) ?? nil
        return ["j", "ja", "y", "yes"].contains(answer?.lowercased() ?? "")
    }

    /// A one-line progress bar on the terminal (stderr), only when stderr is a terminal.
    func progressBar(enabled: Bool) -> (SyncProgress) -> Void {
        guard enabled, isatty(STDERR_FILENO) == 1 else { return { _ in } }
        let stream = errors
        return { progress in
            let megabytes = Double(progress.bytes) / 1_048_576
            let rate = progress.seconds > 0 ? megabytes / progress.seconds : 0
            let count = progress.total.map { "\(progress.envelopes)/\($0)" } ?? "\(progress.envelopes)"
            let width = 20
            let filled = progress.total.map { $0 == 0 ? width : width * progress.envelopes / $0 } ?? (progress.envelopes % (width + 1))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: max(0, width - filled))
            stream.writeControl(String(format: "\r%@ [%@] %@ envelopes, %.1f MB, %.1f MB/s\u{1B}[K",
                                progress.phase == .pushing ? "up  " : "down", bar, count, megabytes, rate))
        }
    }
}
