import Casework
import Foundation

/// Where a command writes: the process's stdout/stderr, or a buffer in tests.
public protocol TextStream: AnyObject {
    func write(_ text: String)
    /// vp's own terminal control (clearing a progress line), never stored text.
    func writeControl(_ sequence: String)
    /// True once a write could not be completed (a full disk, a closed pipe).
    var hasFailed: Bool { get }
}

extension TextStream {
    func line(_ text: String = "") { write(text + "\n") }
    public func writeControl(_ sequence: String) { write(sequence) }
    public var hasFailed: Bool { false }
}

/// Writes straight to a file descriptor (unbuffered, so REPL output appears at once). On a
/// terminal everything written passes `DisplayText.terminal`: the one place that keeps
/// stored text (which a colleague may have written) from steering the terminal, whatever
/// the command and format. A pipe or file gets the bytes as they are.
public final class FileDescriptorStream: TextStream {
    private let descriptor: Int32
    private let isTerminal: Bool
    public private(set) var hasFailed = false

    /// `filtered`: made safe when it is a terminal (false for files written on request).
    public init(_ descriptor: Int32, filtered: Bool = true) {
        self.descriptor = descriptor
        isTerminal = filtered && isatty(descriptor) == 1
    }

    public func write(_ text: String) { writeBytes(isTerminal ? DisplayText.terminal(text) : text) }

    public func writeControl(_ sequence: String) { writeBytes(sequence) }

    private func writeBytes(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count, !hasFailed {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { hasFailed = true } else { offset += written }
        }
    }
}

/// Collects output in memory, for tests that run commands in-process.
public final class BufferStream: TextStream {
    public private(set) var text = ""

    public init() {}

    public func write(_ text: String) { self.text += text }
}
