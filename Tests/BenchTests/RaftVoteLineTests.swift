import Election
import Raft
import Testing
@testable import Bench

/// The audit reads votes from `RaftNode`'s own sentences: these tests run a real node and
/// read its lines back, so a change of wording in RaftNode fails here.
@Suite struct RaftVoteLineTests {
    private func events(_ effects: [Effect<RaftMessage, RaftPersistentState>], node: NodeID) -> [NodeLogEvent] {
        effects.compactMap { effect in
            guard case .log(let event) = effect else { return nil }
            return NodeLogEvent(timestampMs: 0, node: node, kind: event.kind, message: event.message, term: event.term)
        }
    }

    private func node(_ id: NodeID, durable: RaftPersistentState?) -> RaftNode {
        RaftNode(id: id, members: [1, 2, 3], settings: RaftSettings.textbook, random: SeededRandom(seed: 3), durable: durable)
    }

    @Test func theStartLineGivesThePersistedTermAndVote() {
        var raft = node(1, durable: RaftPersistentState(currentTerm: 4, votedFor: 2))
        let lines = events(raft.handle(.start, at: .start), node: 1).compactMap(RaftVoteLine.init)
        #expect(lines == [.startedFrom(term: 4, vote: 2)])

        var itself = node(2, durable: RaftPersistentState(currentTerm: 9, votedFor: 2))
        #expect(events(itself.handle(.start, at: .start), node: 2).compactMap(RaftVoteLine.init)
            == [.startedFrom(term: 9, vote: 2)])

        var fresh = node(3, durable: nil)
        #expect(events(fresh.handle(.start, at: .start), node: 3).compactMap(RaftVoteLine.init)
            == [.startedFrom(term: 0, vote: nil)])
    }

    @Test func aGrantedVoteNamesTheCandidateAndTerm() {
        var raft = node(1, durable: nil)
        _ = raft.handle(.start, at: .start)
        let effects = raft.handle(.receive(.requestVote(term: 3, lastLogIndex: 0, lastLogTerm: 0), from: 3), at: .start)
        #expect(events(effects, node: 1).compactMap(RaftVoteLine.init) == [.granted(term: 3, to: 3)])
    }

    @Test func anElectionIsAVoteForItself() {
        var raft = node(2, durable: RaftPersistentState(currentTerm: 6))
        _ = raft.handle(.start, at: .start)
        var seen: [RaftVoteLine] = []
        // With PreVote on, the first timeout may only ask; grant the pre-votes until it stands.
        for _ in 0..<3 where !seen.contains(.votedForItself(term: 7)) {
            var effects = raft.handle(.timerFired(RaftNode.electionTimer), at: .start)
            for peer: NodeID in [1, 3] {
                effects += raft.handle(.receive(.requestVoteReply(term: 6, voteGranted: true), from: peer), at: .start)
            }
            seen += events(effects, node: 2).compactMap(RaftVoteLine.init)
        }
        #expect(seen.contains(.votedForItself(term: 7)))
    }
}
