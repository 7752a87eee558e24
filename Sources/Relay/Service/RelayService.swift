import Foundation
import Identifiers
import Signatures
import WireFormat

/// What the relay does for an authenticated device, independent of HTTP: membership logs,
/// envelopes and link mailboxes. The Hummingbird controllers and the in-process relay used
/// by the sync tests both call it, so both enforce exactly the same rules.
public struct RelayService<Repository: RelayRepository>: Sendable {
    public static var linkLifetimeMilliseconds: UInt64 { 10 * 60 * 1000 }

    public let repository: Repository
    public let configuration: RelayConfiguration
    let memberships: MembershipReader<Repository>
    public let news: CaseloadNews
    let now: @Sendable () -> UInt64

    /// The longest a pull may wait for news.
    public static var longestWait: Duration { .seconds(25) }

    public init(repository: Repository, configuration: RelayConfiguration, news: CaseloadNews = CaseloadNews(),
                now: @escaping @Sendable () -> UInt64) {
        self.repository = repository
        self.configuration = configuration
        self.news = news
        self.now = now
        memberships = MembershipReader(repository: repository)
    }

    // MARK: Caseloads

    /// The device's current membership of the caseload; refused when it is not a member.
    private func member(_ device: SigningPublicKey, of caseload: CaseloadID) async throws -> Membership {
        guard let membership = try await memberships.membership(caseload) else { throw RelayError.unknownCaseload }
        guard membership.members[device] != nil else { throw RelayError.notMember }
        return membership
    }

    /// Refuses a device that is not a member of the caseload now, before any work on its
    /// batch (a reader may push control envelopes; each envelope's check decides); returns
    /// the membership read, for the push to check the batch against.
    public func requireMember(_ device: SigningPublicKey, of caseload: CaseloadID) async throws -> Membership {
        try await member(device, of: caseload)
    }

    /// The caseload's membership log from entry `after` on, for a current member. A removed
    /// device gets the log up to the entry that removed it: it must see its removal signed,
    /// not take a relay's word for it (which a hostile relay could give falsely), and it
    /// learns nothing of what happened after.
    public func membershipEntries(_ caseload: CaseloadID, after: Int, device: SigningPublicKey) async throws -> [MembershipEntry] {
        guard let membership = try await memberships.membership(caseload) else { throw RelayError.unknownCaseload }
        var entries = Array(membership.entries.dropFirst(max(0, after)))
        if membership.members[device] == nil {
            guard membership.removed[device] != nil else { throw RelayError.notMember }
            entries.removeAll { entry in entry.sequence > Self.removal(of: device, in: membership) }
        }
        return entries
    }

    /// The sequence of the entry that removed `device`.
    private static func removal(of device: SigningPublicKey, in membership: Membership) -> UInt64 {
        membership.entries.last { entry in
            if case .remove(device, _) = entry.action { true } else { false }
        }?.sequence ?? 0
    }

    /// Verifies a new entry against the stored log and keeps it; only its author may send it.
    /// The first entry creates the caseload: its author's counsellor must be enrolled here,
    /// or bring `enrolmentToken`.
    public func appendMembership(_ bytes: [UInt8], to caseload: CaseloadID, device: SigningPublicKey, enrolmentToken: String? = nil) async throws {
        guard let entry = try? MembershipEntry(bytes: bytes) else {
            throw RelayError.badRequest("bad_entry", "The membership entry is not a valid entry of a known version.")
        }
        guard entry.version == MembershipEntry.currentVersion else {
            throw RelayError.badRequest("bad_entry", "Membership entries of version 1 are no longer accepted; update vp.")
        }
        guard entry.caseload == caseload else { throw RelayError.badRequest("bad_entry", "The entry belongs to another caseload.") }
        guard entry.author == device else { throw RelayError.badRequest("bad_entry", "Only the entry's author may send it.") }
        var membership = try await memberships.membership(caseload) ?? Membership()
        let position = membership.entries.count
        do {
            try membership.append(entry)
        } catch {
            throw RelayError.conflict("The membership entry was refused: \(error.localizedDescription)")
        }
        // Checked against the log as read; stored only if that is still the log.
        // An admin's destroy order cuts the case's envelopes to stubs in the same transaction.
        var stubbing: EnvelopeStubbing?
        if case .destroy(_, let tagKey) = entry.action {
            stubbing = EnvelopeStubbing { EnvelopeStub.of(envelope: $0, tagKey: tagKey)?.bytes }
        }
        switch try await repository.appendMembership(
            caseload, entry: entry.bytes, at: position, creation: try creation(by: entry, token: enrolmentToken), stubbing: stubbing) {
        case .appended: return
        case .conflict: throw RelayError.conflict("Another change to this caseload's membership came first; fetch it and try again.")
        case .enrolmentRequired: throw RelayError.enrolmentRequired
        case .caseloadLimitReached: throw RelayError.caseloadLimit
        }
    }

    /// Who creates the caseload if `entry` is its first: the counsellor key that certified
    /// the creating device (version 2 entries carry the certificate). Nil for later entries.
    private func creation(by entry: MembershipEntry, token: String?) throws -> CaseloadCreation? {
        guard entry.sequence == 0, case .add(_, _, _, let certificate) = entry.action, let certificate else { return nil }
        var hash: [UInt8]?
        if let token {
            guard let valid = EnrolmentToken.hash(of: token) else {
                throw RelayError.badRequest("bad_token", "The enrolment token is not one this relay hands out (vpe- and 32 hexadecimal digits).")
            }
            hash = valid
        }
        return CaseloadCreation(owner: certificate.counsellorKey.bytes, token: hash, openEnrolment: configuration.openEnrolment,
                                caseloadLimit: configuration.caseloadsPerCounsellor, now: now())
    }

    /// Checks every envelope (size, format, author, signature, write right) before storing any.
    /// The batch is stored only if the membership it was checked against is still the
    /// caseload's log; if another instance changed it meanwhile, the check runs again.
    /// `membership`, when given, is the one just read for the same device (`requireMember`).
    public func push(_ envelopes: [[UInt8]], to caseload: CaseloadID, device: SigningPublicKey,
                     membership known: Membership? = nil) async throws -> [RelayAPI.PushResult] {
        let quotas = Quotas(caseloadBytes: configuration.caseloadQuotaBytes, counsellorBytes: configuration.counsellorQuotaBytes)
        var known = known
        for _ in 0..<Self.pushAttempts {
            let membership = if let read = known { read } else { try await member(device, of: caseload) }
            known = nil
            // Signatures are most of a push of many small envelopes (case content carries two):
            // checked on every core; the answer is the first failure in the pushed order.
            let checked = ParallelChunks.map(envelopes, minimumChunk: 16) { chunk in
                chunk.map { bytes in Result { try check(bytes, to: caseload, device: device, against: membership) } }
            }
            let incoming = try checked.joined().map { try $0.get() }
            // The relay's own limit is a soft one: instances pushing at once may pass it by a batch.
            if let limit = configuration.relayQuotaBytes,
               try await repository.storedBytes() + incoming.reduce(0, { $0 + Int64($1.bytes.count) }) > limit {
                throw RelayError.relayFull
            }
            switch try await repository.push(caseload, incoming, membershipLength: membership.entries.count, quotas: quotas) {
            case .stored(let receipts):
                if receipts.contains(where: { !$0.duplicate }) { news.announce(caseload) }
                return receipts.map { RelayAPI.PushResult(id: Hex.encode($0.id), seq: $0.sequence, duplicate: $0.duplicate) }
            case .quotaExceeded(let scope):
                throw RelayError.quotaExceeded(scope)
            case .membershipChanged:
                continue
            }
        }
        throw RelayError.conflict("The caseload's membership kept changing during this push; push again.")
    }

    /// Key scopes this relay stores: 0 (epoch key), 1 (case content), 2 (control).
    static var highestKeyScope: UInt8 { 2 }
    static var controlKeyScope: UInt8 { 2 }

        /// Membership changes are rare: a push that meets one that often is under attack or hopeless.
    static var pushAttempts: Int { 5 }

    private func check(_ bytes: [UInt8], to caseload: CaseloadID, device: SigningPublicKey, against membership: Membership) throws -> IncomingEnvelope {
        guard bytes.count <= configuration.maximumEnvelopeBytes else {
            throw RelayError.tooLarge(bytes.count, limit: configuration.maximumEnvelopeBytes)
        }
        guard let envelope = try? Envelope(bytes: bytes) else {
            throw RelayError.badRequest("bad_envelope", "An envelope is truncated or not of a known format version.")
        }
        // Version 1 envelopes already stored are still served; new ones are not taken.
        guard envelope.version == Envelope.currentVersion else {
            throw RelayError.badRequest("bad_envelope", "Envelopes of format version 1 are no longer accepted; update vp.")
        }
        guard envelope.caseload == caseload, envelope.author == device else {
            throw RelayError.badRequest("bad_envelope", "An envelope names another caseload or author than the request.")
        }
        guard envelope.keyScope <= Self.highestKeyScope else {
            throw RelayError.badRequest("bad_envelope", "An envelope has key scope \(envelope.keyScope), which this relay does not know; update the relay.")
        }
        // Scope 1 also carries the stub signature; a body too short to hold one fails it.
        let caseBody = try? envelope.caseBody()
        guard envelope.isSignatureValid, envelope.stubSignatureVerifies(caseBody) else {
            throw RelayError.badRequest("bad_signature", "An envelope's signature does not verify.")
        }
        // A writer commits to the log it had: one this relay does not hold is refused here
        // (readers would keep it waiting; a hostile relay can still serve such, readers cope).
        guard let commitment = envelope.commitment, commitment.membershipLength >= 1,
              commitment.membershipLength <= UInt64(membership.entries.count),
              membership.entries[Int(commitment.membershipLength) - 1].hash == commitment.membershipHead
        else { throw RelayError.badRequest("bad_envelope", "An envelope commits to a membership log this relay does not hold; sync the membership first.") }
        // A reader writes nothing new (what it wrote before its demotion is already here),
        // except control envelopes (scope 2: its one-time keys, key requests, receipts),
        // within an allowance of their own, so that it cannot fill the owner's quota.
        let readerControl = envelope.keyScope == Self.controlKeyScope && !membership.isWriter(device) && membership.members[device] != nil
            && envelope.epoch <= membership.epoch
        guard readerControl || (membership.isWriter(device) && membership.canWrite(device, epoch: envelope.epoch, sequence: envelope.sequence)) else {
            throw RelayError.readOnly
        }
        // Case content of a case destroyed before it came is kept as its stub only.
        var stored = bytes
        if let caseBody, membership.destroys(tag: caseBody.tag, nonce: envelope.nonce) { stored = envelope.stub(of: caseBody).bytes }
        return IncomingEnvelope(id: envelope.id, author: device.bytes, deviceSequence: envelope.sequence, bytes: stored, keyScope: envelope.keyScope,
                                readerAllowance: readerControl ? configuration.readerControlBytes : nil)
    }

    /// A page of the caseload's envelopes after `after`; with `author`, that author's
    /// envelopes after its own number `after` (`next` is then an author's number too).
    /// With `wait`, an empty answer waits up to that long for news of the caseload first.
    public func pull(
        _ caseload: CaseloadID, author: SigningPublicKey? = nil, after: UInt64, limit: Int?, wait: Duration? = nil, device: SigningPublicKey
    ) async throws -> RelayPage {
        _ = try await member(device, of: caseload)
        let limit = min(max(1, limit ?? configuration.pageLimit), configuration.pageLimit)
        let waits = author == nil && (wait ?? .zero) > .zero
        // Taken before looking, so news between the look and the wait is not missed.
        let ticket = waits ? news.generation(caseload) : 0
        let page = try await page(caseload, author: author, after: after, limit: limit)
        guard page.envelopes.isEmpty, waits, let wait else { return page }
        await news.wait(caseload, since: ticket, timeout: min(wait, Self.longestWait))
        return try await self.page(caseload, author: nil, after: after, limit: limit)
    }

    private func page(_ caseload: CaseloadID, author: SigningPublicKey?, after: UInt64, limit: Int) async throws -> RelayPage {
        let rows = if let author {
            try await repository.pull(caseload, author: author.bytes, after: after, limit: limit + 1)
        } else {
            try await repository.pull(caseload, after: after, limit: limit + 1)
        }
        let page = rows.prefix(limit)
        return RelayPage(envelopes: page.map { RelayPage.Stored(sequence: $0.sequence, bytes: $0.bytes) },
                         next: page.last?.sequence ?? after, more: rows.count > limit)
    }

    // MARK: Link mailboxes

    /// Opens a one-time mailbox owned by `device`.
    public func openMailbox(_ id: [UInt8], device: SigningPublicKey) async throws {
        let moment = now()
        switch try await repository.createLink(
            id, creator: device.bytes, expires: moment + Self.linkLifetimeMilliseconds, now: moment, limit: configuration.mailboxesPerDevice) {
        case .created: return
        case .taken: throw RelayError.linkUsed
        case .limitReached: throw RelayError.mailboxLimit
        }
    }

    /// The guest's one request; the guest has no identity yet, so this is not authenticated.
    public func leaveRequest(_ data: [UInt8], in id: [UInt8]) async throws {
        guard try await repository.link(id, now: now()) != nil else { throw RelayError.unknownLink }
        guard try await repository.setLinkRequest(id, data) else { throw RelayError.linkUsed }
    }

    /// The guest's request, for the mailbox's owner only; nil while none has arrived.
    public func request(in id: [UInt8], device: SigningPublicKey) async throws -> [UInt8]? {
        try await ownedLink(id, device: device).request
    }

    public func leaveResponse(_ data: [UInt8], in id: [UInt8], device: SigningPublicKey) async throws {
        let link = try await ownedLink(id, device: device)
        guard link.request != nil, link.response == nil else { throw RelayError.linkUsed }
        try await repository.setLinkResponse(id, data)
    }

    /// The guest collects the response once; the mailbox is gone afterwards.
    public func takeResponse(from id: [UInt8]) async throws -> [UInt8]? {
        guard let link = try await repository.link(id, now: now()) else { throw RelayError.unknownLink }
        guard let data = link.response else { return nil }
        try await repository.deleteLink(id)
        return data
    }

    private func ownedLink(_ id: [UInt8], device: SigningPublicKey) async throws -> StoredLink {
        guard let link = try await repository.link(id, now: now()), link.creator == device.bytes else { throw RelayError.unknownLink }
        return link
    }
}
