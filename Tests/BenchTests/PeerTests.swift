import Election
import Foundation
import Raft
import Testing
@testable import Bench

/// The pieces of `--with etcd` and `--with workshop=PATH` that need no running peer:
/// reading their status replies, the HTTP framing, the timeouts, the flags, and what a
/// missing program does to a run.
@Suite struct PeerTests {
    // MARK: Status replies

    @Test func etcdStatus_namesItsMemberLeaderAndTerm() throws {
        let body = #"{"header":{"cluster_id":"8570459336700167655","member_id":"11539305337000706507","#
            + #""revision":"1","raft_term":"3"},"version":"3.4.23","leader":"8645782499530242234","#
            + #""raftIndex":"9","raftTerm":"3"}"#
        let status = try #require(PeerStatus.etcd(Array(body.utf8)))
        #expect(status.member == "11539305337000706507")
        #expect(status.leader == "8645782499530242234")
        #expect(status.term == 3)
        #expect(status.role == .follower)
    }

    @Test func etcdStatus_withLeaderZeroOrMissing_knowsNoLeader() throws {
        let zero = try #require(PeerStatus.etcd(Array(#"{"header":{"member_id":"42"},"leader":"0"}"#.utf8)))
        #expect(zero.leader == nil && zero.role == .candidate)
        let missing = try #require(PeerStatus.etcd(Array(#"{"header":{"member_id":"42"},"raftTerm":"5"}"#.utf8)))
        #expect(missing.leader == nil && missing.term == 5)
        let leading = try #require(PeerStatus.etcd(Array(#"{"header":{"member_id":"42"},"leader":"42"}"#.utf8)))
        #expect(leading.role == .leader)
    }

    @Test func etcdStatus_refusesWhatIsNotAStatus() {
        #expect(PeerStatus.etcd(Array(#"{"error":"etcdserver: no leader","code":14}"#.utf8)) == nil)
        #expect(PeerStatus.etcd(Array(#"{"header":{"member_id":"not a number"}}"#.utf8)) == nil)
        #expect(PeerStatus.etcd(Array("<html>".utf8)) == nil)
    }

    @Test func workshopStatus_readsTheModulesShape() throws {
        let follower = try #require(PeerStatus.workshop(Array(
            #"{"node_id":1,"leader_id":3,"is_leader":false,"election_in_progress":false}"#.utf8)))
        #expect(follower.member == "1" && follower.leader == "3" && follower.role == .follower)
        #expect(follower.term == nil)
        let leader = try #require(PeerStatus.workshop(Array(
            #"{"node_id":3,"leader_id":3,"is_leader":true,"election_in_progress":false}"#.utf8)))
        #expect(leader.role == .leader)
        let electing = try #require(PeerStatus.workshop(Array(
            #"{"node_id":2,"leader_id":3,"is_leader":false,"election_in_progress":true}"#.utf8)))
        #expect(electing.role == .candidate)
        let beforeFirstElection = try #require(PeerStatus.workshop(Array(
            #"{"node_id":2,"leader_id":null,"is_leader":false,"election_in_progress":false}"#.utf8)))
        #expect(beforeFirstElection.leader == nil && beforeFirstElection.role == .candidate)
        #expect(PeerStatus.workshop(Array(#"{"detail":"Not Found"}"#.utf8)) == nil)
    }

    // MARK: HTTP replies

    @Test func httpReply_isCompleteOnlyWithItsWholeBody() {
        let reply = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".utf8)
        #expect(HTTPReplyParser.parse(Array(reply.dropLast())) == .incomplete)
        #expect(HTTPReplyParser.parse(Array(reply.prefix(10))) == .incomplete)
        guard case .complete(let parsed, let consumed) = HTTPReplyParser.parse(reply) else {
            Issue.record("a whole reply was not read")
            return
        }
        #expect(parsed.status == 200 && parsed.body == Array("{}".utf8) && parsed.keepAlive)
        #expect(consumed == reply.count)
    }

    @Test func httpReply_closeAndHTTP10MeanANewConnection() {
        let closing = Array("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\ncontent-length: 0\r\n\r\n".utf8)
        guard case .complete(let reply, _) = HTTPReplyParser.parse(closing) else {
            Issue.record("a reply with an empty body was not read")
            return
        }
        #expect(reply.status == 503 && !reply.keepAlive && reply.body.isEmpty)
        guard case .complete(let old, _) = HTTPReplyParser.parse(Array("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".utf8))
        else {
            Issue.record("an HTTP/1.0 reply was not read")
            return
        }
        #expect(!old.keepAlive)
    }

    @Test func httpReply_withoutALength_isRefusedWithAReason() {
        let chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n".utf8)
        guard case .malformed(let reason) = HTTPReplyParser.parse(chunked) else {
            Issue.record("a chunked reply was accepted")
            return
        }
        #expect(reason.contains("chunked"))
        #expect(HTTPReplyParser.parse(Array("SSH-2.0-OpenSSH\r\n\r\n".utf8)) != .incomplete)
        #expect(HTTPReplyParser.parse(Array("HTTP/1.1 200 OK\r\n\r\n".utf8))
            == .malformed("the reply has no Content-Length"))
    }

    // MARK: etcd's timeouts

    @Test func etcdTimeouts_same_keepsOurElectionTimeoutAndLowersTheHeartbeatWhenEtcdNeedsIt() throws {
        let ours = try EtcdTimeouts.same.resolve(against: RaftSettings())  // 75 ms, 150-250 ms
        #expect(ours.heartbeat == .milliseconds(30) && ours.election == .milliseconds(150))
        #expect(ours.note.contains("30 ms instead of our 75 ms"))
        var slow = RaftSettings()
        slow.heartbeatInterval = .milliseconds(50)
        slow.electionTimeoutMin = .milliseconds(500)
        slow.electionTimeoutMax = .milliseconds(1000)
        let kept = try EtcdTimeouts.same.resolve(against: slow)
        #expect(kept.heartbeat == .milliseconds(50) && kept.election == .milliseconds(500))
    }

    @Test func etcdTimeouts_parse() throws {
        #expect(EtcdTimeouts.parse("same") == .same)
        #expect(EtcdTimeouts.parse("defaults") == .defaults)
        #expect(EtcdTimeouts.parse("50:500") == .explicit(heartbeat: .milliseconds(50), election: .milliseconds(500)))
        #expect(EtcdTimeouts.parse("50:200") == nil, "etcd refuses an election below 5 heartbeats")
        #expect(EtcdTimeouts.parse("0:100") == nil)
        #expect(EtcdTimeouts.parse("fast") == nil)
        let defaults = try EtcdTimeouts.defaults.resolve(against: RaftSettings())
        #expect(defaults.heartbeat == .milliseconds(100) && defaults.election == .milliseconds(1000))
    }

    @Test func etcdPeer_recordsTheTimeoutsItRunsWith() throws {
        let peer = try EtcdPeer(executable: URL(fileURLWithPath: "/nonexistent/etcd"), timeouts: .same,
                                raft: LiveBenchOptions.Timing())
        #expect(peer.timing == TimingSettings(heartbeatMs: 30, electionTimeoutMs: MillisecondRange(150, 270)))
        let members = [PeerMember(id: 1, ports: [5001, 5002]), PeerMember(id: 2, ports: [5003, 5004])]
        let (_, arguments) = peer.command(for: members[1], in: members, directory: "/tmp/x")
        #expect(arguments.contains("--election-timeout") && arguments.contains("150"))
        #expect(arguments.contains("m1=http://127.0.0.1:5002,m2=http://127.0.0.1:5004"))
        #expect(arguments.allSatisfy { !$0.contains("0.0.0.0") && !$0.contains("localhost") })
    }

    // MARK: Flags

    private func options(_ arguments: [String]) throws -> BenchOptions {
        guard case .run(let options) = try BenchCommandLine.parse(arguments) else {
            throw BenchCommandLineError.unknownOption("(help)")
        }
        return options
    }

    @Test func with_namesPeersAndTheirTimeouts() throws {
        let parsed = try options(["failover", "--live", "--with", "etcd", "--with=workshop=/x/bully_node.py",
                                  "--etcd-timeouts", "defaults"])
        #expect(parsed.peers == [.etcd, .workshop(script: "/x/bully_node.py")])
        #expect(parsed.etcdTimeouts == .defaults)
        #expect(parsed.peers(for: .failover, mode: .live) == [.etcd, .workshop(script: "/x/bully_node.py")])
        #expect(parsed.peers(for: .failover, mode: .sim).isEmpty)
    }

    @Test func withoutWith_onlyTheDefaultRunAddsEtcd() throws {
        #expect(try options([]).peers(for: .failover, mode: .live) == [.etcd])
        #expect(try options(["failover", "--live"]).peers(for: .failover, mode: .live).isEmpty)
        #expect(try options(["--with", "none"]).peers(for: .failover, mode: .live).isEmpty)
        #expect(try options([]).peers(for: .slowHighest, mode: .live).isEmpty)
    }

    @Test func with_whereNoLiveFailoverRuns_isRefused() {
        #expect(throws: BenchCommandLineError.peersNeedLiveFailover) {
            try BenchCommandLine.parse(["failover", "--with", "etcd"])
        }
        #expect(throws: BenchCommandLineError.peersNeedLiveFailover) {
            try BenchCommandLine.parse(["flapping", "--live", "--with", "etcd"])
        }
        #expect(throws: BenchCommandLineError.peersNeedLiveFailover) {
            try BenchCommandLine.parse(["--sim", "--with", "etcd"])
        }
        #expect(throws: BenchCommandLineError.badValue(option: "--with", value: "consul", expected: BenchPeer.expected)) {
            try BenchCommandLine.parse(["failover", "--live", "--with", "consul"])
        }
        #expect(throws: BenchCommandLineError.badValue(option: "--etcd-timeouts", value: "10:20",
                                                       expected: EtcdTimeouts.expected)) {
            try BenchCommandLine.parse(["failover", "--live", "--etcd-timeouts", "10:20"])
        }
    }

    // MARK: Missing programs

    @Test func etcdNotOnPath_isOneLineThatSaysHowToGetIt() {
        let made = PeerScenarioRunner.make(.etcd, options: LiveBenchOptions(), etcdTimeouts: .same,
                                           searchPath: "/nonexistent")
        guard case .failure(let problem) = made else {
            Issue.record("etcd was found in /nonexistent")
            return
        }
        #expect(!problem.description.contains("\n"))
        #expect(problem.description.contains("apt-get install etcd-server etcd-client"))
    }

    @Test func aWorkshopScriptThatIsNotThere_isOneLine() {
        let made = PeerScenarioRunner.make(.workshop(script: "/nonexistent/bully_node.py"), options: LiveBenchOptions(),
                                           etcdTimeouts: .same, searchPath: "/usr/bin")
        guard case .failure(let problem) = made else {
            Issue.record("a missing script was accepted")
            return
        }
        #expect(!problem.description.contains("\n"))
        #expect(problem.description.contains("/nonexistent/bully_node.py is not a readable file"))
    }

    @Test func program_withEtcdMissing_printsOneLineAndGoesOn() throws {
        let console = RecordingConsole()
        let directory = NSTemporaryDirectory() + "peer-tests-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bench = ElectionBench(liveRunner: { options in BenchCommandLineTests.FakeLiveRunner(options: options) },
                                  console: console, searchPath: "/nonexistent")
        let status = bench.run(arguments: ["failover", "--live", "--with", "etcd", "--trials", "1", "--out", directory])
        #expect(status == 0)
        #expect(console.errors == [PeerAvailability.etcdMissing])
        let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("results.json"))
        #expect(try BenchJSON.decodeRun(from: data).results.map(\.algorithm) == ["bully", "raft"])
    }
}
