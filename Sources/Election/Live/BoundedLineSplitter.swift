/// Cuts bytes into lines of at most `maxLineBytes` (newline and a `\r` before it removed),
/// skipping blank ones. Unlike `LineFramer`, it recovers from a line that is too long,
/// since its sender is the trusted parent and the next line is likely fine.
struct BoundedLineSplitter {
    let maxLineBytes: Int
    private var current: [UInt8] = []
    private var overflowed = false

    init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    mutating func push(_ bytes: ArraySlice<UInt8>) -> [ControlChannelReader.Delivery] {
        var deliveries: [ControlChannelReader.Delivery] = []
        for byte in bytes {
            if byte == WireCodec.newline {
                if let delivery = takeLine() { deliveries.append(delivery) }
            } else if !overflowed {
                current.append(byte)
                // One byte of slack for the `\r` of a `\r\n`.
                if current.count > maxLineBytes + 1 {
                    overflowed = true
                    current = []
                }
            }
        }
        return deliveries
    }

    /// The last line, if the input ended without a newline after it.
    mutating func finish() -> ControlChannelReader.Delivery? { takeLine() }

    private mutating func takeLine() -> ControlChannelReader.Delivery? {
        defer { current = []; overflowed = false }
        if overflowed { return .tooLong }
        if current.last == UInt8(ascii: "\r") { current.removeLast() }
        if current.count > maxLineBytes { return .tooLong }
        guard current.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        return .line(current)
    }
}
