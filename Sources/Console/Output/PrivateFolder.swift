import Foundation

/// A folder only this user can enter, in memory (/dev/shm) where possible, for text that
/// must pass through a file for another program (an editor, Chromium); its files are
/// overwritten with zeros before it is removed.
struct PrivateFolder {
    let url: URL

    init() throws {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        url = base.appendingPathComponent("vp-\(getuid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    /// Writes `contents` to a file of the folder, readable by this user only.
    func file(_ name: String, contents: Data) -> URL {
        let file = url.appendingPathComponent(name)
        FileManager.default.createFile(atPath: file.path, contents: contents, attributes: [.posixPermissions: 0o600])
        return file
    }

    func remove() {
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: url.path)) ?? []
        for name in names {
            let path = url.appendingPathComponent(name).path
            // Regular files only: a symbolic link (Chromium leaves some) must not be followed.
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, let handle = FileHandle(forWritingAtPath: path) {
                handle.write(Data(count: size))
                try? handle.synchronize()
                try? handle.close()
            }
        }
        try? FileManager.default.removeItem(at: url)
    }
}
