import Election
import ElectionLive

/// How many bytes a message takes on the wire: its NDJSON line from `WireCodec.encode`,
/// newline included, exactly as the live transport sends it.
///
/// Encoding JSON for every message would dominate a benchmark that runs thousands of
/// trials a second, and elections send the same few messages over and over (the same vote
/// request for the same term from the same node), so each distinct (message, sender) pair
/// is encoded once and remembered. One cache serves every trial of a run; it is not
/// thread-safe.
final class WireSizeCache<Message: ElectionMessage> {
    private struct Key: Hashable {
        var message: Message
        var sender: NodeID
    }

    private var sizes: [Key: Int] = [:]

    init() {}

    /// The wire size of `message` sent by `sender`.
    func bytes(of message: Message, from sender: NodeID) -> Int {
        let key = Key(message: message, sender: sender)
        if let known = sizes[key] { return known }
        let size = WireCodec.encode(message, from: sender).count
        sizes[key] = size
        return size
    }
}
