import Election
import ElectionLive
import Testing
@testable import Bench

/// Parsing `election-node --log-format json` lines: the fields the bench follows and the
/// lines it must leave alone.
@Suite struct LiveNodeLogEventTests {
    @Test func aRuntimeLeaderChangeCarriesLeaderRoleAndTerm() throws {
        let line = #"{"ts":1764213784567.123,"node":2,"event":"leader_changed","message":"leader is now 3 (term 5)","term":5,"leader":3,"role":"follower"}"#
        let event = try #require(NodeLogEvent.parse(line))
        #expect(event.timestampMs == 1764213784567.123)
        #expect(event.node == 2)
        #expect(event.kind == .leaderChanged)
        #expect(event.term == 5)
        #expect(event.role == .follower)
        #expect(event.leader == .leader(3))
        #expect(event.changesBelief)
    }

    @Test func aNullLeaderMeansTheNodeKnowsNone() throws {
        let line = #"{"ts":10.5,"node":1,"event":"leader_lost","message":"no leader known now (term 1)","term":1,"leader":null,"role":"candidate"}"#
        let event = try #require(NodeLogEvent.parse(line))
        #expect(event.leader == .noLeader)
        #expect(event.role == .candidate)
    }

    @Test func aRoleChangeAloneSaysNothingAboutTheLeader() throws {
        let line = #"{"ts":10,"node":1,"event":"role_changed","message":"role is now leader (term 2)","term":2,"role":"leader"}"#
        let event = try #require(NodeLogEvent.parse(line))
        #expect(event.role == .leader)
        #expect(event.leader == .notMentioned)
        #expect(event.changesBelief)
    }

    @Test func anAlgorithmsOwnLeaderChangedLineDoesNotChangeTheBelief() throws {
        // Bully logs its own `leader_changed` sentence without the runtime's fields; the
        // runtime's line with `leader` follows it.
        let line = #"{"ts":1,"node":1,"event":"leader_changed","message":"COORDINATOR (epoch 1) from node 3: following it as leader","term":1}"#
        let event = try #require(NodeLogEvent.parse(line))
        #expect(event.leader == .notMentioned)
        #expect(event.role == nil)
        #expect(!event.changesBelief)
    }

    @Test func aPeerLineNamesThePeer() throws {
        let line = #"{"ts":7,"node":1,"event":"peer_down","message":"peer 3 is down (connection refused, reset or closed)","peer":3}"#
        let event = try #require(NodeLogEvent.parse(line))
        #expect(event.kind == .peerDown)
        #expect(event.peer == 3)
        #expect(!event.changesBelief)
    }

    @Test func unknownFieldsAndRolesAreIgnored() throws {
        let line = #"{"ts":3,"node":4,"event":"node_started","message":"...","algorithm":"raft","seed":"7","role":"observer"}"#
        let event = try #require(NodeLogEvent.parse(line))
        #expect(event.kind == .nodeStarted)
        #expect(event.role == nil)
        #expect(event.term == nil)
    }

    @Test(arguments: [
        "12:03:04.567 [node 2] leader is now 2 (term 5)",
        "",
        "{not json",
        #"{"node":2,"event":"leader_changed"}"#,
        #"{"ts":1,"node":0,"event":"x"}"#,
        #"{"ts":1,"node":2,"event":"x","leader":"two"}"#,
    ])
    func linesThatAreNotEventsAreRefused(_ line: String) {
        #expect(NodeLogEvent.parse(line) == nil)
    }
}
