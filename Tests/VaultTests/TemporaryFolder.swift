import Foundation

/// A fresh folder under the system temp dir, removed when the test is done with it.
final class TemporaryFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vp-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Every byte of every file below the folder, for leak scans.
    func allFileContents() throws -> [(String, Data)] {
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)!
        return try enumerator.compactMap { item in
            let file = item as! URL
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory)
            return isDirectory.boolValue ? nil : (file.path, try Data(contentsOf: file))
        }
    }
}
