import Testing
@testable import Election
@testable import ElectionLive

/// The membership guard's rules, with time passed in: who counts as reachable, who was
/// never heard from, and how often a mismatch is reported.
@Suite struct MembershipGuardTests {
    let membership = try! Membership.parse("1:8001,2:8002,3:8003")

    func at(_ milliseconds: Int64) -> Instant { Instant(sinceStart: .milliseconds(milliseconds)) }

    @Test func aMemberNeverHeardFromIsListedFromTheStartAndIsNotReachable() {
        var guardian = MembershipGuard(selfID: 1, membership: membership)
        let start = guardian.health(at: at(0), needsMajority: true)
        #expect(start.neverHeardFrom == [2, 3])
        #expect(start.reachable == [1])
        guardian.heard(from: 2, at: at(100))
        let later = guardian.health(at: at(200), needsMajority: true)
        #expect(later.neverHeardFrom == [3])
        #expect(later.reachable == [1, 2])
        #expect(later.quorum == 2)
        #expect(later.marginSentence(configured: 3) == "2 of 3 configured members reachable; one more failure stops elections")
    }

    @Test func aMemberNotHeardFromWithinTheWindowIsNoLongerReachableButWasHeardFrom() {
        var guardian = MembershipGuard(selfID: 1, membership: membership)
        guardian.heard(from: 2, at: at(0))
        guardian.heard(from: 3, at: at(0))
        let window = MembershipGuard.reachableWindow.nanoseconds / 1_000_000
        guardian.heard(from: 3, at: at(window))
        let health = guardian.health(at: at(window), needsMajority: true)
        #expect(health.reachable == [1, 3])
        #expect(health.neverHeardFrom.isEmpty)
    }

    @Test func aMismatchIsReportedOncePerIntervalWithTheRefusalsInBetweenCounted() throws {
        var guardian = MembershipGuard(selfID: 1, membership: membership)
        let interval = MembershipGuard.mismatchReportInterval.nanoseconds / 1_000_000
        let firstReport = guardian.refused(from: 3, fingerprint: "0123456789abcdef", at: at(0))
        let first = try #require(firstReport)
        #expect(first.0.kind == .membershipMismatch)
        #expect(first.0.message.contains("0123456789abcdef") && first.0.message.contains(membership.fingerprint))
        for step in 1...5 {
            #expect(guardian.refused(from: 3, fingerprint: "0123456789abcdef", at: at(Int64(step))) == nil)
        }
        // Another peer has its own allowance.
        #expect(guardian.refused(from: 2, fingerprint: "0123456789abcdef", at: at(6)) != nil)
        let nextReport = guardian.refused(from: 3, fingerprint: "0123456789abcdef", at: at(interval))
        let next = try #require(nextReport)
        #expect(next.0.message.contains("5 more refused since the last report"))
        #expect(next.1.contains { $0.0 == "suppressed" && $0.1 == .int(5) })
        #expect(next.1.contains { $0.0 == "count" && $0.1 == .int(7) })
        // A new fingerprint is news at once.
        #expect(guardian.refused(from: 3, fingerprint: "fedcba9876543210", at: at(interval + 1)) != nil)
        let health = guardian.health(at: at(interval + 1), needsMajority: true)
        #expect(health.mismatches == [
            MembershipHealth.Mismatch(peer: 2, fingerprint: "0123456789abcdef", count: 1),
            MembershipHealth.Mismatch(peer: 3, fingerprint: "fedcba9876543210", count: 8),
        ])
        #expect(health.neverHeardFrom == [2, 3])  // refused lines are not "heard"
    }

    @Test(arguments: [
        (4, 5, 3 as Int?, "4 of 5 configured members reachable; elections survive one more failure, and stop after two"),
        (5, 5, 3, "5 of 5 configured members reachable; elections survive 2 more failures, and stop after 3"),
        (3, 4, 3, "3 of 4 configured members reachable; one more failure stops elections"),
        (2, 5, 3, "2 of 5 configured members reachable; elections are stopped: they need 3, so one more member must be reachable"),
        (1, 5, 3, "1 of 5 configured members reachable; elections are stopped: they need 3, so 2 more members must be reachable"),
        (1, 3, nil, "1 of 3 configured members reachable; elections need no majority, so failures do not stop them"),
    ])
    func theQuorumMarginReadsAsASentence(reachable: Int, configured: Int, quorum: Int?, sentence: String) {
        let health = MembershipHealth(fingerprint: "x", reachable: (1...reachable).map { NodeID($0) }, quorum: quorum)
        #expect(health.marginSentence(configured: configured) == sentence)
    }
}
