import Foundation
import Testing
import Vault
@testable import Console

/// Issue 15, fault 1, with real processes: `vp init` killed at a random moment leaves either
/// no vault (a new `vp init` works) or a whole one (commands open it). Before, about one kill
/// in twelve left a vault no command could open and no `vp init` could replace.
@Suite struct InitKillTests {
    static let attempts = 50
    /// The kill moments come from this seed; VP_KILL_SEED replays a failing run (the seed is
    /// in every failure message).
    static let seed = ProcessInfo.processInfo.environment["VP_KILL_SEED"].flatMap { UInt64($0) }
        ?? UInt64.random(in: 0...UInt64(UInt32.max))

    /// A moment in `0..<limit` microseconds for `attempt`, spread evenly over the seed's run.
    static func moment(_ attempt: Int, below limit: UInt64) -> useconds_t {
        var value = (seed &+ UInt64(attempt)) &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 29
        return useconds_t(value % limit)
    }

    @Test func aKilledInitLeavesNoVaultOrAWholeOne() throws {
        var whole = 0, none = 0
        for attempt in 0..<Self.attempts {
            let home = TestHome(createVault: false)
            let (process, _, _) = try VPProcess.start(["init", "--kdf", "interactive"], environment: home.environment)
            usleep(Self.moment(attempt, below: 160_000))  // 0 to 160 ms, spread over the steps
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let listed = try VPProcess.run(["case", "list", "--json"], environment: home.environment)
            let replay = "attempt \(attempt); replay with VP_KILL_SEED=\(Self.seed)"
            if listed.status == 0 {
                whole += 1
                #expect(try VPProcess.run(["sync", "--relay", "http://127.0.0.1:9"], environment: home.environment).errors.contains("Cannot reach"), "\(replay)")
            } else {
                #expect(listed.status == Console.ExitStatus.notFound.rawValue, "\(replay): \(listed.errors)")
                #expect(try VPProcess.run(["init", "--kdf", "interactive"], environment: home.environment).status == 0, "\(replay)")
                none += 1
            }
        }
        #expect(whole + none == Self.attempts)
    }

    /// Issue 15, fault 2: `vp init --join` killed at a random moment (the other device's
    /// `vp device link` waiting, adding the key, answering). Each folder is then usable by a
    /// plain retry (or already whole), and every device key the other side added for a join
    /// that never finished is listed there as unconfirmed, never as an active device.
    @Test func aKilledJoinLeavesAFolderARetryCompletesAndNoGhostUnmarked() throws {
        // Every killed join leaves the link code it was given open until it expires.
        let relay = try RelayProcess(options: ["--link-codes-per-device", "200"])
        let laptop = TestHome()
        #expect(try VPProcess.run(["sync", "--relay", relay.url.absoluteString], environment: laptop.environment).status == 0)
        var finished: Set<String> = []
        var retried = 0
        for attempt in 0..<Self.attempts {
            let replay = "attempt \(attempt); replay with VP_KILL_SEED=\(Self.seed)"
            let desktop = TestHome(createVault: false)
            let (offer, code) = try linkOffer(on: laptop)
            let (join, _, _) = try VPProcess.start(
                ["init", "--kdf", "interactive", "--join", code, "--relay", relay.url.absoluteString], environment: desktop.environment)
            usleep(Self.moment(attempt, below: 450_000))  // a join takes about 350 ms here
            kill(join.processIdentifier, SIGKILL)
            join.waitUntilExit()
            stop(offer)
            let state = try VPProcess.run(["case", "list"], environment: desktop.environment)
            if state.status != 0 {
                #expect([Console.ExitStatus.notFound, .notAVault].map(\.rawValue).contains(state.status), "\(replay): \(state.errors)")
                // Not whole: a plain retry with a new code must complete it.
                let (again, code) = try linkOffer(on: laptop)
                let retry = try VPProcess.run(
                    ["init", "--kdf", "interactive", "--join", code, "--relay", relay.url.absoluteString], environment: desktop.environment)
                #expect(retry.status == 0, "\(replay): \(retry.errors)")
                again.waitUntilExit()
                retried += 1
            }
            // A whole vault whose first sync was cut short is finished by a plain sync.
            #expect(try VPProcess.run(["sync"], environment: desktop.environment).status == 0, "\(replay)")
            let devices = try VPProcess.run(["device", "list", "--json"], environment: desktop.environment)
            #expect(devices.status == 0, "\(replay): \(devices.errors)")
            if let this = try rows(devices.output).first(where: { $0["status"] == "this" })?["device"] { finished.insert(this) }
        }
        #expect(finished.count == Self.attempts)
        #expect(retried > 0, "no kill landed during a join; replay with VP_KILL_SEED=\(Self.seed)")

        #expect(try VPProcess.run(["sync"], environment: laptop.environment).status == 0)
        let listed = try rows(VPProcess.run(["device", "list", "--json"], environment: laptop.environment).output)
        for row in listed where row["status"] != "this" {
            let device = row["device"] ?? ""
            #expect(row["status"] == (finished.contains(device) ? "active" : "unconfirmed"), "\(device); replay with VP_KILL_SEED=\(Self.seed)")
        }
        #expect(Set(listed.compactMap { $0["device"] }).isSuperset(of: finished))
        // A ghost can be revoked like any lost device.
        if let ghost = listed.first(where: { $0["status"] == "unconfirmed" })?["device"] {
            let revoked = try VPProcess.run(["device", "revoke", ghost], environment: laptop.environment)
            #expect(revoked.status == 0, "\(revoked.errors)")
        }
    }

    /// Starts `vp device link` on `home` and returns it with the code it shows.
    private func linkOffer(on home: TestHome) throws -> (Process, String) {
        let (offer, output, errors) = try VPProcess.start(["device", "link"], environment: home.environment)
        var shown = Data()
        while !shown.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                offer.waitUntilExit()
                let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw TestFailure(message: "vp device link showed no code (\(offer.terminationStatus)): \(said)")
            }
            shown += chunk
        }
        return (offer, String(decoding: shown, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "")
    }

    /// Stops a `vp device link` whose joiner died, as its user would with Ctrl-C (it may be
    /// anywhere: waiting, adding the key, answering).
    private func stop(_ offer: Process) {
        if offer.isRunning { kill(offer.processIdentifier, SIGINT) }
        offer.waitUntilExit()
    }

    private func rows(_ json: String) throws -> [[String: String]] {
        (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]]) ?? []
    }

    /// Issue 15, fault 2 (in part): a `vp init --join` killed while it waited for the other
    /// device left a vault that refused a new `vp init` (73). Now that vault is replaced; a
    /// finished one is still refused.
    @Test func aJoinKilledBeforeItFinishedDoesNotBlockTheFolder() async throws {
        let home = TestHome(createVault: false)
        _ = try Vault.create(in: home.folder, passphrase: Array(TestHome.passphrase.utf8), kdf: .interactive,
                             setUp: { try $0.markSetupUnfinished() })  // as the join left it
        #expect(try VPProcess.run(["init", "--kdf", "interactive"], environment: home.environment).status == 0)
        #expect(try VPProcess.run(["sync", "--relay", "http://127.0.0.1:9"], environment: home.environment).errors.contains("Cannot reach"))
        #expect(try VPProcess.run(["init", "--kdf", "interactive"], environment: home.environment).status == Console.ExitStatus.alreadyExists.rawValue)
    }
}
