import Foundation
import Testing
@testable import Console

/// Issue 12, item 13: `repl`, `device link` and the other exchanges refused `--json`
/// although the README promised it for every command.
@Suite struct ExchangeJSONTests {
    /// JSON documents printed one after another (the exchanges print one when the code is
    /// ready and one at the end).
    static func documents(_ text: String) throws -> [[String: Any]] {
        var found: [[String: Any]] = []
        for part in text.components(separatedBy: "}\n") where !part.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append(try #require(try JSONSerialization.jsonObject(with: Data((part + "}").utf8)) as? [String: Any], "\(part)"))
        }
        return found
    }

    /// Runs `hostArguments` on `host` and, with the code from its first JSON document, the
    /// guest's command; returns the host's documents and the guest's one.
    static func exchange(host: TestHome, _ hostArguments: [String], guest: TestHome, _ guestArguments: (String) -> [String]) throws
        -> (host: [[String: Any]], guest: [String: Any]) {
        let (offer, output, _) = try VPProcess.start(hostArguments + ["--json"], environment: host.environment)
        var first = ""
        while !first.contains("}\n") { first += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) }
        let code = try #require(try documents(first).first?["code"] as? String)
        let joined = try VPProcess.run(guestArguments(code) + ["--json"], environment: guest.environment)
        #expect(joined.status == 0, "\(joined.errors)")
        offer.waitUntilExit()
        #expect(offer.terminationStatus == 0)
        return (try documents(first + String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)),
                try #require(try documents(joined.output).first))
    }

    @Test func linkingADeviceAndInvitingAColleagueAnswerInJSONOnBothSides() throws {
        let relay = try RelayProcess()
        let url = relay.url.absoluteString
        let laptop = TestHome()
        let desktop = TestHome(createVault: false)
        let colleague = TestHome()
        for home in [laptop, colleague] { #expect(try VPProcess.run(["sync", "--relay", url], environment: home.environment).status == 0) }
        let linked = try Self.exchange(host: laptop, ["device", "link"], guest: desktop) { ["init", "--kdf", "interactive", "--join", $0, "--relay", url] }
        #expect(Set(linked.host[0].keys) == ["code", "relay"] && linked.host.count == 2 && linked.host[1]["linked"] as? Bool == true, "\(linked.host)")
        #expect(linked.guest["comparison"] as? String == linked.host[1]["comparison"] as? String && linked.guest["comparison"] is String, "\(linked.guest)")
        #expect(linked.guest["vault"] as? String == desktop.folder.path)
        // The keys are those the README lists.
        let documented = try ReadmeJSONKeysTests.documented()
        #expect(Set(linked.guest.keys) == documented["init --join"] && Set(linked.host[0].keys) == documented["device link"])
        #expect(Set(linked.host[1].keys) == ["device", "comparison", "linked"])

        #expect(try VPProcess.run(["caseload", "create", "Team"], environment: laptop.environment).status == 0)
        let invited = try Self.exchange(host: laptop, ["caseload", "invite", "Team", "--role", "member"], guest: colleague) { ["caseload", "join", $0] }
        #expect(invited.host.count == 2 && invited.host[1]["added"] as? Bool == true && invited.host[1]["role"] as? String == "member", "\(invited.host)")
        #expect(invited.guest["caseload"] as? String == "Team" && invited.guest["comparison"] as? String == invited.host[1]["comparison"] as? String,
                "\(invited.guest)")
        #expect(Set(invited.guest.keys) == documented["caseload join"] && Set(invited.host[0].keys) == documented["caseload invite"])
        #expect(Set(invited.host[1].keys) == ["counsellor", "device", "role", "comparison", "added"])
    }

    @Test func thePromptAnswersInJSONAndTheChosenLanguage() throws {
        let home = TestHome()
        let script = "org add Acme\ncase open --org Acme --category bullying\ncase show 2026-001\n"
        let result = try VPProcess.run(["repl", "--json"], environment: home.environment, input: script)
        #expect(result.status == 0, "\(result.errors)")
        let answers = try Self.documents(result.output)
        #expect(answers.count == 3 && answers[1]["ref"] as? String == "2026-001" && answers[2]["categories"] as? [String] == ["bullying"], "\(answers)")
        let english = try VPProcess.run(["repl", "--lang", "en"], environment: home.environment, input: "case show 2026-001\n")
        #expect(english.output.contains("bullying") && !english.output.contains("pesten"), "\(english.output)")
    }
}
