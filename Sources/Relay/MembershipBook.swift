import Identifiers
import WireFormat

/// The verified membership of every caseload, cached. Appends go through this actor one at
/// a time, so two admins racing to change a caseload cannot split its membership: the
/// second append no longer follows the head and is refused.
actor MembershipBook<Repository: RelayRepository> {
    private let repository: Repository
    private var cache: [CaseloadID: Membership] = [:]

    init(repository: Repository) { self.repository = repository }

    /// The caseload's membership, or nil when the relay has never seen it.
    func membership(_ caseload: CaseloadID) async throws -> Membership? {
        if let cached = cache[caseload] { return cached }
        let stored = try await repository.membershipEntries(caseload)
        guard !stored.isEmpty else { return nil }
        let membership = try Membership(entries: stored.map { try MembershipEntry(bytes: $0) })
        cache[caseload] = membership
        return membership
    }

    func entries(_ caseload: CaseloadID, after: Int) async throws -> [MembershipEntry] {
        guard let membership = try await membership(caseload) else { return [] }
        return Array(membership.entries.dropFirst(after))
    }

    /// Verifies `entry` against the stored log and stores it.
    func append(_ entry: MembershipEntry) async throws {
        var membership = try await membership(entry.caseload) ?? Membership()
        do {
            try membership.append(entry)
        } catch {
            throw RelayError.conflict("The membership entry was refused: \(error.localizedDescription)")
        }
        guard try await repository.appendMembership(entry.caseload, sequence: entry.sequence, entry: entry.bytes) else {
            throw RelayError.conflict("Another change to this caseload's membership came first; fetch it and try again.")
        }
        cache[entry.caseload] = membership
    }
}
