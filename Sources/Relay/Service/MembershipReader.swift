import Identifiers
import Synchronization
import WireFormat

/// Reads a caseload's membership log from storage on every call, so an instance never
/// acts on a log another instance has since extended. What it keeps between calls only
/// saves work: the verified fold of a log is reused when the stored log still starts with
/// exactly the same entries, and only entries after them are verified.
final class MembershipReader<Repository: RelayRepository>: Sendable {
    private let repository: Repository
    private let verified = Mutex<[CaseloadID: Membership]>([:])

    init(repository: Repository) { self.repository = repository }

    /// The caseload's membership as stored now, or nil when the relay has never seen it.
    func membership(_ caseload: CaseloadID) async throws -> Membership? {
        let stored = try await repository.membershipLog(caseload)
        guard !stored.isEmpty else { return nil }
        var membership = verified.withLock { $0[caseload] } ?? Membership()
        if membership.entries.count > stored.count
            || !zip(membership.entries, stored).allSatisfy({ $0.bytes == $1 }) {
            membership = Membership()
        }
        for bytes in stored.dropFirst(membership.entries.count) {
            try membership.append(try MembershipEntry(bytes: bytes))
        }
        verified.withLock { $0[caseload] = membership }
        return membership
    }
}
