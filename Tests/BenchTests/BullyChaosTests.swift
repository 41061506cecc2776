import Bully
import Election
import Testing

@testable import Bench

/// Bully's own chaos invariants (`BullyChaosCheck`): once the faults stop and the cluster has
/// recovered, no node but the highest running id leads, and when the watch after recovery
/// ends, that node leads alone and every running node follows it. A seeded campaign keeps
/// them, and a restless Bully is caught. (An extension of `ChaosTests`, for its campaign.)
extension ChaosTests {
    @Test func bully_200Seeds_settlesOnTheHighestRunningId_afterEveryRecovery() throws {
        let summary = try campaign(seeds: 200).run(BullyNode.self)
        #expect(summary.violations.isEmpty, "\(replayable(summary.violations, of: summary))")
        let checked = Dictionary(uniqueKeysWithValues: summary.checked.map { ($0.what, $0.count) })
        // Every run recovered, so every run's recovered cluster was watched, step by step.
        #expect(summary.recoveryMilliseconds.count == 200)
        #expect(checked["recovered clusters watched"] == 200)
        #expect((checked["steps checked after recovery"] ?? 0) > 200 * 10)
        #expect(summary.invariants.contains { $0.contains("no running node leads but the highest") })
        // Leaders were stopped gracefully, so the checks saw hand-overs (LEAVING) too.
        #expect(summary.faults.gracefulStops > 200 && summary.faults.handOvers > 40, "\(summary.faults)")
    }

    @Test func check_reportsALowerLeader_andAClusterThatHasNotSettledWhenTheWatchEnds() {
        let follower = { (id: NodeID, leader: NodeID?) in NodeStatus(id: id, role: .follower, leader: leader, term: 3) }
        let leader3 = NodeStatus(id: 3, role: .leader, leader: 3, term: 3)

        let settled = BullyChaosCheck<BullyNode>(highestRunningIdLeads: true)
        settled.observe(recoveredCluster: [follower(1, 3), follower(2, 3), leader3], at: .start, watchEnded: false)
        // The leader briefly a candidate, answering a stale claim: allowed during the watch.
        settled.observe(recoveredCluster: [follower(1, 3), follower(2, 3),
                                           NodeStatus(id: 3, role: .candidate, leader: nil, term: 4)],
                        at: .start + .milliseconds(5), watchEnded: false)
        settled.observe(recoveredCluster: [follower(1, 3), follower(2, 3), leader3],
                        at: .start + .milliseconds(900), watchEnded: true)
        #expect(settled.violations.isEmpty)

        let lowerLeader = BullyChaosCheck<BullyNode>(highestRunningIdLeads: true)
        lowerLeader.observe(recoveredCluster: [follower(1, 2), NodeStatus(id: 2, role: .leader, leader: 2, term: 4),
                                               leader3], at: .start, watchEnded: false)
        #expect(lowerLeader.violations.count == 1)

        // Node 3 restarted while its previous process's LEAVING was still on its way: node 2
        // takes it as news and leads for a round trip. Allowed only while node 3's process is
        // young, and never when the watch ends.
        let staleLeaving = BullyChaosCheck<BullyNode>(highestRunningIdLeads: true)
        let restarted = Instant.start + .milliseconds(100)
        staleLeaving.observe(transitionOf: 3, at: restarted, before: nil, after: leader3, persisted: nil)
        let node2Leads = [follower(1, 2), NodeStatus(id: 2, role: .leader, leader: 2, term: 4), leader3]
        staleLeaving.observe(recoveredCluster: node2Leads, at: restarted + .milliseconds(60), watchEnded: false)
        #expect(staleLeaving.violations.isEmpty)
        staleLeaving.observe(recoveredCluster: node2Leads, at: restarted + BullyChaosCheck<BullyNode>.staleLeavingWindow,
                             watchEnded: false)
        #expect(staleLeaving.violations.count == 1)
        let young = BullyChaosCheck<BullyNode>(highestRunningIdLeads: true)
        young.observe(transitionOf: 3, at: restarted, before: nil, after: leader3, persisted: nil)
        young.observe(recoveredCluster: node2Leads, at: restarted + .milliseconds(60), watchEnded: true)
        #expect(young.violations.count == 2)  // a lower leader, and not settled, when the watch ends
        #expect(lowerLeader.violations.first?.contains("node 2 leads, below node 3") == true)

        let unsettled = BullyChaosCheck<BullyNode>(highestRunningIdLeads: true)
        unsettled.observe(recoveredCluster: [follower(1, nil), follower(2, 3), leader3],
                          at: .start + .milliseconds(900), watchEnded: true)
        #expect(unsettled.violations.count == 1)
        #expect(unsettled.violations.first?.contains("not settled on node 3") == true)
        #expect(unsettled.checked.first { $0.what == "recovered clusters watched" }?.count == 1)
    }

    /// Sticky lets a lower leader keep its place, so its check wants one leader, not the highest.
    @Test func stickyCheck_acceptsALowerLeader_andReportsTwoLeaders() {
        let follower = { (id: NodeID, leader: NodeID?) in NodeStatus(id: id, role: .follower, leader: leader, term: 3) }
        let leader2 = NodeStatus(id: 2, role: .leader, leader: 2, term: 3)

        let lowerLeader = BullyChaosCheck<BullyNode>(highestRunningIdLeads: false)
        lowerLeader.observe(recoveredCluster: [follower(1, 2), leader2, follower(3, 2)], at: .start, watchEnded: false)
        lowerLeader.observe(recoveredCluster: [follower(1, 2), leader2, follower(3, 2)],
                            at: .start + .milliseconds(900), watchEnded: true)
        #expect(lowerLeader.violations.isEmpty)

        let twoLeaders = BullyChaosCheck<BullyNode>(highestRunningIdLeads: false)
        let both = [follower(1, 2), leader2, NodeStatus(id: 3, role: .leader, leader: 3, term: 4)]
        twoLeaders.observe(recoveredCluster: [follower(1, 2), leader2, follower(3, 2)], at: .start, watchEnded: false)
        // A failure timer left from the faults: allowed within the grace, not after it.
        twoLeaders.observe(recoveredCluster: both, at: .start + .milliseconds(10), watchEnded: false)
        #expect(twoLeaders.violations.isEmpty)
        twoLeaders.observe(recoveredCluster: both, at: .start + BullyChaosCheck<BullyNode>.stickyGrace, watchEnded: true)
        #expect(twoLeaders.violations.count == 2)
        #expect(twoLeaders.violations.first?.contains("node 2, node 3 all lead") == true)
        #expect(twoLeaders.violations.last?.contains("not settled on one leader") == true)
        #expect(BullyChaosCheck<BullyNode>.invariants(highestRunningIdLeads: false)
            .allSatisfy { !$0.contains("highest") })
    }

    /// A Bully whose followers hear no HEARTBEAT and give higher nodes less than a round trip
    /// to answer: every failure timeout a follower presumes the leader dead and wins the
    /// election it holds before the leader's ANSWER arrives. The cluster still agrees on the
    /// highest id between those elections, so it recovers, and then lower nodes lead.
    @Test func aRestlessBully_isCaughtLeadingBelowTheHighestAfterRecovery() throws {
        let summary = try campaign(seeds: 50).run(RestlessBully.self)
        #expect(summary.recoveryMilliseconds.count > 25, "the watch after recovery needs recovered runs")
        #expect(summary.violations.contains { $0.sentence.contains("leads, below node") },
                "\(summary.violations.prefix(3))")
    }
}

/// `BullyNode` that drops every HEARTBEAT it receives, run with an answer timeout of half a
/// millisecond (a round trip on the healed network takes two).
struct RestlessBully: ChaosVariant {
    typealias Original = BullyNode
    typealias SafetyCheck = BullyChaosCheck<RestlessBully>
    static var algorithmName: String { "bully-restless" }
    var inner: BullyNode

    mutating func handle(_ input: Input<BullyMessage>, at now: Instant) -> [Effect<BullyMessage, NoDurableState>] {
        switch input {
        case .receive(.heartbeat, _): return []
        default: return inner.handle(input, at: now)
        }
    }

    static var chaosSettings: BullySettings {
        var settings = BullyNode.chaosSettings
        settings.answerTimeout = .microseconds(500)
        return settings
    }
}
