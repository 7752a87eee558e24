import Cryptography
import Foundation
import Identifiers
import Signatures
import Sync
import WireFormat

// The relay under many clients: each pushes one 1 KiB envelope, then pulls from its cursor,
// over and over. Afterwards every accepted envelope must be stored exactly once and every
// client must have seen exactly what is stored.
//   load:    50 clients, 5 caseloads, 30 s, one SQLite relay (the first wave's figure).
//   cluster: 200 clients, 20 caseloads, 60 s; two relay instances on one PostgreSQL database,
//            one killed (SIGKILL) at 30 s and restarted on its port; then the same on one
//            SQLite relay. Clients retry a request that found no relay (a push is idempotent).

struct LoadPlan {
    let clients: Int
    let caseloads: Int
    let seconds: Double
    /// Relay instances the clients are spread over.
    let instances: Int
    /// Kill instance 0 this many seconds in and start it again.
    let killAt: Double?
    let database: String?
    let name: String
}

/// One client's view, merged under a lock at the end.
final class LoadTally: @unchecked Sendable {
    // @unchecked Sendable: every access goes through the lock.
    private let lock = NSLock()
    private(set) var latencies: [Double] = []
    private(set) var accepted: [Int: Set<String>] = [:]
    private(set) var seen: [Int: [[UInt64]]] = [:]
    private(set) var failures: [String] = []
    private(set) var retries = 0

    func add(caseload: Int, latencies more: [Double], accepted ids: Set<String>, seen sequences: [UInt64], retries: Int, failure: String?) {
        lock.lock()
        defer { lock.unlock() }
        latencies += more
        accepted[caseload, default: []].formUnion(ids)
        seen[caseload, default: []].append(sequences)
        self.retries += retries
        if let failure { failures.append(failure) }
    }
}

func loadBenchmark(folder: URL, plan: LoadPlan) async throws {
    try? FileManager.default.removeItem(at: folder)
    var relays = try (0..<plan.instances).map { try RelayServer(data: folder.appendingPathComponent("relay\($0)"), database: plan.database) }
    defer { relays.forEach { $0.stop() } }
    let urls = relays.map(\.url!)
    let now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }
    let devices = (0..<plan.clients).map { _ in SigningKeyPair.generate() }
    let groupSize = plan.clients / plan.caseloads
    let caseloads = (0..<plan.caseloads).map { _ in CaseloadID(bytes: SecureRandom.bytes(16)) }

    // Membership: the first device of each group is admin and adds the others.
    var heads: [MembershipEntry] = []
    for (index, caseload) in caseloads.enumerated() {
        let members = Array(devices[(index * groupSize)..<(index * groupSize + groupSize)])
        let admin = HTTPRelay(baseURL: urls[0], keys: members[0], now: now)
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

    let tally = LoadTally()
    let started = Date()
    let deadline = started.addingTimeInterval(plan.seconds)
    try await withThrowingTaskGroup(of: Void.self) { group in
        for (index, keys) in devices.enumerated() {
            group.addTask {
                await loadClient(keys: keys, caseload: caseloads[index / groupSize], head: finalHeads[index / groupSize],
                                 relay: urls[index % urls.count], group: index / groupSize, until: deadline, tally: tally, now: now)
            }
        }
        if let killAt = plan.killAt {
            try await Task.sleep(for: .seconds(killAt))
            relays[0].kill()
            relays[0] = try RelayServer(data: folder.appendingPathComponent("relay0"), database: plan.database, port: urls[0].port!)
        }
        try await group.waitForAll()
    }

    // Every client of a caseload must end up with every accepted envelope exactly once.
    var problems = tally.failures
    var lost = 0
    var duplicated = 0
    for caseload in 0..<plan.caseloads {
        let reader = HTTPRelay(baseURL: urls[0], keys: devices[caseload * groupSize], now: now)
        var cursor: UInt64 = 0
        var stored: [(UInt64, String)] = []
        while true {
            let page = try await reader.pull(caseloads[caseload], after: cursor)
            stored += try page.envelopes.map { ($0.sequence, Hex.encode(try Envelope(bytes: $0.bytes).id)) }
            cursor = page.next
            if !page.more { break }
        }
        let ids = stored.map(\.1)
        lost += (tally.accepted[caseload] ?? []).subtracting(ids).count
        duplicated += ids.count - Set(ids).count
        if stored.map(\.0) != (0..<stored.count).map({ UInt64($0) + 1 }) {
            problems.append("caseload \(caseload): numbers with gaps")
        }
        let numbers = Set(stored.map(\.0))
        if (tally.seen[caseload] ?? []).contains(where: { $0.count != Set($0).count || Set($0) != numbers }) {
            problems.append("caseload \(caseload): a client did not converge")
        }
    }
    let sorted = tally.latencies.sorted()
    let requests = sorted.count
    let accepted = tally.accepted.values.reduce(0) { $0 + $1.count }
    print(String(format: "%@: %d clients on %d caseloads for %.0f s: %d requests = %.0f requests/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                 plan.name, plan.clients, plan.caseloads, plan.seconds, requests, Double(requests) / plan.seconds,
                 sorted[requests / 2] * 1000, sorted[min(requests - 1, requests * 99 / 100)] * 1000, sorted[requests - 1] * 1000))
    print("\(plan.name): \(accepted) envelopes accepted; lost \(lost), duplicated \(duplicated); \(tally.retries) requests retried after finding no relay; "
          + (problems.isEmpty ? "every client converged" : problems.joined(separator: "; ")))
    print(String(format: "%@: relay peak memory %@", plan.name, relays.map { String(format: "%.1f MB", $0.peakMemoryMB) }.joined(separator: ", ")))
}

/// One client until `deadline`, then to the end of the caseload. A request that finds no
/// relay (an instance being restarted) is repeated: a push is idempotent by envelope id.
private func loadClient(keys: SigningKeyPair, caseload: CaseloadID, head: MembershipEntry, relay: URL, group: Int,
                        until deadline: Date, tally: LoadTally, now: @escaping @Sendable () -> UInt64) async {
    let client = HTTPRelay(baseURL: relay, keys: keys, now: now)
    var latencies: [Double] = []
    var sequences: [UInt64] = []
    var accepted: Set<String> = []
    var cursor: UInt64 = 0
    var sequence: UInt64 = 1
    var retries = 0
    func retrying<T>(_ request: () async throws -> T) async throws -> T {
        while true {
            let started = Date()
            do {
                let answer = try await request()
                latencies.append(Date().timeIntervalSince(started))
                return answer
            } catch SyncError.unreachable {
                retries += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
    func pull() async throws -> Bool {
        let page = try await retrying { try await client.pull(caseload, after: cursor) }
        sequences += page.envelopes.map(\.sequence)
        cursor = page.next
        return page.more
    }
    do {
        while Date() < deadline {
            let envelope = loadEnvelope(caseload: caseload, keys: keys, sequence: sequence, head: head)
            let results = try await retrying { try await client.push([envelope.bytes], to: caseload) }
            accepted.formUnion(results.map(\.id))
            sequence += 1
            _ = try await pull()
        }
        while try await pull() {}
        try await Task.sleep(for: .seconds(1))  // others may still be pushing their last
        while try await pull() {}
        tally.add(caseload: group, latencies: latencies, accepted: accepted, seen: sequences, retries: retries, failure: nil)
    } catch {
        tally.add(caseload: group, latencies: latencies, accepted: accepted, seen: sequences, retries: retries, failure: "\(error)")
    }
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
