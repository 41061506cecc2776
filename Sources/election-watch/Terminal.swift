#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The little terminal control `election-watch` needs: raw writes to standard output and
/// error, and the ANSI sequences that redraw a screen in place.
enum Terminal {
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Hides the cursor, turns off line wrapping (long lines are cut, so the screen keeps
    /// its shape in a narrow window) and clears the screen.
    static func enterLiveScreen() {
        write("\u{1B}[?25l\u{1B}[?7l\u{1B}[2J\u{1B}[H")
    }

    /// Undoes `enterLiveScreen`, leaving the last frame visible above the prompt.
    static func leaveLiveScreen() {
        write("\u{1B}[?7h\u{1B}[?25h")
    }

    /// Draws `lines` from the top left, clearing what is left of each line and of the
    /// screen below, so nothing flickers and no old text survives.
    static func draw(_ lines: [String]) {
        write("\u{1B}[H" + lines.map { $0 + "\u{1B}[K" }.joined(separator: "\n") + "\n\u{1B}[J")
    }

    static func write(_ text: String) { write(text, to: STDOUT_FILENO) }

    static func writeError(_ text: String) { write(text, to: STDERR_FILENO) }

    /// Unbuffered, so a snapshot reaches a pipe (`| tee`) the moment it is printed.
    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(descriptor, buffer.baseAddress, buffer.count)
                #else
                Darwin.write(descriptor, buffer.baseAddress, buffer.count)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                return  // the reader went away; nothing sensible left to do with the text
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
