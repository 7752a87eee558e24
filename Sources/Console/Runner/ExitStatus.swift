import ArgumentParser
import Casework
import Register
import Sync
import Vault

/// The documented exit codes of `vp` (see README.md); sysexits-style where one fits.
public enum ExitStatus: Int32, CaseIterable {
    case success = 0
    case failure = 1
    case usage = 64
    case invalidInput = 65
    case notFound = 66
    case deviceRemoved = 67
    case relayUnreachable = 68
    /// A service or program vp needs is missing: the kernel keyring, Chromium for a PDF, a
    /// newer vp on a device of the caseload a case is to move to.
    case unavailable = 69
    case relayRefused = 71
    case linkFailed = 72
    case alreadyExists = 73
    case storage = 74
    case locked = 75
    case damaged = 76
    case wrongPassphrase = 77
    /// Your role in a caseload does not allow this.
    case forbidden = 79
    case notAVault = 78
    /// This computer's clock is far off; setting it right is the remedy.
    case clockWrong = 80
    /// Ctrl-C stopped a command in the prompt (the prompt goes on).
    case interrupted = 130

    static func of(_ error: Error) -> ExitStatus {
        switch error {
        case let error as CaseworkError:
            switch error {
            case .unknownCase, .unknownOrganisation, .caseDestroyed, .noSuchConversation, .unknownEntry: .notFound
            case .duplicateOrganisation, .reportFinalised: .alreadyExists
            default: .invalidInput
            }
        case let error as VaultError:
            switch error {
            case .noVault, .noBackup: .notFound
            case .alreadyExists: .alreadyExists
            case .notAVault, .newerFormat, .setupUnfinished, .notABackup: .notAVault
            case .wrongPassphrase: .wrongPassphrase
            case .emptyPassphrase: .invalidInput
            case .locked, .keyChanged: .locked
            case .keyringUnavailable: .unavailable
            case .damaged, .clockExhausted, .backupCutShort, .backupDamaged: .damaged
            case .storage, .readOnly: .storage
            case .clockImplausible: .clockWrong
            }
        case let error as SyncError:
            switch error {
            case .noRelay, .insecureRelay: .usage
            case .unreachable, .untrustedRelay: .relayUnreachable
            case .unreadableTrustFile: .notFound
            case .refused, .deniedByRelay, .enrolmentRequired, .relayStorageFailing: .relayRefused
            case .removed, .removedDeviceEdit: .deviceRemoved
            case .notSetUp: .notAVault
            case .membershipDiverged: .damaged
            case .invalidLinkCode, .cannotRevokeSelf, .notARelayAddress: .invalidInput
            case .linkTimedOut, .linkRejected: .linkFailed
            case .unknownDevice, .unknownCaseload, .unknownCounsellor: .notFound
            case .caseloadExists: .alreadyExists
            case .readOnly, .notAdmin, .identityFromBeforeVersion2: .forbidden
            case .olderDeviceInCaseload, .changesWaiting: .unavailable
            }
        case let error where IntegrityFailure.covers(error): .damaged
        case let error as ConsoleError:
            switch error {
            case .unreadableFile: .notFound
            case .unwritableFile: .storage
            case .chromiumMissing, .chromiumFailed: .unavailable
            case .editorFailed, .unreadableFinalisedReport: .failure
            case .passphraseMismatch, .weakPassphrase, .invalidDuration, .invalidValue, .notAYear: .invalidInput
            case .nestedRepl, .needsTerminal, .stdinInRepl, .newPassphraseNeeded: .usage
            case .currentPassphraseNeeded: .locked
            case .scriptLineFailed(_, let status): ExitStatus(rawValue: status) ?? .failure
            }
        default: .failure
        }
    }
}
