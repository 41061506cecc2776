import Election

/// How much of what the checks look at a set of runs contained.
struct RunTally: CustomStringConvertible {
    var restarts = 0
    var gracefulStops = 0
    var forcedStops = 0
    var timersFired = 0
    var messagesReceived = 0
    var leaderships = 0
    var persists = 0

    mutating func add<Node: ElectionProtocol>(_ step: HandledInput<Node>) {
        switch step.input {
        case .start: restarts += 1
        case .stop(let graceful): if graceful { gracefulStops += 1 } else { forcedStops += 1 }
        case .timerFired: timersFired += 1
        case .receive: messagesReceived += 1
        case .peerUnreachable: break
        }
        if step.after.status.isLeader && !step.statusBefore.isLeader { leaderships += 1 }
        persists += step.effects.filter { if case .persist = $0 { true } else { false } }.count
    }

    var description: String {
        "\(restarts) restarts, \(gracefulStops) graceful and \(forcedStops) forced stops, \(timersFired) timers fired, "
            + "\(messagesReceived) messages received, \(leaderships) leaderships, \(persists) persists"
    }
}
