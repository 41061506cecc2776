/// The frames waiting to go to one peer, oldest first, at most `limit` of them.
///
/// When a peer is slow or gone, its queue fills up and the oldest frames are dropped: for
/// leader election a fresh message is worth more than a stale one, and the caller of
/// `send` must never wait for a peer.
struct FrameQueue {
    struct Frame {
        var bytes: [UInt8]
        /// Not sent before this monotonic time (`extraDelay` emulates a slow node).
        var readyAt: Duration
    }

    let limit: Int
    private var frames: [Frame] = []
    private var head = 0
    /// Frames dropped since the queue was made: oldest ones pushed out, or discarded
    /// after a failed connection.
    private(set) var droppedCount = 0

    init(limit: Int) {
        precondition(limit > 0, "the send queue limit must be positive, got \(limit)")
        self.limit = limit
    }

    var count: Int { frames.count - head }
    var isEmpty: Bool { count == 0 }

    /// When the oldest frame may be sent, `nil` when the queue is empty.
    var nextReadyAt: Duration? { isEmpty ? nil : frames[head].readyAt }

    mutating func append(_ frame: Frame) {
        if count == limit {
            head += 1
            droppedCount += 1
        }
        frames.append(frame)
        if head > 64 && head * 2 > frames.count {
            frames.removeSubrange(0..<head)
            head = 0
        }
    }

    /// The frames ready at `now`, oldest first, concatenated; stops before going over
    /// `byteBudget` (but always takes at least one ready frame).
    mutating func takeReady(at now: Duration, byteBudget: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        while head < frames.count, frames[head].readyAt <= now,
              bytes.isEmpty || bytes.count + frames[head].bytes.count <= byteBudget {
            bytes += frames[head].bytes
            head += 1
        }
        if head == frames.count {
            frames.removeAll(keepingCapacity: true)
            head = 0
        }
        return bytes
    }

    /// Discards every queued frame.
    /// Counts a frame that was dropped before it was queued.
    mutating func countDropped() { droppedCount += 1 }

    mutating func removeAll() {
        droppedCount += count
        frames.removeAll()
        head = 0
    }
}
