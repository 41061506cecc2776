import Election

/// Seeded faults for a simulated cluster, one at a time: the script that `election-bench
/// chaos`, the algorithms' seeded safety tests and the conformance suite each drive their
/// runs with, so that a fault means the same everywhere and a new kind reaches them all.
///
/// Each fault is drawn from `menu`, every entry equally likely (list one twice to make it
/// twice as likely), and aimed at a member drawn first. Everything comes from `random`,
/// which the caller may go on drawing from, so one seed always gives the same faults.
///
///     var faults = RandomFaults(random: SeededRandom(seed: 7), menu: RandomFaults.Fault.allCases)
///     faults.run(on: simulator, for: .seconds(2), gapsFrom: .milliseconds(20), below: .milliseconds(150))
public struct RandomFaults {
    /// What can happen to the cluster.
    public enum Fault: Hashable, Sendable, CaseIterable {
        /// `kill -9` of a running node.
        case crash
        /// SIGTERM (Ctrl+C) of a running node that is not hung: it may send its last
        /// messages, so a leader hands over. Half of these stop the leader, when one is acting.
        case gracefulStop
        /// A forced stop of a running node.
        case forcedStop
        /// A node that is down starts again.
        case restart
        /// The members cut in two groups at random.
        case partition
        /// Every partition removed.
        case heal
        /// A running node hangs (SIGSTOP).
        case pause
        /// A hung node wakes up.
        case resume
        /// Every message to or from a node takes up to `slowestExtraDelay` more.
        case slowDown
        /// Nothing happens this time.
        case quiet
    }

    /// The faults to draw from, each entry equally likely.
    public var menu: [Fault]
    /// The most a `slowDown` adds to a node's messages.
    public var slowestExtraDelay: Duration
    /// Where every draw comes from.
    public var random: SeededRandom
    /// How many `gracefulStop`s stopped a node that was leading: the hand-overs the script ran.
    public private(set) var leadersStoppedGracefully = 0

    public init(random: SeededRandom, menu: [Fault], slowestExtraDelay: Duration = .milliseconds(200)) {
        precondition(!menu.isEmpty, "a fault script needs at least one fault to draw")
        self.random = random
        self.menu = menu
        self.slowestExtraDelay = slowestExtraDelay
    }

    /// Faults for `duration` from now: a gap drawn from `[gapsFrom, below)`, one fault, and
    /// so on until the time is up. `afterEach` hears what each draw did (`nil`: nothing, as
    /// when a crash was drawn for a node that is down).
    public mutating func run<Node: ElectionProtocol>(on simulator: Simulator<Node>, for duration: Duration,
                                                     gapsFrom shortest: Duration, below longest: Duration,
                                                     afterEach: (Fault?) -> Void = { _ in }) {
        let end = simulator.now + duration
        while simulator.now < end {
            simulator.run(for: random.duration(from: shortest, below: longest))
            afterEach(injectOne(into: simulator))
        }
    }

    /// Draws a node and a fault, and injects it now.
    /// - Returns: the fault, or `nil` when it could not apply (a crash of a node that is down,
    ///   a restart with every node up, a quiet spell).
    public mutating func injectOne<Node: ElectionProtocol>(into simulator: Simulator<Node>) -> Fault? {
        let members = simulator.members
        let node = members[Int(random.next() % UInt64(members.count))]
        let fault = menu[Int(random.next() % UInt64(menu.count))]
        switch fault {
        case .crash:
            guard simulator.isRunning(node) else { return nil }
            simulator.crash(node)
        case .gracefulStop:
            // Operators stop the leader on purpose (an upgrade, a move), so hand-overs come up
            // far more often than a uniformly drawn node would make them.
            let target = random.chance(0.5) ? actingLeader(in: simulator) ?? node : node
            // A hung process runs no SIGTERM handler until it wakes up: nothing happens now.
            guard simulator.isRunning(target), !simulator.isPaused(target) else { return nil }
            if simulator.status(of: target)?.isLeader == true { leadersStoppedGracefully += 1 }
            simulator.stop(target, graceful: true)
        case .forcedStop:
            guard simulator.isRunning(node) else { return nil }
            simulator.stop(node, graceful: false)
        case .restart:
            let down = members.filter { !simulator.isRunning($0) }
            guard !down.isEmpty else { return nil }
            simulator.restart(down[Int(random.next() % UInt64(down.count))])
        case .partition:
            guard members.count > 1 else { return nil }
            let cut = 1 + Int(random.next() % UInt64(members.count - 1))
            let shuffled = members.shuffled(using: &random)
            simulator.partition([Array(shuffled[..<cut]), Array(shuffled[cut...])])
        case .heal:
            simulator.heal()
        case .pause:
            guard simulator.isRunning(node), !simulator.isPaused(node) else { return nil }
            simulator.pause(node)
        case .resume:
            guard simulator.isPaused(node) else { return nil }
            simulator.resume(node)
        case .slowDown:
            simulator.setSlowNode(node, extraDelay: random.duration(from: .zero, below: slowestExtraDelay))
        case .quiet:
            return nil
        }
        return fault
    }

    /// A running, unhung node that believes it leads, drawn among them (during a partition
    /// there may be several); `nil` when there is none.
    private mutating func actingLeader<Node: ElectionProtocol>(in simulator: Simulator<Node>) -> NodeID? {
        let leaders = simulator.members.filter {
            !simulator.isPaused($0) && simulator.status(of: $0)?.isLeader == true
        }
        guard !leaders.isEmpty else { return nil }
        return leaders[Int(random.next() % UInt64(leaders.count))]
    }
}
