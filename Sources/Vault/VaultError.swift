import Foundation

/// Failures of the local vault. Messages never carry case content.
public enum VaultError: Error, Equatable, LocalizedError {
    case noVault(path: String)
    case alreadyExists(path: String)
    case notAVault(path: String)
    case newerFormat(path: String)
    /// A `vp init --join` was cut short: the vault holds nothing yet.
    case setupUnfinished(path: String)
    case noBackup(path: String)
    case notABackup(path: String)
    /// The backup file ends before its last part: a copy or download that did not finish.
    case backupCutShort(path: String)
    /// A part of the backup fails its check: altered, or cut inside a part.
    case backupDamaged(path: String)
    case wrongPassphrase
    case emptyPassphrase
    case locked
    case keyringUnavailable(reason: String)
    case damaged(what: String)
    case storage(String)
    case clockImplausible(milliseconds: UInt64)
    case clockExhausted
    /// Another process re-keyed the vault after this one opened it.
    case keyChanged
    /// The vault's folder or file cannot be written (a read-only mount, a locked-down
    /// folder): reading works, this command needs to write.
    /// `reason`: why this command cannot go on, when it is not simply a write.
    case readOnly(reason: String?)

    public var errorDescription: String? {
        switch self {
        case .noVault(let path):
            "No vault at \(path); create one with 'vp init' or set VP_HOME to the folder that holds it."
        case .alreadyExists(let path):
            "A vault already exists at \(path); use it, or set VP_HOME to another folder for a new one."
        case .notAVault(let path):
            "\(path) is not a Vertrouwd vault; point VP_HOME at a folder made by 'vp init'."
        case .newerFormat(let path):
            "The vault at \(path) was written by a newer version of vp; upgrade vp to open it."
        case .noBackup(let path):
            "No backup file at \(path); give the path of a file made by 'vp backup'."
        case .notABackup(let path):
            "\(path) is not a backup made by 'vp backup'; give the right file (nothing was written)."
        case .backupCutShort(let path):
            "The backup \(path) ends before its last part (a copy or download that did not finish); use a complete copy (nothing was written)."
        case .backupDamaged(let path):
            "The backup \(path) is damaged or incomplete (a part fails its integrity check); use another copy (nothing was written)."
        case .setupUnfinished(let path):
            "The vault at \(path) was never finished ('vp init --join' was cut short); run 'vp init --join CODE --relay URL' again with a new code, or 'vp init' for a vault of its own: either replaces it."
        case .wrongPassphrase:
            "The passphrase is wrong; try again (nothing was changed)."
        case .emptyPassphrase:
            "The passphrase is empty; choose one of at least 8 characters."
        case .locked:
            "The vault is locked; run 'vp unlock', or give the passphrase with --passphrase-file or VP_PASSPHRASE."
        case .keyringUnavailable(let reason):
            "The kernel keyring is not available (\(reason)); give the passphrase with --passphrase-file or VP_PASSPHRASE instead."
        case .damaged(let what):
            "The vault's \(what) failed its integrity check; restore the vault from a backup or another device."
        case .clockImplausible(let milliseconds):
            "This computer's clock says \(Self.date(milliseconds)); set the correct date and time, then try again (nothing was written)."
        case .keyChanged:
            "The vault's key was changed (by 'vp passwd --rekey') after it was opened here; close this and open the vault again (nothing was written)."
        case .clockExhausted:
            "The vault's clock has reached the end of its range (an edit dated thousands of years ahead was applied by an older vp); nothing was written: restore the vault from another device or a backup."
        case .readOnly(let reason):
            "The vault's folder cannot be written (a read-only disk or folder)\(reason.map { ": \($0)" } ?? ", so vp can show the vault but not change it"); copy the folder to a writable place, or mount it writable, and run the command there."
        case .storage(let message):
            "The vault's database reported an error (\(message)); check free disk space and permissions, then try again."
        }
    }

    private static func date(_ milliseconds: UInt64) -> String {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601.year().month().day())
    }
}
