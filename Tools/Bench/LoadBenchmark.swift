import Cryptography
import Foundation
import Identifiers
import Signatures
import Sync
import WireFormat

// Issue 3 target: the relay holding 50 concurrent clients pushing and pulling for 30 s with
// no lost or duplicated envelope. 5 caseloads of 10 devices; each client alternates a push
// of one 1 KiB envelope and a pull from its cursor.

let loadClients = 50
let loadCaseloads = 5
let loadSeconds = 30.0

/// One client's view, merged under a lock at the end.
final class LoadTally: @unchecked Sendable {
    // @unchecked Sendable: every access goes through the lock.
    private let lock = NSLock()
    private(set) var latencies: [Double] = []
    private(set) var accepted: [Int: Int] = [:]
    private(set) var seen: [Int: [[UInt64]]] = [:]
    private(set) var failures: [String] = []

    func add(caseload: Int, latencies more: [Double], accepted pushes: Int, seen sequences: [UInt64], failure: String?) {
        lock.lock()
        defer { lock.unlock() }
        latencies += more
        accepted[caseload, default: 0] += pushes
        seen[caseload, default: []].append(sequences)
        if let failure { failures.append(failure) }
    }
}

func loadBenchmark(folder: URL) async throws {
    try? FileManager.default.removeItem(at: folder)
    let relay = try RelayServer(data: folder.appendingPathComponent("relay"))
    defer { relay.stop() }
    let now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }
    let devices = (0..<loadClients).map { _ in SigningKeyPair.generate() }
    let caseloads = (0..<loadCaseloads).map { _ in CaseloadID(bytes: SecureRandom.bytes(16)) }

    // Membership: the first device of each group is admin and adds the other nine.
    var heads: [MembershipEntry] = []
    for (index, caseload) in caseloads.enumerated() {
        let members = Array(devices[(index * 10)..<(index * 10 + 10)])
        let admin = HTTPRelay(baseURL: relay.url, keys: members[0], now: now)
        var previous: MembershipEntry?
        for member in members {
            let entry = MembershipEntry(caseload: caseload, after: previous, author: members[0], milliseconds: now(),
                                        action: .add(device: member.publicKey, role: member === members[0] ? .admin : .member, by: member))
            try await admin.appendMembership(entry.bytes, to: caseload)
            previous = entry
        }
        heads.append(previous!)
    }
    let finalHeads = heads

    let relayURL: URL = relay.url
    let tally = LoadTally()
    let deadline = Date().addingTimeInterval(loadSeconds)
    await withTaskGroup(of: Void.self) { group in
    for (index, keys) in devices.enumerated() {
        group.addTask {
            let caseload = caseloads[index / 10]
            let client = HTTPRelay(baseURL: relayURL, keys: keys, now: now)
            var latencies: [Double] = []
            var sequences: [UInt64] = []
            var cursor: UInt64 = 0
            var pushed = 0
            var sequence: UInt64 = 1
            func pull() async throws -> Bool {
                let started = Date()
                let page = try await client.pull(caseload, after: cursor)
                latencies.append(Date().timeIntervalSince(started))
                sequences += page.envelopes.map(\.sequence)
                cursor = page.next
                return page.more
            }
            do {
                while Date() < deadline {
                    let envelope = loadEnvelope(caseload: caseload, keys: keys, sequence: sequence, head: finalHeads[index / 10])
                    let started = Date()
                    let results = try await client.push([envelope.bytes], to: caseload)
                    latencies.append(Date().timeIntervalSince(started))
                    pushed += results.filter { !$0.duplicate }.count
                    sequence += 1
                    _ = try await pull()
                }
                while try await pull() {}
                _ = try await pull()  // once more: others may still have been pushing
                tally.add(caseload: index / 10, latencies: latencies, accepted: pushed, seen: sequences, failure: nil)
            } catch {
                tally.add(caseload: index / 10, latencies: latencies, accepted: pushed, seen: sequences, failure: "\(error)")
            }
        }
    }
    }

    // Every client of a caseload must end up with every accepted envelope exactly once.
    var problems = tally.failures
    for caseload in 0..<loadCaseloads {
        let expected = tally.accepted[caseload] ?? 0
        let reader = HTTPRelay(baseURL: relay.url, keys: devices[caseload * 10], now: now)
        var cursor: UInt64 = 0
        var stored: [UInt64] = []
        while true {
            let page = try await reader.pull(caseloads[caseload], after: cursor)
            stored += page.envelopes.map(\.sequence)
            cursor = page.next
            if !page.more { break }
        }
        if stored.count != expected || Set(stored).count != stored.count { problems.append("caseload \(caseload): stored \(stored.count), accepted \(expected)") }
        for view in tally.seen[caseload] ?? [] where view.count != Set(view).count || Set(view) != Set(stored) {
            problems.append("caseload \(caseload): a client saw \(view.count) (\(Set(view).count) distinct) of \(stored.count)")
            break
        }
    }
    let sorted = tally.latencies.sorted()
    let requests = sorted.count
    print(String(format: "load: %d clients on %d caseloads for %.0f s: %d requests = %.0f requests/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                 loadClients, loadCaseloads, loadSeconds, requests, Double(requests) / loadSeconds,
                 sorted[requests / 2] * 1000, sorted[min(requests - 1, requests * 99 / 100)] * 1000, sorted[requests - 1] * 1000))
    print("load: \(tally.accepted.values.reduce(0, +)) envelopes accepted; lost or duplicated: \(problems.isEmpty ? "none" : problems.joined(separator: "; "))")
    print(String(format: "load: relay peak memory %.1f MB", relay.peakMemoryMB))
}

/// A signed envelope with 1 KiB of opaque content.
func loadEnvelope(caseload: CaseloadID, keys: SigningKeyPair, sequence: UInt64, head: MembershipEntry) -> Envelope {
    let nonce = SecureRandom.bytes(Envelope.nonceLength)
    let ciphertext = SecureRandom.bytes(1024)
    let commitment = EnvelopeCommitment(membershipLength: head.sequence + 1, membershipHead: head.hash, marks: [])
    let header = Envelope.header(caseload: caseload, epoch: 0, keyScope: 0, author: keys.publicKey, sequence: sequence, commitment: commitment, nonce: nonce)
    return Envelope(caseload: caseload, epoch: 0, author: keys.publicKey, sequence: sequence, commitment: commitment, nonce: nonce, ciphertext: ciphertext,
                    signature: keys.sign(Envelope.signedPart(header: header, ciphertext: ciphertext)))
}
