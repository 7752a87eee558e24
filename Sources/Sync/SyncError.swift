import Foundation

/// Failures of sync and device linking, as one sentence each.
public enum SyncError: Error, Equatable, LocalizedError {
    case noRelay
    case unreachable(String)
    /// Not an http(s) address with a host.
    case notARelayAddress(String)
    case refused(status: Int, message: String)
    case removed
    /// An edit on a device a sync found removed: it could never reach the other devices.
    case removedDeviceEdit
    case deniedByRelay
    case enrolmentRequired
    case relayStorageFailing
    case insecureRelay(String)
    case identityFromBeforeVersion2
    case untrustedRelay(String)
    case unreadableTrustFile(String)
    case notSetUp
    case membershipDiverged
    case invalidLinkCode
    case linkTimedOut
    case linkRejected(String)
    case unknownDevice(String)
    case cannotRevokeSelf
    case unknownCaseload(String)
    case caseloadExists(String)
    case readOnly(String)
    case notAdmin(String)
    case unknownCounsellor(String)
    /// A device of the named caseload runs a `vp` that cannot read a case's own key.
    case olderDeviceInCaseload(String)
    /// Own changes in the named caseload have not left this device yet.
    case changesWaiting(String)

    /// The relay refuses this device the caseload (not a signed removal).
    var isRefusalOfAccess: Bool {
        switch self {
        case .deniedByRelay, .refused(404, _): true
        default: false
        }
    }

    public var errorDescription: String? {
        switch self {
        case .noRelay:
            "No relay is configured; give one with --relay URL (it is remembered)."
        case .notARelayAddress(let given):
            "'\(given)' is not a relay address; give one like https://relay.example.nl."
        case .unreachable(let url):
            "Cannot reach the relay at \(url); check the address and the connection, and try again (what is saved on this device stays saved)."
        case .refused(let status, let message):
            "The relay refused the request (HTTP \(status)): \(message)"
        case .removed:
            "This device was removed from the caseload; it can no longer sync. Link it again from another device if that was a mistake."
        case .removedDeviceEdit:
            "This device was removed (revoked), so a change made here could never reach your other devices; nothing was written. Work on another device, or link this one again in a new folder with 'vp init --join'."
        case .identityFromBeforeVersion2:
            "This vault's counsellor id dates from before sync protocol version 2 and is not bound to a counsellor key, so it cannot create or join shared caseloads; your own caseload and existing shared ones keep working. Create a new vault with 'vp init' for new shared caseloads."
        case .insecureRelay(let url):
            "The relay \(url) would be reached over plain http, which anyone on the network can read and alter; use its https:// address, or add --insecure if this network is trusted."
        case .untrustedRelay(let url):
            "The relay at \(url) did not show a certificate this computer trusts; check the address, or name the relay's CA certificate with VP_RELAY_CA=FILE (nothing was sent)."
        case .unreadableTrustFile(let file):
            "VP_RELAY_CA names \(file), which holds no readable PEM certificate; point it at the relay's CA certificate."
        case .relayStorageFailing:
            "The relay cannot store anything right now (its storage is full or failing); your work is saved on this device: sync again later, and tell the relay's operator."
        case .enrolmentRequired:
            "This relay creates caseloads only for counsellors its operator has enrolled; ask the operator for an enrolment token and run 'vp sync --enrolment TOKEN' once (your work is safe on this device)."
        case .deniedByRelay:
            "The relay refuses this device, but no signed removal of it is known here; the relay may be misbehaving: tell its operator (your work is safe on this device)."
        case .notSetUp:
            "This vault has no caseload to sync; it was made by an older vp. Create a new vault with 'vp init'."
        case .membershipDiverged:
            "The relay's membership log does not match this device's; stop and report this to the relay operator."
        case .invalidLinkCode:
            "That is not a valid link code; copy the code shown by 'vp device link' exactly (dashes optional)."
        case .linkTimedOut:
            "The code expired before the other side answered; run 'vp device link' or 'vp caseload invite' again for a new code."
        case .linkRejected(let why):
            "The exchange failed (\(why)); run 'vp device link' or 'vp caseload invite' again for a new code."
        case .unknownDevice(let id):
            "No device '\(id)' in this caseload; 'vp device list' shows the ids."
        case .cannotRevokeSelf:
            "This device cannot revoke itself; revoke it from another linked device."
        case .unknownCaseload(let name):
            "No caseload named '\(name)'; 'vp caseload list' shows yours."
        case .caseloadExists(let name):
            "You already have a caseload named '\(name)'; choose another name."
        case .readOnly(let name):
            "You may read caseload '\(name)' but not change it; ask one of its admins for the member role."
        case .notAdmin(let name):
            "Only an admin of caseload '\(name)' can do that; 'vp caseload members \(name)' shows who is."
        case .unknownCounsellor(let id):
            "No counsellor '\(id)' in that caseload; 'vp caseload members NAME' shows the ids."
        case .olderDeviceInCaseload(let name):
            "A device in caseload '\(name)' runs a vp too old to read a case with a key of its own, so it would never see the case; nothing was changed. Ask its owner to update vp and sync, then try again."
        case .changesWaiting(let name):
            "Changes you made in caseload '\(name)' have not left this device yet ('vp sync' says why), and handing over now would lose them; nothing was changed. Sync until none wait, then try again."
        }
    }
}
