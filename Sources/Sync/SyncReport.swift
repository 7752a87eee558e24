import Identifiers
import Replica

/// What one `vp sync` did, for the summary line and `--json`.
public struct SyncReport: Sendable {
    /// Envelope numbers of a device that have not arrived though later ones have: possibly
    /// withheld by the relay. Listed at every sync until they arrive.
    public struct Gap: Sendable, Equatable {
        public let author: DeviceID
        public let from: UInt64
        public let to: UInt64
    }

    public var pushedEnvelopes = 0
    public var pushedOperations = 0
    public var pulledEnvelopes = 0
    public var appliedOperations = 0
    public var ownEnvelopes = 0
    public var rejected: [EnvelopeSeal.Rejection: Int] = [:]
    public var gaps: [Gap] = []
    /// Shared caseloads this device was removed from (they are skipped).
    public var removedFrom: [String] = []
    /// Shared caseloads an own device told of whose log the relay does not (yet) show this
    /// device in (skipped until it does).
    public var notYetMember: [String] = []
    /// Operations of other devices dated too far ahead of this clock, waiting (all of
    /// them, not only this sync's), and the date of the latest in Unix milliseconds.
    public var heldOperations = 0
    public var heldUntil: UInt64?
    /// Held operations whose time came, applied by this sync.
    public var releasedOperations = 0
    /// Caseloads where a colleague wrote under more membership entries than the relay shows
    /// this device: their envelopes wait, and nothing new is sent there until it does.
    public var membershipInDoubt: [String] = []
    /// References of cases this sync's destruction orders erased here.
    public var destroyedCases: [String] = []
    /// Handovers to this counsellor waiting for 'vp handover accept': the number of cases in each.
    public var handoversWaiting: [Int] = []
    /// Case keys other devices handed this one in this sync.
    public var receivedCaseKeys = 0
    /// Case keys that could not be handed to a device yet, because it has published no key
    /// for this one (it has not synced since this device joined): sent at a later sync.
    public var caseKeysWaiting = 0
    /// Drops of case keys to this device that never came: a later one to a higher-numbered
    /// key of the same sender came first, so these were lost or withheld by the relay (their
    /// keys are deleted unopened).
    public var skippedKeyDrops = 0
    /// Destroy entries of cases destroyed here not appended yet (Protocol/sync.md, "Who
    /// appends it"): the relay keeps those cases' envelopes until they are.
    public var destroyEntriesWaiting = 0
    /// Caseloads where changes to cases with a key of their own wait (kept, sent later):
    /// a current device there has not shown that it reads case keys (an older `vp`).
    public var caseContentWaiting: [String] = []
    public var bytesUp = 0
    public var bytesDown = 0
    public var seconds = 0.0

    public var rejectedCount: Int { rejected.values.reduce(0, +) }

    /// Adds a later round of the same sync: counts add up, the state at the end is the later one's.
    public mutating func absorb(_ later: SyncReport) {
        pushedEnvelopes += later.pushedEnvelopes
        pushedOperations += later.pushedOperations
        pulledEnvelopes += later.pulledEnvelopes
        appliedOperations += later.appliedOperations
        ownEnvelopes += later.ownEnvelopes
        rejected.merge(later.rejected, uniquingKeysWith: +)
        releasedOperations += later.releasedOperations
        receivedCaseKeys += later.receivedCaseKeys
        caseKeysWaiting = later.caseKeysWaiting
        caseContentWaiting = later.caseContentWaiting
        skippedKeyDrops += later.skippedKeyDrops
        removedFrom = Array(Set(removedFrom + later.removedFrom)).sorted()
        notYetMember = later.notYetMember
        (gaps, membershipInDoubt, heldOperations, heldUntil) = (later.gaps, later.membershipInDoubt, later.heldOperations, later.heldUntil)
        bytesUp = later.bytesUp
        bytesDown = later.bytesDown
        seconds += later.seconds
    }

    mutating func record(_ verdicts: EnvelopeCheck.Verdicts) {
        pulledEnvelopes += verdicts.accepted
        ownEnvelopes += verdicts.own
        appliedOperations += verdicts.operationCount
        rejected.merge(verdicts.rejected, uniquingKeysWith: +)
    }
}

/// Progress of a long sync, for the terminal's progress bar.
public struct SyncProgress: Sendable {
    public enum Phase: String, Sendable { case pushing, pulling }
    public let phase: Phase
    public let envelopes: Int
    public let total: Int?
    public let bytes: Int
    public let seconds: Double
}
