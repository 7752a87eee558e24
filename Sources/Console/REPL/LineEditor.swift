import Casework
import Foundation

/// What reading one line ended with.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C: the line was dropped; prompt again.
    case cancelled
    /// Ctrl-D on an empty line, or the end of piped input.
    case end
}

/// A source of REPL lines.
protocol LineReader: AnyObject {
    func read(prompt: String) -> LineInput
}

/// Lines from a pipe or file, without prompts or editing.
final class PipedLineReader: LineReader {
    private let input: Int32
    private var pending: [UInt8] = []
    private var finished = false

    init(input: Int32 = STDIN_FILENO) { self.input = input }

    func read(prompt: String) -> LineInput {
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
            }
            if finished {
                guard !pending.isEmpty else { return .end }
                defer { pending.removeAll() }
                return .line(String(decoding: pending, as: UTF8.self))
            }
            var chunk = [UInt8](repeating: 0, count: 4_096)
            let count = Foundation.read(input, &chunk, chunk.count)
            if count <= 0 { finished = true } else { pending += chunk[..<count] }
        }
    }
}

/// An in-terminal line editor: cursor keys, Home/End, history (in memory only, never
/// written to disk), Tab completion, Ctrl-C to drop the line and Ctrl-D to leave.
final class LineEditor: LineReader {
    private let input: Int32
    private let output: FileDescriptorStream
    private let outputDescriptor: Int32
    private let complete: (_ before: String) -> Completer.Completion
    private(set) var history: [String] = []

    init(input: Int32, output: Int32, complete: @escaping (_ before: String) -> Completer.Completion) {
        self.input = input
        self.output = FileDescriptorStream(output)
        outputDescriptor = output
        self.complete = complete
    }

    func read(prompt: String) -> LineInput {
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { return PipedLineReader(input: input).read(prompt: prompt) }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        tcsetattr(input, TCSADRAIN, &raw)
        // Ctrl-C typed here is a byte (ISIG is off); a signal sent to vp ends it, the terminal given back.
        TerminalRestorer.arm(input, saved, signals: [SIGINT, SIGTERM, SIGHUP])
        defer {
            tcsetattr(input, TCSADRAIN, &saved)
            TerminalRestorer.disarm()
        }

        var state = EditState(prompt: prompt)
        var historyIndex = history.count
        var draft: [Character] = []
        output.writeControl(prompt)
        while let byte = nextByte() {
            switch byte {
            case 13, 10:
                output.writeControl("\n")
                let line = String(state.buffer)
                if !line.trimmingCharacters(in: .whitespaces).isEmpty, history.last != line { history.append(line) }
                return .line(line)
            case 3:
                output.writeControl("^C\n")
                return .cancelled
            case 4:
                if state.buffer.isEmpty {
                    output.writeControl("\n")
                    return .end
                }
                state.deleteForward()
            case 127, 8: state.deleteBackward()
            case 1: state.cursor = 0
            case 5: state.cursor = state.buffer.count
            case 11: state.buffer.removeSubrange(state.cursor...)
            case 21:
                state.buffer.removeSubrange(..<state.cursor)
                state.cursor = 0
            case 23: state.deleteWordBackward()
            case 12: output.writeControl("\u{1B}[H\u{1B}[2J")
            case 9: completeWord(&state)
            case 27:
                switch readEscape() {
                case "A" where historyIndex > 0:
                    if historyIndex == history.count { draft = state.buffer }
                    historyIndex -= 1
                    state.replace(with: Array(history[historyIndex]))
                case "B" where historyIndex < history.count:
                    historyIndex += 1
                    state.replace(with: historyIndex == history.count ? draft : Array(history[historyIndex]))
                case "C": state.cursor = min(state.cursor + 1, state.buffer.count)
                case "D": state.cursor = max(state.cursor - 1, 0)
                case "H", "1~": state.cursor = 0
                case "F", "4~": state.cursor = state.buffer.count
                case "3~": state.deleteForward()
                default: break
                }
            case 0x20...0x7E: state.insert(Character(UnicodeScalar(byte)))
            case 0xC0...0xF7: if let character = readUTF8(lead: byte) { state.insert(character) }
            default: break
            }
            output.writeControl(state.redraw(columns: terminalColumns()))
        }
        return .end
    }

    /// The terminal's width now (it may have been resized since the last key); 80 if unknown.
    private func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(outputDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    private func completeWord(_ state: inout EditState) {
        let completion = complete(String(state.buffer[..<state.cursor]))
        let candidates = completion.candidates
        guard !candidates.isEmpty else { return }
        let typed = String(state.buffer[(state.cursor - completion.replacing)..<state.cursor])
        if candidates.count == 1 {
            state.replaceBeforeCursor(completion.replacing, with: Array(candidates[0]) + [" "])
            return
        }
        let common = candidates.dropFirst().reduce(candidates[0]) { $0.commonPrefix(with: $1) }
        if common.count > typed.count {
            state.replaceBeforeCursor(completion.replacing, with: Array(common))
        } else {
            output.writeControl("\n" + candidates.map { DisplayText.line($0) }.joined(separator: "  ") + "\n")
        }
    }

    private func nextByte() -> UInt8? {
        var byte: UInt8 = 0
        return Foundation.read(input, &byte, 1) == 1 ? byte : nil
    }

    /// Reads the rest of an escape sequence such as `[A` or `[3~`; returns its final part.
    private func readEscape() -> String {
        guard let first = nextByte(), first == UInt8(ascii: "[") || first == UInt8(ascii: "O") else { return "" }
        var sequence = ""
        while let byte = nextByte() {
            sequence.append(Character(UnicodeScalar(byte)))
            if (0x40...0x7E).contains(byte) { break }
        }
        return sequence
    }

    private func readUTF8(lead: UInt8) -> Character? {
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var bytes = [lead]
        for _ in 1..<length {
            guard let next = nextByte() else { return nil }
            bytes.append(next)
        }
        return String(validating: bytes, as: UTF8.self)?.first
    }
}

/// The line being edited and where the cursor is.
struct EditState {
    let prompt: String
    var buffer: [Character] = []
    var cursor = 0
    /// The first character shown when the line is wider than the terminal.
    var scroll = 0

    mutating func insert(_ character: Character) { insert(contentsOf: [character]) }

    /// Characters arrive one code point at a time: a combining accent typed after its letter
    /// is regrouped with it, so that the arrows and Backspace move over what is seen as one.
    mutating func insert(contentsOf characters: [Character]) {
        let before = String(buffer[..<cursor]) + String(characters)
        buffer = Array(before + String(buffer[cursor...]))
        cursor = min(before.count, buffer.count)
    }

    mutating func deleteBackward() {
        guard cursor > 0 else { return }
        cursor -= 1
        buffer.remove(at: cursor)
    }

    mutating func deleteForward() {
        guard cursor < buffer.count else { return }
        buffer.remove(at: cursor)
    }

    mutating func deleteWordBackward() {
        var start = cursor
        while start > 0, buffer[start - 1] == " " { start -= 1 }
        while start > 0, buffer[start - 1] != " " { start -= 1 }
        buffer.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Replaces the `count` characters before the cursor (the word being completed).
    mutating func replaceBeforeCursor(_ count: Int, with characters: [Character]) {
        buffer.removeSubrange((cursor - count)..<cursor)
        cursor -= count
        insert(contentsOf: characters)
    }

    mutating func replace(with characters: [Character]) {
        buffer = characters
        cursor = characters.count
    }

    /// Redraws the line on one row of a terminal `columns` wide and puts the terminal cursor
    /// where ours is. A line wider than the row scrolls sideways around the cursor, with `<`
    /// and `>` where it is cut: it never wraps, since a wrapped line cannot be redrawn from
    /// its start with a carriage return.
    mutating func redraw(columns: Int) -> String {
        // The last column stays empty: writing there makes some terminals wrap at once.
        let room = max(columns - DisplayWidth.of(prompt) - 1, 8)
        // Shown made safe: a name completed from the register may hold anything.
        let characters = buffer.map { (character: Character) -> Character in
            let shown = DisplayText.line(String(character))
            return shown.count == 1 ? Character(shown) : "\u{FFFD}"  // CR LF is one character, two replacements
        }
        let width = { (range: Range<Int>) in range.reduce(0) { $0 + DisplayWidth.of(characters[$1]) } }
        if width(0..<buffer.count) <= room {
            scroll = 0
        } else {
            scroll = min(scroll, cursor)
            // Room for `<` on the left and `>` (or the cursor) on the right.
            while scroll < cursor, (scroll > 0 ? 1 : 0) + width(scroll..<cursor) > room - 1 { scroll += 1 }
        }
        let marker = scroll > 0 ? "<" : ""
        var end = scroll, used = marker.count
        while end < characters.count, used + DisplayWidth.of(characters[end]) <= room - (end + 1 < characters.count ? 1 : 0) {
            used += DisplayWidth.of(characters[end])
            end += 1
        }
        let cut = end < characters.count ? ">" : ""
        let column = DisplayWidth.of(prompt) + marker.count + width(scroll..<cursor)
        return "\r" + prompt + marker + String(characters[scroll..<end]) + cut + "\u{1B}[K\r" + (column > 0 ? "\u{1B}[\(column)C" : "")
    }
}
