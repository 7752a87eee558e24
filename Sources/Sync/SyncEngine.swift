import Cryptography
import Foundation
import Identifiers
import Replica
import Signatures
import Vault
import WireFormat

/// One sync with the relay: membership first, then pull, then seal and push. Pulling
/// before sealing means a device never writes under a membership older than one a
/// colleague's envelope showed it. Every step commits as it goes, so a sync killed at any
/// moment resumes where it stopped and repeats nothing: envelopes are built once (outbox)
/// and re-sent byte for byte; the pull cursor advances in the same transaction that
/// applies a page.
public struct SyncEngine {
    public static let operationsPerEnvelope = 2_000
    /// Well under the relay's default envelope limit (4 MiB), padding included.
    public static let bytesPerEnvelope = 1 << 20
    /// A push request carries up to this many envelopes and about `bytesPerPush` (the relay
    /// takes 64 MiB): each request is a transaction at the relay, so many small envelopes
    /// (one per case) go in few requests.
    public static let envelopesPerPush = 512
    static let bytesPerPush = 16 << 20
    /// Pages asked per gap and sync (each up to the relay's page size), and gaps asked per
    /// caseload and sync: a member who leaves many gaps cannot make every sync long.
    static let gapPagesPerSync = 4
    static let gapsAskedPerSync = 16
    let vault: Vault
    /// Which caseload each operation travels in: the schema's, not Sync's, to decide.
    let routing: FieldRouting
    let relay: any RelayTransport
    let identity: DeviceIdentity
    let now: @Sendable () -> UInt64
    let progress: (SyncProgress) -> Void
    /// Runs after everything was pulled and before anything is sealed and sent, with the
    /// membership of every caseload read: what the pull brought (a destruction order, a
    /// `destroy` entry) can still change what leaves this device.
    let beforeSending: ([CaseloadID: Membership]) throws -> Void

    public init(
        vault: Vault, routing: FieldRouting, relay: any RelayTransport, now: @escaping @Sendable () -> UInt64,
        progress: @escaping (SyncProgress) -> Void = { _ in }, beforeSending: @escaping ([CaseloadID: Membership]) throws -> Void = { _ in }
    ) throws {
        self.vault = vault
        self.routing = routing
        self.beforeSending = beforeSending
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
        var removed: Set<CaseloadID> = []
        for caseload in caseloads {
            do {
                memberships[caseload.id] = try await membershipSync(caseload).run()
            } catch SyncError.removed where !caseload.isHome {
                report.removedFrom.append(caseload.name)
                removed.insert(caseload.id)
            } catch let error as SyncError where !caseload.isHome && error.isRefusalOfAccess {
                // Told of by an own device but not (yet) added in the log the relay shows: skipped, not fatal.
                guard try notYetMember(of: caseload) else { throw error }
                report.notYetMember.append(caseload.name)
            }
        }
        report.releasedOperations = try releaseHeld(caseloads)
        // Expired keys go first, in every caseload whatever its state (a relay holding back a
        // caseload's log or key must not keep a private half alive), all of them where this
        // device is no longer a member.
        var forgotten = try vault.syncTransaction { ledger in
            try caseloads.reduce(0) { total, caseload in
                guard let membership = memberships[caseload.id] else { return total + (try KeyPool.forgetAll(in: caseload.id, ledger)) }
                return total + (try KeyPool(caseload: caseload.id, membership: membership, me: identity.signing.publicKey, now: now()).forgetExpired(ledger))
            }
        }
        var inDoubt: Set<CaseloadID> = []
        for caseload in caseloads {
            guard let membership = memberships[caseload.id] else { continue }
            do {
                memberships[caseload.id] = try await pull(caseload, membership: membership, into: &report, started: started)
            } catch SyncError.removed where !caseload.isHome {
                report.removedFrom.append(caseload.name)
                removed.insert(caseload.id)
                memberships[caseload.id] = nil
                continue
            }
            if try vault.syncRead({ try !$0.pendingEnvelopes(caseload.id).isEmpty }) {
                inDoubt.insert(caseload.id)
                report.membershipInDoubt.append(caseload.name)
            }
        }
        // The stored logs of caseloads this device was removed from count too: a destruction
        // signed before the removal binds it all the same.
        var logs = memberships
        for caseload in caseloads where removed.contains(caseload.id) { logs[caseload.id] = try caseload.membership(in: vault) }
        try beforeSending(logs)
        (report.caseKeysWaiting, report.caseContentWaiting) = try fillOutbox(caseloads, memberships: memberships, inDoubt: inDoubt)
        for caseload in caseloads where memberships[caseload.id] != nil {
            try await push(caseload, &report, started: started)
        }
        // A deleted private half must not wait in the write-ahead log (best effort: a reader in
        // another process may hold it; the next sync tries again).
        forgotten += report.receivedCaseKeys + report.skippedKeyDrops
        if forgotten > 0 { _ = try vault.checkpoint() }
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

    /// Applies held operations whose time has come, judged again against the records as
    /// they are now (a case moved home since is no longer a shared caseload's to change).
    private func releaseHeld(_ caseloads: [Caseload]) throws -> Int {
        try vault.syncTransaction { ledger in
            try ledger.releaseHeld(notAfter: latestAcceptable) { caseload, operations in
                guard caseloads.first(where: { $0.id == caseload })?.isHome == false else { return true }
                return routing.staysInside(operations, partition: caseload.description, states: try ledger.records(Set(operations.map(\.record))),
                                           claimed: [])
            }
        }
    }

    /// Whether this device's local log of `caseload` never added it.
    private func notYetMember(of caseload: Caseload) throws -> Bool {
        try caseload.membership(in: vault).members[identity.signing.publicKey] == nil
    }

    private func membershipSync(_ caseload: Caseload) -> MembershipSync {
        MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing)
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

    /// The operations of each caseload. A device in no shared caseload sends everything
    /// home without opening a record; otherwise each record's caseload is worked out once.
    private func grouped(_ operations: [FieldOperation], caseloads: [Caseload], ledger: SyncLedger) throws -> [CaseloadID: [FieldOperation]] {
        guard caseloads.count > 1 else { return operations.isEmpty ? [:] : [caseloads[0].id: operations] }
        let states = try ledger.records(Set(operations.lazy.filter { !routing.privateFields.contains($0.field) }.map(\.record)))
        var targets: [RecordID: CaseloadID] = [:]
        var groups: [CaseloadID: [FieldOperation]] = [:]
        for operation in operations {
            let caseload: CaseloadID
            if routing.privateFields.contains(operation.field) {
                caseload = caseloads[0].id
            } else if let known = targets[operation.record] {
                caseload = known
            } else {
                caseload = target(of: operation, states: states, caseloads: caseloads)
                targets[operation.record] = caseload
            }
            groups[caseload, default: []].append(operation)
        }
        return groups
    }

    /// Seals every local operation not yet sent into envelopes of its caseload, in one
    /// transaction. Operations for a caseload whose membership log is in doubt are deferred
    /// (kept, sealed into envelopes once it is not).
    private func fillOutbox(_ caseloads: [Caseload], memberships: [CaseloadID: Membership], inDoubt: Set<CaseloadID>) throws
        -> (keysWaiting: Int, contentWaiting: [String])
    {
        let me = identity.signing.publicKey
        return try vault.syncTransaction { ledger in
            let (operations, through) = try ledger.unsentOperations()
            let groups = try grouped(operations, caseloads: caseloads, ledger: ledger)
            var heldKeys = try HeldCaseKeys(ledger)
            let keyed = Set(heldKeys.byID.keys.compactMap(RecordID.init(bytes:)))
            let destroyed = Set(try ledger.destroyedCaseIDs().compactMap(RecordID.init(bytes:)))
            let split = CaseContentSplit(routing: routing, keyed: keyed, destroyed: destroyed)
            let capable = try KeyCapability.devices(in: caseloads, ledger)
            var keysWaiting = 0
            var contentWaiting: [String] = []
            for caseload in caseloads {
                if inDoubt.contains(caseload.id) {
                    if let group = groups[caseload.id] { try ledger.deferOperations(group, caseload: caseload.id) }
                    continue
                }
                // Deferred ones stay in their caseload: routed elsewhere, an old assignment of the
                // record to this caseload would have the other's readers reject the envelope.
                let group = try ledger.takeDeferred(caseload.id) + (groups[caseload.id] ?? [])
                // Left out (never sent) when this device is no longer in the caseload.
                guard let membership = memberships[caseload.id], membership.members[me] != nil else {
                    if caseload.isHome && !group.isEmpty { throw SyncError.removed }
                    continue
                }
                // A reader sends control envelopes only; its own changes there are left out.
                let writes = membership.isWriter(me)
                guard let key = try ledger.epochKeys(caseload.id)[membership.epoch] else {
                    // Allowed to write but the current key has not reached this device: kept for later.
                    if writes && !group.isEmpty { try ledger.deferOperations(group, caseload: caseload.id) }
                    continue
                }
                // Deferred operations included: each goes with the case its record is in now.
                let states = keyed.isEmpty && destroyed.isEmpty ? [:] : try ledger.records(Set(group.map(\.record)))
                var (plain, cases) = writes ? split.split(group, states: states) : ([], [])
                // Content of a case this caseload's log destroyed would only be cut to a stub and
                // rejected: it is not sealed here, and its key is not handed here again.
                cases.removeAll { membership.destroyedCases[$0.id.bytes] != nil }
                // A device here that does not read case keys would reject this content and never
                // see the case (one that joined since it was opened or moved): it waits, kept.
                if !cases.isEmpty && !KeyCapability.ofEveryDevice(in: membership, me: me, capable: capable) {
                    try ledger.deferOperations(cases.flatMap(\.operations), caseload: caseload.id)
                    contentWaiting.append(caseload.name)
                    cases = []
                }
                // Before the control messages: a case written in a caseload for the first time
                // has its key handed to that caseload's devices ahead of its content.
                let caseKeys = try self.caseKeys(of: cases.map(\.id), in: caseload.id, from: &heldKeys, ledger: ledger)
                let control = try controlMessages(caseload, membership, keys: &heldKeys, ledger)
                keysWaiting += control.waiting
                let announce = try writes && cases.isEmpty && announces(of: caseload, membership, ledger: ledger)
                let batches = !plain.isEmpty || announce ? Self.envelopeBatches(plain) : []
                guard !control.messages.isEmpty || !batches.isEmpty || !cases.isEmpty else { continue }
                try ledger.setCommittedMembershipLength(caseload.id, UInt64(membership.entries.count))
                try seal(control: control.messages, cases: Array(zip(cases.map(\.operations), caseKeys)), batches: batches, in: caseload,
                         under: membership, key: key, ledger: ledger)
            }
            if !operations.isEmpty { try ledger.markSent(through: through) }
            return (keysWaiting, contentWaiting)
        }
    }

    /// The keys of cases this device holds, in the order of `ids`, each now also counted as
    /// belonging to `caseload` (whose devices it is then handed to).
    private func caseKeys(of ids: [RecordID], in caseload: CaseloadID, from held: inout HeldCaseKeys, ledger: SyncLedger) throws -> [CaseKey] {
        try ids.map { id in
            // Listed by this transaction a moment ago: a missing one is damage.
            guard var key = held.byID[id.bytes] else { throw VaultError.damaged(what: "case key") }
            if key.holders[caseload] == nil {
                key.holders[caseload] = [identity.signing.publicKey.bytes]
                try held.store(key, ledger)
            }
            return CaseKey(key: key.key)
        }
    }

    /// What this device says about keys in a caseload at this sync: expired keys forgotten,
    /// its pools topped up, case keys dropped to the devices lacking them; cut into messages
    /// of at most about `bytesPerEnvelope`. Also how many case keys still wait for a device
    /// that published no usable key.
    private func controlMessages(_ caseload: Caseload, _ membership: Membership, keys: inout HeldCaseKeys,
                                 _ ledger: SyncLedger) throws -> (messages: [ControlMessage], waiting: Int) {
        let pool = KeyPool(caseload: caseload.id, membership: membership, me: identity.signing.publicKey, now: now())
        var messages = [try pool.topUp(ledger)]
        let handout = try CaseKeyHandout(pool: pool, isHome: caseload.isHome).drops(&keys, ledger)
        var size = 0
        for drop in handout.drops {
            if size > 0 && size + drop.sealed.count > Self.bytesPerEnvelope / 2 {
                messages.append(ControlMessage())
                size = 0
            }
            messages[messages.count - 1].drops.append(drop)
            size += drop.sealed.count
        }
        return (messages.filter { !$0.isEmpty }, handout.waiting)
    }

    /// Seals one caseload's share of an outbox fill into the outbox under its next numbers:
    /// control messages first (a case key reaches a device before the first content sealed
    /// under it), then each case's content under its key, then the batches under the epoch key.
    private func seal(control: [ControlMessage], cases: [(operations: [FieldOperation], caseKey: CaseKey)], batches: [[FieldOperation]],
                      in caseload: Caseload, under membership: Membership, key: SymmetricKey, ledger: SyncLedger) throws {
        let commitment = try commitment(of: caseload, under: membership, ledger: ledger)
        let (epoch, signing) = (membership.epoch, identity.signing)
        var sequence = try ledger.nextDeviceSequence(caseload.id)
        for message in control {
            let envelope = try ControlEnvelopeSeal.seal(message, caseload: caseload.id, epoch: epoch, key: key, author: signing, sequence: sequence,
                                                        commitment: commitment)
            try ledger.enqueue(caseload.id, sequence: sequence, envelope: envelope.bytes, operations: 0)
            sequence += 1
        }
        // One envelope per case (more for a long one), sealed in parallel: a first sync after
        // an import carries thousands.
        var jobs: [(operations: [FieldOperation], caseKey: CaseKey, sequence: UInt64)] = []
        for content in cases {
            for chunk in Self.envelopeBatches(content.operations) {
                jobs.append((chunk, content.caseKey, sequence))
                sequence += 1
            }
        }
        let sealed = try ParallelChunks.map(jobs, minimumChunk: 64) { chunk in
            try chunk.map { job in
                try CaseEnvelopeSeal.seal(job.operations, caseKey: job.caseKey, caseload: caseload.id, epoch: epoch, epochKey: key, author: signing,
                                          sequence: job.sequence, commitment: commitment)
            }
        }.joined()
        for (job, envelope) in zip(jobs, sealed) {
            try ledger.enqueue(caseload.id, sequence: job.sequence, envelope: envelope.bytes, operations: job.operations.count)
        }
        for chunk in batches {
            let envelope = try EnvelopeSeal.seal(chunk, caseload: caseload.id, epoch: epoch, key: key, author: signing, sequence: sequence, commitment: commitment)
            try ledger.enqueue(caseload.id, sequence: sequence, envelope: envelope.bytes, operations: chunk.count)
            sequence += 1
        }
    }

    /// Cuts the outbox into push requests of at most `envelopesPerPush` envelopes and about
    /// `bytesPerPush` (a single larger envelope goes alone).
    static func pushBatches(_ waiting: [OutboxEnvelope]) -> [ArraySlice<OutboxEnvelope>] {
        var batches: [ArraySlice<OutboxEnvelope>] = []
        var start = 0, bytes = 0
        for (index, envelope) in waiting.enumerated() {
            if index > start && (index - start == envelopesPerPush || bytes + envelope.envelope.count > bytesPerPush) {
                batches.append(waiting[start..<index])
                (start, bytes) = (index, 0)
            }
            bytes += envelope.envelope.count
        }
        if start < waiting.count { batches.append(waiting[start...]) }
        return batches
    }

    /// Cuts operations into envelope batches of at most `operationsPerEnvelope` operations
    /// and about `bytesPerEnvelope` bytes (a single larger operation goes alone), so one
    /// long text never makes an envelope the relay refuses; at least one batch (it may be empty).
    static func envelopeBatches(_ operations: [FieldOperation]) -> [[FieldOperation]] {
        var batches: [[FieldOperation]] = [[]]
        var size = 0
        for operation in operations {
            let next = operation.estimatedSize
            if !batches[batches.count - 1].isEmpty
                && (batches[batches.count - 1].count == operationsPerEnvelope || size + next > bytesPerEnvelope) {
                batches.append([])
                size = 0
            }
            batches[batches.count - 1].append(operation)
            size += next
        }
        return batches
    }

    /// Whether this device sends an envelope even with nothing else in it: when it changed
    /// the caseload's membership since its last envelope there, so that a member the relay
    /// shows an older log meets the newer head at once (a removal is often the last thing
    /// written for a while); and as its first in its home caseload, which tells its other
    /// devices that its linking finished (until then they list it as unconfirmed: a join
    /// killed half-way leaves a key nobody holds).
    private func announces(of caseload: Caseload, _ membership: Membership, ledger: SyncLedger) throws -> Bool {
        if caseload.isHome, try ledger.nextDeviceSequence(caseload.id) == 1 { return true }
        guard membership.head?.author == identity.signing.publicKey else { return false }
        return UInt64(membership.entries.count) > (try ledger.committedMembershipLength(caseload.id))
    }

    /// What this device writes under: its membership log and the highest envelope number it
    /// accepted from every other author of the caseload.
    private func commitment(of caseload: Caseload, under membership: Membership, ledger: SyncLedger) throws -> EnvelopeCommitment {
        let marks = try ledger.highestSequences(caseload.id).compactMap { author, highest in
            SigningPublicKey(bytes: author).flatMap { $0 == identity.signing.publicKey ? nil : EnvelopeCommitment.Mark(author: $0, sequence: highest) }
        }
        return EnvelopeCommitment(membershipLength: UInt64(membership.entries.count), membershipHead: membership.head?.hash ?? [], marks: marks)
    }

    private func push(_ caseload: Caseload, _ report: inout SyncReport, started: Date) async throws {
        let waiting = try vault.syncRead { try $0.outbox(caseload.id) }
        var sent = 0
        for batch in Self.pushBatches(waiting) {
            let results = try await relay.push(batch.map(\.envelope), to: caseload.id)
            guard results.count == batch.count else {
                throw SyncError.refused(status: 200, message: "the relay acknowledged a different number of envelopes")
            }
            try vault.syncTransaction { try $0.acknowledge(caseload.id, through: batch.last!.sequence) }
            sent += batch.count
            report.pushedEnvelopes += results.filter { !$0.duplicate }.count
            // Counted when the relay confirms them, so that a sync resuming a killed one's outbox counts them too.
            report.pushedOperations += batch.reduce(0) { $0 + $1.operations }
            progress(SyncProgress(phase: .pushing, envelopes: sent, total: waiting.count, bytes: relay.traffic.sent,
                                  seconds: Date().timeIntervalSince(started)))
        }
    }

    /// Pulls and applies the caseload's new envelopes; returns the membership they were
    /// judged under (fetched again when an envelope refers to a longer log).
    private func pull(_ caseload: Caseload, membership start: Membership, into report: inout SyncReport, started: Date) async throws -> Membership {
        var membership = start
        // Envelopes that waited for a longer log are judged again against the log just fetched.
        try apply(.waiting, of: caseload, with: check(caseload, membership, refetched: true), into: &report)
        var refetched = false
        var cursor = try vault.syncRead { try $0.pulledThrough(caseload.id) }
        var received = 0
        while true {
            let page = try await relay.pull(caseload.id, after: cursor)
            // A cursor that does not move on (or leaves the range) would loop or trap for ever.
            guard page.next <= Envelope.maximumSequence, page.next >= cursor, !page.more || page.next > cursor else {
                throw SyncError.refused(status: 200, message: "the relay sent a page whose cursor does not advance")
            }
            do {
                try apply(.page(page), of: caseload, with: check(caseload, membership, refetched: refetched), into: &report)
            } catch is EnvelopeCheck.UnknownMembershipHead {
                // A colleague wrote after membership changes this device has not fetched yet:
                // fetch them and judge the page again (what still refers to more waits).
                membership = try await membershipSync(caseload).run()
                refetched = true
                continue
            }
            received += page.envelopes.count
            cursor = page.next
            progress(SyncProgress(phase: .pulling, envelopes: received, total: nil, bytes: relay.traffic.received,
                                  seconds: Date().timeIntervalSince(started)))
            if !page.more { break }
        }
        try await fillGaps(caseload, membership: membership, into: &report)
        return membership
    }

    /// Asks the relay, author by author, for the envelopes this device is missing: a relay
    /// that delivered them out of order or late hands them over now; one that still holds
    /// them back leaves the gaps listed. A few pages per gap and sync, so no relay can keep
    /// a sync busy.
    private func fillGaps(_ caseload: Caseload, membership: Membership, into report: inout SyncReport) async throws {
        let gaps = try vault.syncRead { try $0.gaps() }.filter { $0.caseload == caseload.id }
        for gap in gaps.prefix(Self.gapsAskedPerSync) {
            guard let author = SigningPublicKey(bytes: gap.author) else { continue }
            var after = gap.first - 1
            for _ in 0..<Self.gapPagesPerSync {
                let page = try await relay.pull(caseload.id, author: author, after: after)
                // The relay's numbers only choose what to ask for; each envelope's own signed number decides.
                let wanted = page.envelopes.filter { $0.sequence <= gap.last }.map(\.bytes)
                if !wanted.isEmpty { try apply(.missing(wanted), of: caseload, with: check(caseload, membership, refetched: true), into: &report) }
                guard page.more, page.next > after, page.next < gap.last else { break }
                after = page.next
            }
        }
    }

    private func check(_ caseload: Caseload, _ membership: Membership, refetched: Bool) throws -> EnvelopeCheck {
        let (keys, ownNext) = try vault.syncRead { (try $0.epochKeys(caseload.id), try $0.nextDeviceSequence(caseload.id)) }
        return EnvelopeCheck(caseload: caseload, membership: membership, keys: keys, reader: identity.signing.publicKey, ownNext: ownNext,
                             routing: routing, latestAcceptable: latestAcceptable, refetched: refetched)
    }

    /// Takes in what accepted control envelopes of `caseload` say to this device (KeyPool,
    /// CaseKeyHandout); returns how many case keys came.
    private func takeIn(_ control: [(author: SigningPublicKey, message: ControlMessage)], of caseload: Caseload, membership: Membership,
                        ledger: SyncLedger, into report: inout SyncReport) throws -> Int {
        guard !control.isEmpty else { return 0 }
        let me = identity.signing.publicKey
        let pool = KeyPool(caseload: caseload.id, membership: membership, me: me, now: now())
        // Only an own device, in the home caseload, may hand keys of other caseloads: also of one
        // this device is to learn of in this very sync (it was just added there).
        var count = 0
        for (author, message) in control {
            // It reads key scopes 1 and 2: counts for opening keyed cases here (CaseKey.forNewCase).
            try ledger.noteCapable(caseload.id, device: author.bytes)
            let received = try pool.receive(message, from: author, mayName: { caseload.isHome || $0 == caseload.id }, ledger)
            try CaseKeyHandout.keep(received.keys, from: author, handedTo: Set(message.drops.map(\.recipient)), in: caseload.id,
                                    membership: membership, me: me, ledger)
            count += received.keys.count
            report.skippedKeyDrops += received.skipped
        }
        report.receivedCaseKeys += count
        return count
    }

    /// Opens and applies the case content of `caseload` that waited for a case key this
    /// device holds now.
    private func applyUnlocked(of caseload: Caseload, with check: EnvelopeCheck, ledger: SyncLedger, into report: inout SyncReport) throws {
        let unlocked = try ledger.takeUnlocked(caseload.id)
        guard !unlocked.isEmpty else { return }
        var verdicts = EnvelopeCheck.Verdicts(after: try ledger.heldOperations(caseload.id), routing: routing)
        try check.judgeKeyless(unlocked, ledger: ledger, into: &verdicts)
        try ledger.applyReceived(verdicts.batches)
        for group in verdicts.held { try ledger.holdBack(group, caseload: caseload.id) }
        report.appliedOperations += verdicts.operationCount
        report.rejected.merge(verdicts.rejected, uniquingKeysWith: +)
    }

    /// What a round of checks looks at.
    private enum Delivery {
        /// A page of the caseload, in order: the cursor moves past it.
        case page(RelayPage)
        /// The envelopes waiting for a longer membership log.
        case waiting
        /// Envelopes asked for to fill gaps.
        case missing([[UInt8]])

        var isWaiting: Bool { if case .waiting = self { true } else { false } }
    }

    /// Checks a delivery and, in one transaction, applies what passed, keeps what must wait
    /// and (for a page) moves the cursor.
    private func apply(_ delivery: Delivery, of caseload: Caseload, with check: EnvelopeCheck, into report: inout SyncReport) throws {
        try vault.syncTransaction { ledger in
            var verdicts = EnvelopeCheck.Verdicts(after: try ledger.heldOperations(caseload.id), routing: routing)
            switch delivery {
            case .page(let page):
                try check.check(page.envelopes.map(\.bytes), ledger: ledger, into: &verdicts)
            case .waiting:
                let waiting = try ledger.pendingEnvelopes(caseload.id)
                for envelope in waiting { try ledger.removePending(envelope.id) }
                try check.check(waiting.map(\.envelope), ledger: ledger, into: &verdicts)
            case .missing(let envelopes):
                try check.check(envelopes, ledger: ledger, into: &verdicts)
            }
            try ledger.applyReceived(verdicts.batches)
            for group in verdicts.held { try ledger.holdBack(group, caseload: caseload.id) }
            for envelope in verdicts.pending { try ledger.addPending(caseload.id, envelope: envelope) }
            for (author, last) in verdicts.lastSeen { try ledger.setLastSequence(caseload.id, author: author.bytes, last) }
            if case .page(let page) = delivery { try ledger.setPulledThrough(caseload.id, page.next) }
            if let restored = verdicts.ownRestored { try ledger.numberOwnEnvelopes(caseload.id, after: restored) }
            for (caseID, envelope) in verdicts.keyless { try ledger.addKeyless(caseload.id, caseID: caseID, envelope: envelope) }
            let received = try takeIn(verdicts.control, of: caseload, membership: check.membership, ledger: ledger, into: &report)
            // Case content that waited for a key that came now (in this page, or in another
            // caseload before this one) is applied in the same transaction.
            if received > 0 || delivery.isWaiting { try applyUnlocked(of: caseload, with: check, ledger: ledger, into: &report) }
            report.record(verdicts)
        }
    }
}
