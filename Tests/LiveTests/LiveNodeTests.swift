import Election
import ElectionLive
import Foundation
import Synchronization
import Testing

/// `LiveNode` in this process, driving the toy `TallyNode` over real TCP: inputs, timers,
/// persistence order, status and the runtime's own log lines.
@Suite struct LiveNodeTests {
    /// Log lines kept in memory.
    final class CapturedLog: Sendable {
        private let lines = Mutex<[String]>([])
        func log(for node: NodeID) -> EventLog {
            EventLog(node: node, format: .text, sink: { line in self.lines.withLock { $0.append(line) } })
        }
        var text: String { lines.withLock { $0.joined() } }
    }

    /// A scratch directory for one test, with a two-member membership on ports reserved
    /// until `cleanUp()`: while node 1 is not running (yet, or between two lives), its port
    /// refuses connections, and no other test can be handed it and answer them.
    struct Setup {
        let directory = NSTemporaryDirectory() + "live-node-tests-\(UUID().uuidString)"
        let membership: Membership
        private let reservations = PortReservations(2)

        init() throws {
            let ports = reservations.ports
            membership = try Membership([Member(id: 1, port: ports[0]), Member(id: 2, port: ports[1])])
        }

        func store(_ id: NodeID) -> DurableStore<TallyNode.Saved> {
            DurableStore(directory: directory + "/node-\(id)")
        }

        func configuration(_ id: NodeID) -> LiveNode<TallyNode>.Configuration {
            .init(id: id, membership: membership, settings: .init(), seed: 1)
        }

        func cleanUp() {
            reservations.release()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func messagesTimersAndPersistenceFlowBetweenTwoNodes() async throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        let captured = CapturedLog()
        let leader = try LiveNode<TallyNode>(setup.configuration(1), store: setup.store(1), log: captured.log(for: 1))
        let follower = try LiveNode<TallyNode>(setup.configuration(2), store: setup.store(2), log: captured.log(for: 2))
        try follower.start()
        try leader.start()
        defer {
            leader.stop(graceful: true)
            follower.stop(graceful: true)
        }

        // 1) Three ticks, three broadcasts: the follower ends at 3, following node 1.
        #expect(await eventually { follower.status.term == 3 && follower.status.leader == 1 }, "\(captured.text)")
        #expect(leader.status.term == 3)
        // 2) Both saved their count, and a status query over TCP tells the same story.
        #expect(try setup.store(1).load() == TallyNode.Saved(count: 3))
        #expect(try setup.store(2).load() == TallyNode.Saved(count: 3))
        let reply = try #require(LoopbackProbe.status(port: follower.boundPort))
        #expect(reply.algorithm == "tally" && reply.leader == 1 && reply.term == 3 && reply.members == [1, 2])
        // 3) The runtime logged the start and the status changes it saw.
        #expect(captured.text.contains("[node 2] tally node 2 listening on 127.0.0.1:\(follower.boundPort)"))
        #expect(captured.text.contains("[node 2] role is now follower (term 0)"))
        #expect(captured.text.contains("[node 2] leader is now 1 (term 1)"))
        #expect(captured.text.contains("[node 1] sent tally 3"))
    }

    @Test func theLastWordsOfAGracefulStopReachThePeerBeforeTheSocketsClose() async throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        let captured = CapturedLog()
        var leaderConfiguration = setup.configuration(1)
        leaderConfiguration.settings.farewell = 1000
        // Its frames leave 20 ms after they are sent, so the last one is surely still queued
        // when the stop begins: only a flush that waits for it gets it out.
        leaderConfiguration.extraDelay = .milliseconds(20)
        let leader = try LiveNode<TallyNode>(leaderConfiguration, log: captured.log(for: 1))
        let follower = try LiveNode<TallyNode>(setup.configuration(2), log: captured.log(for: 2))
        try follower.start()
        try leader.start()
        defer {
            leader.stop(graceful: true)
            follower.stop(graceful: true)
        }
        #expect(await eventually { follower.status.term == 3 }, "\(captured.text)")
        // The stop broadcasts 1000 and closes the sockets: the frame leaves first.
        leader.stop(graceful: true)
        #expect(await eventually { follower.status.term == 1000 }, "\(captured.text)")
    }

    /// The follower greets node 1 once at start, before node 1 listens, and after that only
    /// hears from it: the refused greeting is the first "down" line, and each later loss of
    /// node 1 adds exactly one more.
    @Test func everyLossOfAPeerWeOnlyHearFromIsLogged() async throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        let captured = CapturedLog()
        let follower = try LiveNode<TallyNode>(setup.configuration(2), log: captured.log(for: 2))
        try follower.start()
        defer { follower.stop(graceful: true) }
        func downLines() -> Int { captured.text.components(separatedBy: "[node 2] peer 1 is down").count - 1 }
        // Node 1 is not started yet, so the greeting is refused. Waiting for that line first
        // keeps it from racing the first life's start on a loaded machine.
        #expect(await eventually { downLines() == 1 }, "\(captured.text)")
        for life in 1...2 {
            // Each life of node 1 counts 3 further than the last, so the follower's count
            // shows that it heard from this one.
            var configuration = setup.configuration(1)
            configuration.settings.rounds = 3 * life
            let leader = try LiveNode<TallyNode>(configuration, log: captured.log(for: 1))
            try leader.start()
            #expect(await eventually { follower.status.term == UInt64(3 * life) }, "\(captured.text)")
            #expect(downLines() == life, "life \(life): \(captured.text)")
            leader.stop(graceful: true)
            #expect(await eventually { downLines() == life + 1 }, "life \(life): \(captured.text)")
        }
    }

    @Test func durableStateIsHandedBackOnRestart() throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        try setup.store(2).createDirectory()
        try setup.store(2).save(TallyNode.Saved(count: 41))
        let restarted = try LiveNode<TallyNode>(setup.configuration(2), store: setup.store(2),
                                                log: CapturedLog().log(for: 2))
        #expect(restarted.status.term == 41)
    }

    @Test func failedPersistStopsTheNodeBeforeAnyLaterEffect() async throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        let captured = CapturedLog()
        let failures = Mutex<[LiveNodeError]>([])
        let store = setup.store(1)
        let node = try LiveNode<TallyNode>(setup.configuration(1), store: store, log: captured.log(for: 1)) { error in
            failures.withLock { $0.append(error) }
        }
        // The directory turns into a file: the first save cannot write its temporary file.
        try FileManager.default.removeItem(atPath: store.directory)
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: store.directory))
        try node.start()
        defer { node.stop(graceful: false) }

        #expect(await eventually { !failures.withLock { $0.isEmpty } }, "\(captured.text)")
        guard case .durableStore(.cannotWrite)? = failures.withLock({ $0.first }) else {
            Issue.record("expected a write failure, got \(failures.withLock { $0 })")
            return
        }
        // The log effect that came after the persist in the same batch never happened.
        #expect(!captured.text.contains("sent tally"), "\(captured.text)")
        #expect(captured.text.contains("cannot save the state"))
        #expect(captured.text.contains("port \(setup.membership.member(1)!.port) is closed"))
        #expect(node.boundPort == 0)
    }

    @Test func garbageAndStrangersAreRefusedWithAReason() throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        let captured = CapturedLog()
        let node = try LiveNode<TallyNode>(setup.configuration(2), log: captured.log(for: 2))
        try node.start()
        defer { node.stop(graceful: true) }
        let port = node.boundPort

        let garbage = try #require(LoopbackProbe.exchange(port: port, line: "hello"))
        #expect(garbage.hasPrefix("{\"type\":\"error\""))
        let stranger = try #require(LoopbackProbe.exchange(port: port, line: "{\"type\":\"tally\",\"count\":9,\"from\":7}"))
        #expect(stranger.contains("node 7, which is not another member"), "\(stranger)")
        let unknown = try #require(LoopbackProbe.exchange(port: port, line: "{\"type\":\"vote\",\"from\":1}"))
        #expect(unknown.hasPrefix("{\"type\":\"error\""))
        #expect(node.status.term == 0)
    }

    @Test func startingTwiceIsRefusedAndStoppingTwiceIsHarmless() throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        let node = try LiveNode<TallyNode>(setup.configuration(2), log: CapturedLog().log(for: 2))
        try node.start()
        #expect(throws: LiveNodeError.alreadyStarted) { try node.start() }
        node.stop(graceful: true)
        node.stop(graceful: true)
        #expect(node.boundPort == 0)
    }
}
