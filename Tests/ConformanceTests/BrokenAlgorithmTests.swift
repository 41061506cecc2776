import Election
import Foundation
import Testing

/// Every conformance check can fail: each deliberately broken toy (`BrokenLowestID`) is
/// caught by the check its bug breaks, with a finding that says what went wrong. The correct
/// toy passes every check (`ConformanceTests`), so the bug is what the check sees.
struct BrokenAlgorithmTests {
    private func findings<Bug: LowestIDBug>(_ check: ConformanceCheck, _: Bug.Type) throws -> [String] {
        try ConformanceSuite(BrokenLowestID<Bug>.self, describedBy: LowestIDNode.self).findings(check)
    }

    @Test func aNodeThatDrawsFromTheSystemGenerator_givesTwoTracesForOneSeed() throws {
        let found = try findings(.sameSeedSameTrace, DrawsFromTheSystemGenerator.self)
        #expect(!found.isEmpty && found.allSatisfy { $0.contains("two runs differ at trace line") }, "\(found.prefix(2))")
    }

    @Test func aNodeThatCarriesOnAfterStop_isCaughtAnsweringProbes() throws {
        let found = try findings(.silentAfterStop, CarriesOnAfterStop.self)
        #expect(found.contains { $0.contains("stopped (graceful: true)") && $0.contains("answered") }, "\(found.prefix(2))")
    }

    @Test func aNodeThatSendsBeforePersisting_isCaught() throws {
        let found = try findings(.persistsBeforeSending, SendsBeforePersisting.self)
        #expect(found.contains { $0.contains("after it sent") }, "\(found.prefix(2))")
    }

    /// Rule 2 applies to algorithms that promise one leader per term; the toy keeps its term
    /// on disk too, so it may be held to it.
    @Test func aNodeThatNeverPersists_isCaughtAnnouncingATermItWouldForget() throws {
        var suite = try ConformanceSuite(BrokenLowestID<ForgetsItsTerm>.self, describedBy: LowestIDNode.self)
        #expect(suite.findings(.persistsBeforeSending).isEmpty)  // rule 1 sees no persist to misplace
        suite.keepsTermOnDisk = true
        let found = suite.findings(.persistsBeforeSending)
        #expect(found.contains { $0.contains("a crash would make it forget the term it announced") }, "\(found.prefix(2))")
        var correct = try ConformanceSuite(LowestIDNode.self, describedBy: LowestIDNode.self)
        correct.keepsTermOnDisk = true
        #expect(correct.findings(.persistsBeforeSending).isEmpty)
    }

    @Test func aNodeThatTrustsCancelledTimers_isCaughtActingOnOne() throws {
        let found = try findings(.onlyPendingTimersAct, TrustsCancelledTimers.self)
        #expect(found.contains { $0.contains("acted on lowest-id-heartbeat, which was not pending") }, "\(found.prefix(2))")
        // The runtime half is the simulator's, which this bug does not touch.
        #expect(!found.contains { $0.contains("was handed the expiry") })
    }

    @Test func aNodeWithAStaleStatus_isCaughtDisagreeingWithItsLog() throws {
        let found = try findings(.statusAgreesWithEffects, ShowsAStaleStatus.self)
        #expect(found.contains { $0.contains("logged became_leader") }, "\(found.prefix(2))")
    }

    @Test func aClusterThatHearsNoHeartbeat_neverConverges() throws {
        let found = try findings(.convergesAfterFaults, HearsNoHeartbeat.self)
        #expect(found.count == ConformanceSuite<LowestIDNode>.defaultSeeds.count, "\(found.prefix(2))")
        #expect(found.allSatisfy { $0.contains("no single agreed leader") })
    }

    @Test func aMessageWithAReservedKey_isCaught() {
        let found = ConformanceSuite<LowestIDNode>.wireFindings(for: [ImpersonatingMessage(from: 7)])
        #expect(found.contains { $0.contains("reserved key(s) [\"from\"]") }, "\(found)")
        // And its sender comes back wrong: the transport's `from` and its own collide.
        #expect(found.contains { $0.contains("came back from the wire") || $0.contains("does not decode") }, "\(found)")
        #expect(ConformanceSuite<LowestIDNode>.wireFindings(for: [LowestIDMessage.heartbeat(term: 4)]).isEmpty)
    }
}

/// A message that carries a sender of its own under the transport's `from` key.
struct ImpersonatingMessage: ElectionMessage {
    var from: Int
    var type = "impersonating"
    var typeName: String { type }
}
