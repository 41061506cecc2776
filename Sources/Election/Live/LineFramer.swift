/// Cuts a byte stream into lines, with a bound on how long a line may grow.
///
/// TCP delivers bytes, not messages: one read may hold half a line, or three lines and the
/// start of a fourth. Push whatever arrived, then pull complete lines until `nextLine()`
/// returns `nil`:
///
///     framer.push(bytesJustRead)
///     while let line = try framer.nextLine() { handle(line) }
///
/// Lines come back without their `\n` (and without a `\r` before it, so `\r\n` senders
/// work too). A line longer than `maxLineBytes` is an error as soon as it is known to be
/// too long, even before its newline arrives, so a sender without newlines cannot make the
/// framer grow without bound: it holds at most `maxLineBytes` plus one pushed chunk.
public struct LineFramer: Sendable {
    /// The longest accepted line, newline excluded.
    public let maxLineBytes: Int

    private var buffer: [UInt8] = []
    /// Where the next line starts in `buffer`.
    private var lineStart = 0
    /// How far `buffer` has been searched for a newline (so a long partial line is not
    /// searched again on every push).
    private var searchedUpTo = 0

    public init(maxLineBytes: Int = WireCodec.maxLineBytes) {
        precondition(maxLineBytes > 0, "maxLineBytes must be positive, got \(maxLineBytes)")
        self.maxLineBytes = maxLineBytes
    }

    /// Bytes received but not yet returned as a line.
    public var pendingByteCount: Int { buffer.count - lineStart }

    /// Adds bytes as they came off the connection.
    public mutating func push<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        compactIfWorthIt()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete line, `nil` when the pending bytes hold no newline yet.
    /// Throws `.lineTooLong` when the next line is over the bound; the stream cannot be
    /// resynchronised after that, so the caller should close the connection.
    public mutating func nextLine() throws(WireError) -> [UInt8]? {
        let newline = WireCodec.newline
        guard let end = buffer[searchedUpTo...].firstIndex(of: newline) else {
            searchedUpTo = buffer.count
            // One byte of slack: the partial line may end in the `\r` of a `\r\n`.
            if buffer.count - lineStart > maxLineBytes + 1 { throw .lineTooLong(limit: maxLineBytes) }
            return nil
        }
        var line = buffer[lineStart..<end]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        guard line.count <= maxLineBytes else { throw .lineTooLong(limit: maxLineBytes) }
        lineStart = end + 1
        searchedUpTo = lineStart
        return Array(line)
    }

    /// At end of stream: the last line if it had no newline, `nil` if nothing is pending or
    /// the pending bytes are over the bound. Empties the framer.
    public mutating func finish() -> [UInt8]? {
        defer { buffer = []; lineStart = 0; searchedUpTo = 0 }
        var rest = buffer[lineStart...]
        if rest.last == UInt8(ascii: "\r") { rest = rest.dropLast() }
        guard !rest.isEmpty, rest.count <= maxLineBytes else { return nil }
        return Array(rest)
    }

    /// Drops the bytes of lines already returned, once they are the larger part of the
    /// buffer, so compaction costs O(1) per byte on average.
    private mutating func compactIfWorthIt() {
        guard lineStart > 0, lineStart >= buffer.count / 2 else { return }
        buffer.removeSubrange(0..<lineStart)
        searchedUpTo -= lineStart
        lineStart = 0
    }
}
