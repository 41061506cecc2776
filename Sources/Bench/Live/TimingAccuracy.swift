import Election

/// How far to trust a live result's times, worked out from the run itself: how long each
/// signal took to act after the bench read the clock, and how status polling compared
/// with the nodes' event timestamps. It becomes the result's `TimeMeasurement`.
///
/// The error budget of one failover time (`event ts` - `kill time`):
/// 1. both are readings of one kernel clock (`CLOCK_REALTIME`, `WallClock.resolutionMs`),
///    so there is no skew between processes;
/// 2. the node writes `ts` to a microsecond (`WallClock.nodeTimestampPrecisionMs`);
/// 3. the fault happens somewhere between the bench's reading and the signal having acted
///    (`FaultRecord.actingLatencyMs`): the measured time may include up to that much.
/// The resolution reported is the sum of the three, taking the worst acting latency of
/// the run.
struct TimingAccuracy {
    private(set) var faults: [FaultRecord] = []
    /// Status polling's view minus the event view, per trial that has both (ms).
    private(set) var pollingLag: [Double] = []
    private(set) var roundPeriods: [Double] = []
    /// Per cut: from the bench's reading until the last node said the cut was in force.
    private(set) var cutLatencies: [Double] = []
    private let pollInterval: Duration

    init(pollInterval: Duration) { self.pollInterval = pollInterval }

    mutating func record(_ fault: FaultRecord) { faults.append(fault) }

    /// A cut (`LiveCluster.isolate`) that every node applied `actingLatencyMs` after the
    /// bench's reading.
    mutating func recordCut(actingLatencyMs: Double) { cutLatencies.append(actingLatencyMs) }

    /// Compares polling with the events for one failover (both measured from the clock
    /// reading `clockMs`, taken just before the fault).
    mutating func compare(eventFailoverMs: Double?, polled: PolledAgreement?, clockMs: Double) {
        guard let polled else { return }
        roundPeriods.append(polled.roundPeriodMs)
        if let eventFailoverMs { pollingLag.append(polled.seenMs - clockMs - eventFailoverMs) }
    }

    /// The worst time from the clock reading to the signal (or cut) having acted, in this run.
    var worstActingLatencyMs: Double? { (faults.compactMap(\.actingLatencyMs) + cutLatencies).max() }

    /// The result's `TimeMeasurement`: node event timestamps, with the resolution
    /// worked out above and a note that says where it comes from.
    func measurement() -> TimeMeasurement {
        let resolution = WallClock.resolutionMs + WallClock.nodeTimestampPrecisionMs + (worstActingLatencyMs ?? 0)
        // Up to the next microsecond, ignoring floating-point dust below a nanosecond.
        let rounded = (resolution * 1000 - 1e-6).rounded(.up) / 1000
        return TimeMeasurement(method: .nodeEventTimestamps, resolutionMs: rounded, note: note())
    }

    private func note() -> String {
        var sentences = [
            "Times come from the nodes' own event timestamps (ts: CLOCK_REALTIME, written to "
                + "\(ms(WallClock.nodeTimestampPrecisionMs))) minus the bench's reading of the same clock "
                + "(resolution \(ms(WallClock.resolutionMs))) just before it sent the signal.",
        ]
        let kills = faults.filter { $0.fault == .kill }.compactMap(\.actingLatencyMs)
        if let summary = Statistics.summarize(kills) {
            sentences.append(
                "After kill -9 the process was known dead (the bench saw it a zombie in /proc, or a survivor "
                    + "logged its connection to it closing, whichever came first) a median \(ms(summary.p50)) "
                    + "and at most \(ms(summary.max)) after that reading, so a time may include up to "
                    + "\(ms(summary.max)) of kill latency (\(kills.count) kills).")
        }
        let stops = faults.filter { $0.fault.isGraceful }.compactMap(\.actingLatencyMs)
        if let summary = Statistics.summarize(stops) {
            sentences.append(
                "After SIGINT the node logged its first line about stopping a median \(ms(summary.p50)) "
                    + "and at most \(ms(summary.max)) after that reading (\(stops.count) stops).")
        }
        if let summary = Statistics.summarize(cutLatencies) {
            sentences.append(
                "After the bench told the nodes on their standard input to cut a node off, the last of them "
                    + "logged control_applied a median \(ms(summary.p50)) and at most \(ms(summary.max)) after that "
                    + "reading (\(cutLatencies.count) cuts).")
        }
        if let lag = Statistics.summarize(pollingLag), let period = Statistics.summarize(roundPeriods) {
            let early = pollingLag.filter { $0 < -WallClock.nodeTimestampPrecisionMs }.count
            var sentence = "Status polling (a round of queries to every survivor, then a "
                + "\(ms(pollInterval.milliseconds)) pause; round period median \(ms(period.p50))) "
                + "confirmed \(lag.n) failovers: it saw agreement a median \(ms(lag.p50)) and at most "
                + "\(ms(lag.max)) after the node events said so"
            sentence += early == 0
                ? ", never before."
                : "; in \(early) trial(s) it saw it up to \(ms(-lag.min)) earlier than the events, "
                    + "which means a node answered the query before its log line was written."
            sentences.append(sentence)
        }
        return sentences.joined(separator: " ")
    }

    private func ms(_ value: Double) -> String {
        value < 0.01 && value > 0 ? "\(ReportNumber.plain(value, decimals: 6)) ms" : "\(ReportNumber.plain(value, decimals: 3)) ms"
    }
}
