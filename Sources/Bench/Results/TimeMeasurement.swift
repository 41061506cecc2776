/// How the times in a result were taken, and how far to trust them.
///
/// JSON: `{"method":"node event timestamps","resolution_ms":1,"note":"..."}`.
struct TimeMeasurement: Codable, Hashable, Sendable {
    enum Method: String, Codable, Hashable, Sendable, CaseIterable {
        /// Live: nodes log each event (`--log-format json`) with a `ts` in epoch milliseconds;
        /// the bench reads the logs. All nodes share the machine's clock, so no skew.
        case nodeEventTimestamps = "node event timestamps"
        /// Live: the bench sends `{"type":"status"}` to every node every few milliseconds;
        /// a change is seen up to one polling interval late.
        case statusPolling = "status polling"
        /// Simulated: times are read off the simulator's virtual clock, exact by construction.
        case virtualClock = "virtual clock"
    }

    var method: Method
    /// The smallest difference the method can tell apart: each measured time may be off by
    /// up to this much (the polling interval for status polling, 0 for the virtual clock).
    var resolutionMs: Double
    /// Anything a reader needs to trust the numbers ("poll every 5 ms; includes process
    /// kill latency of about 1 ms").
    var note: String?

    init(method: Method, resolutionMs: Double, note: String? = nil) {
        self.method = method
        self.resolutionMs = resolutionMs
        self.note = note
    }

    /// The simulator's measurement: exact virtual time.
    static let virtualClock = TimeMeasurement(
        method: .virtualClock, resolutionMs: 0,
        note: "Times are read from the simulator's virtual clock; they are exact but leave out real CPU and network costs.")

    enum CodingKeys: String, CodingKey {
        case method
        case resolutionMs = "resolution_ms"
        case note
    }

    /// `status polling, ±5 ms`, for captions.
    var summary: String {
        resolutionMs > 0
            ? "\(method.rawValue), ±\(ReportNumber.plain(resolutionMs)) ms"
            : method.rawValue + ", exact"
    }
}
