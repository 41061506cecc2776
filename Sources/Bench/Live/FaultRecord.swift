import Election

/// When the bench took a node down, on the nodes' clock (`WallClock`, epoch ms), and how
/// long the signal took to act: the kill-time uncertainty of a failover measurement.
struct FaultRecord: Hashable, Sendable {
    var node: NodeID
    var fault: LiveFault
    /// Read just before `kill(2)`: the fault's time in every measurement.
    var issuedMs: Double
    /// Read just after `kill(2)` returned.
    var signalReturnedMs: Double
    /// Kill: the first moment the process was known dead: the bench saw it a zombie in
    /// `/proc` (or gone), or a survivor logged that its connection to it closed (the kernel
    /// closes a dying process's sockets), whichever came first. Stop: the node's own first
    /// log line after the signal (it handled it then). `nil` when not observed.
    var actedMs: Double?
    /// A graceful stop: how the process ended on its own (`nil` when it had to be killed,
    /// or for a kill).
    var ending: ProcessEnding?

    init(node: NodeID, fault: LiveFault, issuedMs: Double, signalReturnedMs: Double,
                actedMs: Double? = nil) {
        self.node = node
        self.fault = fault
        self.issuedMs = issuedMs
        self.signalReturnedMs = signalReturnedMs
        self.actedMs = actedMs
    }

    /// From the timestamp to the signal having acted: how much of a measured failover
    /// time may belong to the kill itself rather than to the election.
    var actingLatencyMs: Double? { actedMs.map { $0 - issuedMs } }

    /// The record with the nodes' own evidence of a kill taken into account: a survivor's
    /// `peer_down` for this node at `peerDownMs` proves it was dead by then.
    func confirmed(byPeerDownAt peerDownMs: Double?) -> FaultRecord {
        guard fault == .kill, let peerDownMs, peerDownMs >= issuedMs else { return self }
        var confirmed = self
        confirmed.actedMs = min(actedMs ?? peerDownMs, peerDownMs)
        return confirmed
    }

    /// What status polling and the kill's timing say about one failover, as note parts:
    /// "status polling saw it at 205.72 ms (not yet at 201.91 ms)", "signal acted within
    /// 1.057 ms".
    func evidence(polled: PolledAgreement?) -> [String] {
        var parts: [String] = []
        if let polled {
            parts.append("status polling saw it at \(ReportNumber.plain(polled.seenMs - issuedMs, decimals: 2)) ms "
                + "(not yet at \(ReportNumber.plain(polled.notYetMs - issuedMs, decimals: 2)) ms)")
        } else {
            parts.append("status polling saw no agreement")
        }
        if let latency = actingLatencyMs {
            parts.append("signal acted within \(ReportNumber.plain(latency, decimals: 3)) ms")
        }
        return parts
    }

    /// "The stopped leader exited with status 0 by itself in 9 of 10 trials; 1 did not exit
    /// within 3 s and was killed.": how the graceful stops among `faults` ended, or `nil`
    /// when there were none.
    static let exitSentencePrefix = "The stopped leader exited with status 0 by itself in "

    static func exitSentence(_ faults: [FaultRecord]) -> String? {
        let stops = faults.filter { $0.fault.isGraceful }
        guard !stops.isEmpty else { return nil }
        let clean = stops.filter { $0.ending == .exited(0) }.count
        var sentence = exitSentencePrefix + "\(clean) of \(stops.count) trials"
        var others: [String: Int] = [:]
        for stop in stops where stop.ending != .exited(0) {
            others[stop.ending.map(\.description) ?? "did not exit within 3 s and was killed", default: 0] += 1
        }
        for (ending, count) in others.sorted(by: { $0.key < $1.key }) { sentence += "; \(count) \(ending)" }
        return sentence + "."
    }
}

/// How a process ended by itself.
enum ProcessEnding: Hashable, Sendable, CustomStringConvertible {
    /// It called exit with this status.
    case exited(Int32)
    /// A signal ended it: etcd, for one, re-raises SIGTERM once its own shutdown is done.
    case signalled(Int32)

    /// "exited with status 1", "ended on signal 15".
    var description: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .signalled(let signal): "ended on signal \(signal) (by itself, after its shutdown)"
        }
    }
}
