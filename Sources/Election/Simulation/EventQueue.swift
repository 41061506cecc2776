import Election

/// The simulator's agenda: a binary min-heap of events ordered by virtual time, then by the
/// order in which they were scheduled.
///
/// The tie-break on a sequence number is what makes the simulator deterministic: two events
/// due at the same instant always come out in the order they went in.
///
/// The heap itself holds only small, trivially copyable keys; the payloads wait in a side
/// table whose slots are reused, so restoring the heap order moves a few machine words per
/// level however large a message is.
@usableFromInline
struct EventQueue<Payload> {
    @usableFromInline
    struct Key {
        @usableFromInline var time: Int64
        @usableFromInline var sequence: UInt64
        @usableFromInline var slot: Int

        @inlinable
        init(time: Int64, sequence: UInt64, slot: Int) {
            self.time = time
            self.sequence = sequence
            self.slot = slot
        }

        @inlinable @inline(__always)
        func precedes(_ other: Key) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var heap: [Key] = []
    @usableFromInline var payloads: [Payload?] = []
    @usableFromInline var freeSlots: [Int] = []
    @usableFromInline var nextSequence: UInt64 = 0

    @inlinable
    init() {}

    @inlinable
    var count: Int { heap.count }

    @inlinable
    var isEmpty: Bool { heap.isEmpty }

    /// When the earliest event is due, in nanoseconds of virtual time.
    @inlinable
    var nextTime: Int64? { heap.first?.time }

    /// Schedules `payload` at `time` (nanoseconds), after everything already scheduled for
    /// that same time.
    @inlinable
    mutating func push(_ payload: Payload, at time: Int64) {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            payloads[slot] = payload
        } else {
            slot = payloads.count
            payloads.append(payload)
        }
        let key = Key(time: time, sequence: nextSequence, slot: slot)
        nextSequence &+= 1
        heap.append(key)
        siftUp(from: heap.count - 1)
    }

    /// Removes and returns the earliest event.
    @inlinable
    mutating func popFirst() -> (time: Int64, payload: Payload)? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(from: 0)
        }
        let payload = payloads[first.slot].take()!
        freeSlots.append(first.slot)
        return (first.time, payload)
    }

    @inlinable
    mutating func siftUp(from start: Int) {
        let moving = heap[start]
        var index = start
        while index > 0 {
            let parent = (index - 1) / 2
            guard moving.precedes(heap[parent]) else { break }
            heap[index] = heap[parent]
            index = parent
        }
        heap[index] = moving
    }

    @inlinable
    mutating func siftDown(from start: Int) {
        let moving = heap[start]
        let count = heap.count
        var index = start
        while true {
            var child = 2 * index + 1
            guard child < count else { break }
            if child + 1 < count && heap[child + 1].precedes(heap[child]) { child += 1 }
            guard heap[child].precedes(moving) else { break }
            heap[index] = heap[child]
            index = child
        }
        heap[index] = moving
    }
}
