import Election
import Foundation
import Raft
import Testing

@testable import Bench

/// The Figure 16 experiment with a few trials: its rows, its JSON shape, its notes, and
/// the disk-latency model it relies on.
struct Figure16Tests {
    private let ranges = [MillisecondRange(150, 150), MillisecondRange(150, 300), MillisecondRange(12, 24)]

    private func smallRun() -> Figure16Result {
        Figure16Experiment(seed: 1, trialsPerRange: 10, ranges: ranges, trialCap: .seconds(3)).run { _ in }
    }

    @Test func rows_haveTheRangesTrialsAndPlausibleTimes() throws {
        let result = smallRun()
        #expect(result.rows.map(\.rangeMs) == ranges)
        #expect(result.rows.map(\.trials) == [1, 10, 10])
        #expect(result.mode == .sim && result.algorithm == "raft" && result.clusterSize == 5)
        // Without randomness the survivors split their votes for good.
        #expect(result.rows[0].unfinished == 1)
        // 150-300: at least half the minimum timeout, at most a few timeouts.
        let wide = try #require(result.rows[1].medianMs)
        #expect(wide > 75 && wide < 600)
        let short = try #require(result.rows[2].meanMs)
        #expect(short > 6 && short < 200)
    }

    @Test func figure16JSON_hasTheIssuesShape() throws {
        let data = try BenchJSON.encode(Figure16Result.File(rows: smallRun().rows))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 3)
        for row in rows {
            for key in ["range_ms", "trials", "median_ms", "mean_ms", "p99_ms", "max_ms"] {
                #expect(row.keys.contains(key), "row lacks \(key)")
            }
        }
        #expect(rows[1]["range_ms"] as? [Double] == [150, 300])
        #expect(rows[1]["trials"] as? Int == 10)
    }

    @Test func notes_compareWithEveryPaperQuoteThatRan() {
        let notes = smallRun().notes
        #expect(notes.contains { $0.hasPrefix("150-150 ms:") })
        #expect(notes.contains { $0.hasPrefix("12-24 ms mean:") })
        #expect(notes.contains { $0.hasPrefix("12-24 ms max:") })
        #expect(notes.contains { $0.contains("trials per range") })
    }

    @Test func sameSeed_sameRows() {
        #expect(smallRun().rows == smallRun().rows)
    }

    @Test func diskLatency_holdsAVoteUntilTheWriteIsDone() throws {
        let settings = DiskLatencyNode<RaftNode>.Settings(inner: RaftSettings.textbook, writeLatency: .milliseconds(6))
        var node = DiskLatencyNode<RaftNode>(id: 1, members: [1, 2, 3], settings: settings,
                                             random: SeededRandom(seed: 1), durable: nil)
        _ = node.handle(.start, at: .start)
        let request = RaftMessage.requestVote(term: 1, lastLogIndex: 0, lastLogTerm: 0)
        let now = Instant.start + .milliseconds(10)
        let effects = node.handle(.receive(request, from: 2), at: now)
        // The vote is persisted at once, but its reply waits for the disk.
        #expect(effects.contains { if case .persist = $0 { true } else { false } })
        #expect(!effects.contains { if case .send = $0 { true } else { false } })
        #expect(effects.contains {
            if case .setTimer(DiskLatencyNode<RaftNode>.writeCompleted, .milliseconds(6)) = $0 { true } else { false }
        })
        let released = node.handle(.timerFired(DiskLatencyNode<RaftNode>.writeCompleted), at: now + .milliseconds(6))
        #expect(released.count == 1)
        guard case .send(.requestVoteReply(term: 1, voteGranted: true), to: 2) = released.first else {
            Issue.record("expected the granted vote for node 2, got \(released)")
            return
        }
    }

    @Test func diskLatency_letsACandidatesRequestsGoAtOnce() {
        let settings = DiskLatencyNode<RaftNode>.Settings(inner: RaftSettings.textbook, writeLatency: .milliseconds(6))
        var node = DiskLatencyNode<RaftNode>(id: 1, members: [1, 2, 3], settings: settings,
                                             random: SeededRandom(seed: 1), durable: nil)
        _ = node.handle(.start, at: .start)
        let effects = node.handle(.timerFired(RaftNode.electionTimer), at: .start + .milliseconds(300))
        #expect(node.status.role == .candidate)
        #expect(effects.contains { if case .broadcast(.requestVote) = $0 { true } else { false } })
    }
}
