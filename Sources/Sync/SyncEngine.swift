import Cryptography
import Foundation
import Identifiers
import Replica
import Signatures
import Vault
import WireFormat

/// One sync with the relay: membership first, then push, then pull. Every step commits as
/// it goes, so a sync killed at any moment resumes where it stopped and repeats nothing:
/// envelopes are built once (outbox) and re-sent byte for byte; the pull cursor advances
/// in the same transaction that applies a page.
public struct SyncEngine {
    public static let operationsPerEnvelope = 2_000
    public static let envelopesPerPush = 64
    let vault: Vault
    /// Which caseload each operation travels in: the schema's, not Sync's, to decide.
    let routing: FieldRouting
    let relay: any RelayTransport
    let identity: DeviceIdentity
    let now: @Sendable () -> UInt64
    let progress: (SyncProgress) -> Void

    public init(
        vault: Vault, routing: FieldRouting, relay: any RelayTransport, now: @escaping @Sendable () -> UInt64,
        progress: @escaping (SyncProgress) -> Void = { _ in }
    ) throws {
        self.vault = vault
        self.routing = routing
        _ = try Caseload.home(of: vault)
        self.relay = relay
        identity = try vault.identity()
        self.now = now
        self.progress = progress
    }

    public func run() async throws -> SyncReport {
        let started = Date()
        var report = SyncReport()
        let caseloads = try Caseload.all(in: vault)
        var memberships: [CaseloadID: Membership] = [:]
        var keys: [CaseloadID: [UInt32: SymmetricKey]] = [:]
        for caseload in caseloads {
            do {
                memberships[caseload.id] = try await MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing).run()
            } catch SyncError.removed where !caseload.isHome {
                report.removedFrom.append(caseload.name)
                continue
            }
            keys[caseload.id] = try vault.syncRead { try $0.epochKeys(caseload.id) }
        }
        report.releasedOperations = try vault.syncTransaction { try $0.releaseHeld(notAfter: latestAcceptable) }
        report.pushedOperations = try fillOutbox(caseloads, memberships: memberships, keys: keys)
        for caseload in caseloads {
            guard let membership = memberships[caseload.id], let caseloadKeys = keys[caseload.id] else { continue }
            try await push(caseload, &report, started: started)
            try await pull(caseload, membership: membership, keys: caseloadKeys, into: &report, started: started)
        }
        (report.heldOperations, report.heldUntil) = try vault.syncRead { try $0.heldBack() }
        report.gaps = try vault.syncRead { try $0.gaps() }.compactMap { gap in
            SigningPublicKey(bytes: gap.author).map { SyncReport.Gap(author: DeviceIdentity.deviceID(of: $0), from: gap.first, to: gap.last) }
        }
        let traffic = relay.traffic
        report.bytesUp = traffic.sent
        report.bytesDown = traffic.received
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Operations dated later than this are held back until the clock catches up.
    var latestAcceptable: UInt64 { now() + EnvelopeCheck.allowedDriftMilliseconds }

    /// The caseload an operation travels in: its record's, or the home caseload.
    func target(of operation: FieldOperation, states: [RecordID: RecordState], caseloads: [Caseload]) -> CaseloadID {
        guard let hex = routing.partition(of: operation, record: states[operation.record]), let id = CaseloadID(hex: hex),
              caseloads.contains(where: { $0.id == id })
        else { return caseloads[0].id }
        return id
    }

    /// Seals every local operation not yet sent into envelopes of its caseload, in one
    /// transaction; returns how many operations it sealed.
    private func fillOutbox(_ caseloads: [Caseload], memberships: [CaseloadID: Membership], keys: [CaseloadID: [UInt32: SymmetricKey]]) throws -> Int {
        try vault.syncTransaction { ledger in
            let (operations, through) = try ledger.unsentOperations()
            guard !operations.isEmpty else { return 0 }
            let states = try ledger.records(Set(operations.map(\.record)))
            var groups: [CaseloadID: [FieldOperation]] = [:]
            for operation in operations { groups[target(of: operation, states: states, caseloads: caseloads), default: []].append(operation) }
            var sealed = 0
            for caseload in caseloads {
                guard let group = groups[caseload.id] else { continue }
                // Left out (never sent) when this device may no longer write there.
                guard let membership = memberships[caseload.id], membership.isWriter(identity.signing.publicKey),
                      let key = keys[caseload.id]?[membership.epoch]
                else {
                    if caseload.isHome { throw SyncError.removed }
                    continue
                }
                var sequence = try ledger.nextDeviceSequence(caseload.id)
                for start in stride(from: 0, to: group.count, by: Self.operationsPerEnvelope) {
                    let chunk = Array(group[start..<min(start + Self.operationsPerEnvelope, group.count)])
                    let envelope = try EnvelopeSeal.seal(chunk, caseload: caseload.id, epoch: membership.epoch, key: key, author: identity.signing, sequence: sequence)
                    try ledger.enqueue(caseload.id, sequence: sequence, envelope: envelope.bytes)
                    sequence += 1
                }
                sealed += group.count
            }
            try ledger.markSent(through: through)
            return sealed
        }
    }

    private func push(_ caseload: Caseload, _ report: inout SyncReport, started: Date) async throws {
        let waiting = try vault.syncRead { try $0.outbox(caseload.id) }
        var sent = 0
        for start in stride(from: 0, to: waiting.count, by: Self.envelopesPerPush) {
            let batch = waiting[start..<min(start + Self.envelopesPerPush, waiting.count)]
            let results = try await relay.push(batch.map(\.envelope), to: caseload.id)
            guard results.count == batch.count else {
                throw SyncError.refused(status: 200, message: "the relay acknowledged a different number of envelopes")
            }
            try vault.syncTransaction { try $0.acknowledge(caseload.id, through: batch.last!.sequence) }
            sent += batch.count
            report.pushedEnvelopes += results.filter { !$0.duplicate }.count
            progress(SyncProgress(phase: .pushing, envelopes: sent, total: waiting.count, bytes: relay.traffic.sent,
                                  seconds: Date().timeIntervalSince(started)))
        }
    }

    private func pull(
        _ caseload: Caseload, membership: Membership, keys: [UInt32: SymmetricKey], into report: inout SyncReport, started: Date
    ) async throws {
        var cursor = try vault.syncRead { try $0.pulledThrough(caseload.id) }
        var received = 0
        let check = EnvelopeCheck(caseload: caseload, membership: membership, keys: keys, reader: identity.signing.publicKey, routing: routing,
                                  latestAcceptable: latestAcceptable)
        while true {
            let page = try await relay.pull(caseload.id, after: cursor)
            try vault.syncTransaction { ledger in
                var verdicts = EnvelopeCheck.Verdicts()
                for stored in page.envelopes {
                    received += 1
                    try check.check(stored.bytes, ledger: ledger, into: &verdicts)
                }
                try ledger.applyReceived(verdicts.operations)
                for group in verdicts.held { try ledger.holdBack(group, caseload: caseload.id) }
                for (author, last) in verdicts.lastSeen { try ledger.setLastSequence(caseload.id, author: author.bytes, last) }
                try ledger.setPulledThrough(caseload.id, page.next)
                report.record(verdicts)
            }
            cursor = page.next
            progress(SyncProgress(phase: .pulling, envelopes: received, total: nil, bytes: relay.traffic.received,
                                  seconds: Date().timeIntervalSince(started)))
            if !page.more { break }
        }
    }
}
