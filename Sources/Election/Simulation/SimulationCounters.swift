import Election

/// Running totals of a simulation, kept whether or not the trace is recorded.
///
/// A message that is sent is, eventually, either delivered, dropped, still in flight, or
/// waiting in a paused node's backlog; duplicated copies count once more when delivered.
public struct SimulationCounters: Hashable, Sendable {
    /// Messages handed to the network, counted per destination: a broadcast to 4 peers
    /// counts 4.
    public var messagesSent: Int
    /// Messages a node handled (each delivered duplicate counts).
    public var messagesDelivered: Int
    /// Messages lost: to random loss, to a partition, or because their destination was not
    /// running (at send time, on arrival, or while waiting in a paused node's backlog).
    public var messagesDropped: Int
    /// Extra copies the network made because of `duplicationProbability`.
    public var messagesDuplicated: Int
    /// Messages sent, by `ElectionMessage.typeName`.
    public var messagesByType: [String: Int]
    /// Timers that fired and reached their node (cancelled or moved timers never count).
    public var timersFired: Int
    /// Events taken off the virtual-time queue: message arrivals, timer expiries (including
    /// stale entries of timers that were since moved or cancelled), unreachable hints and
    /// scripted actions.
    public var eventsProcessed: Int
    /// Nodes killed part-way through the effects of an input by `StorageFaults` (around a
    /// persist or anywhere), failed writes not included.
    public var crashesWithinInput: Int
    /// Writes that took time (`StorageFaults.persistLatencyMin`/`Max`).
    public var persistsDelayed: Int
    /// Writes that failed and crashed their node (`StorageFaults.persistFailureProbability`).
    public var persistFailures: Int

    public init(messagesSent: Int = 0, messagesDelivered: Int = 0, messagesDropped: Int = 0,
                messagesDuplicated: Int = 0, messagesByType: [String: Int] = [:],
                timersFired: Int = 0, eventsProcessed: Int = 0, crashesWithinInput: Int = 0,
                persistsDelayed: Int = 0, persistFailures: Int = 0) {
        self.messagesSent = messagesSent
        self.messagesDelivered = messagesDelivered
        self.messagesDropped = messagesDropped
        self.messagesDuplicated = messagesDuplicated
        self.messagesByType = messagesByType
        self.timersFired = timersFired
        self.eventsProcessed = eventsProcessed
        self.crashesWithinInput = crashesWithinInput
        self.persistsDelayed = persistsDelayed
        self.persistFailures = persistFailures
    }
}
