import Foundation

/// Where a command writes: the process's stdout/stderr, or a buffer in tests.
public protocol TextStream: AnyObject {
    func write(_ text: String)
}

extension TextStream {
    func line(_ text: String = "") { write(text + "\n") }
}

/// Writes straight to a file descriptor (unbuffered, so REPL output appears at once).
public final class FileDescriptorStream: TextStream {
    private let descriptor: Int32

    public init(_ descriptor: Int32) { self.descriptor = descriptor }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Collects output in memory, for tests that run commands in-process.
public final class BufferStream: TextStream {
    public private(set) var text = ""

    public init() {}

    public func write(_ text: String) { self.text += text }
}
