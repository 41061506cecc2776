import Foundation
import Election
import Testing
@testable import Raft

@Suite struct RaftSettingsTests {
    /// The paper's 150 ms shortest timeout and 75 ms heartbeat, with the 100 ms window.
    @Test func defaultsFollowThePaperWithAWindowSizedFromTheVoteRound() throws {
        let settings = RaftSettings()
        #expect(settings.heartbeatInterval == .milliseconds(75))
        #expect(settings.electionTimeoutMin == .milliseconds(150))
        #expect(settings.electionTimeoutMax == .milliseconds(250))
        #expect(settings.electionTimeoutWindow == RaftSettings.defaultElectionTimeoutWindow)
        #expect(RaftSettings.defaultElectionTimeoutWindow == .milliseconds(100))
        try settings.validate()
        #expect(RaftSettings.textbook.description
            == "heartbeat every 75 ms, election timeout drawn from [150 ms, 250 ms)")
    }

    @Test func oneElectionTimeoutMeansTToTPlusTheWindow() throws {
        let settings = RaftSettings(heartbeat: .milliseconds(30), electionTimeout: .milliseconds(100))
        #expect(settings.heartbeatInterval == .milliseconds(30))
        #expect(settings.electionTimeoutMin == .milliseconds(100))
        #expect(settings.electionTimeoutMax == .milliseconds(200))
        try settings.validate()
        let etcdLike = RaftSettings(heartbeat: .milliseconds(50), electionTimeout: .milliseconds(500))
        #expect(etcdLike.electionTimeoutMin == .milliseconds(500) && etcdLike.electionTimeoutMax == .milliseconds(600))
    }

    @Test func everyOptionBeyondTheTextbookIsOnByDefault() throws {
        let settings = RaftSettings()
        #expect(settings.preVote && settings.checkQuorum && settings.leaderLease)
        #expect(settings.handOverOnStop && settings.fastDetection)
        #expect(settings.fastDetectionStagger == .milliseconds(5))
        #expect(settings == .production)
        #expect(settings.description == "heartbeat every 75 ms, election timeout drawn from "
            + "[150 ms, 250 ms); PreVote, CheckQuorum, leader lease, hand-over on stop, "
            + "fast detection (stagger 5 ms)")
    }

    @Test func textbookTurnsEveryOptionOffAndKeepsTheTiming() throws {
        let textbook = RaftSettings.textbook
        try textbook.validate()
        #expect(!textbook.preVote && !textbook.checkQuorum && !textbook.leaderLease)
        #expect(!textbook.handOverOnStop && !textbook.fastDetection)
        #expect(textbook.enabledOptions.isEmpty)
        #expect(textbook.heartbeatInterval == RaftSettings().heartbeatInterval)
        #expect(textbook.electionTimeoutMin == RaftSettings().electionTimeoutMin)
        #expect(textbook.electionTimeoutMax == RaftSettings().electionTimeoutMax)
        #expect(textbook.fastDetectionStagger == RaftSettings().fastDetectionStagger)
        var enabled = textbook
        enabled.enableEveryOption()
        #expect(enabled == RaftSettings())
    }

    @Test func aWindowMeansTToTPlusW() throws {
        var settings = RaftSettings(heartbeat: .milliseconds(50), electionTimeout: .milliseconds(500),
                                    window: .milliseconds(100))
        #expect(settings.electionTimeoutMin == .milliseconds(500))
        #expect(settings.electionTimeoutMax == .milliseconds(600))
        #expect(settings.electionTimeoutWindow == .milliseconds(100))
        try settings.validate()
        settings.electionTimeoutWindow = .milliseconds(40)
        #expect(settings.electionTimeoutMin == .milliseconds(500))
        #expect(settings.electionTimeoutMax == .milliseconds(540))
        // The textbook's [T, 2T) is a window as wide as T.
        #expect(RaftSettings(heartbeat: .milliseconds(50), electionTimeout: .milliseconds(500),
                             window: .milliseconds(500)).electionTimeoutMax == .milliseconds(1000))
    }

    @Test(arguments: [Duration.milliseconds(-1), .milliseconds(150), .milliseconds(400)])
    func rejectsAStaggerOutsideTheElectionTimeout(stagger: Duration) {
        var settings = RaftSettings()
        settings.fastDetectionStagger = stagger
        #expect(settings.validationError
            == .fastDetectionStaggerOutOfRange(stagger: stagger, electionTimeoutMin: .milliseconds(150)))
        #expect(settings.validationError?.description.contains("fast-detection stagger") == true)
    }

    @Test func equalMinAndMaxIsAllowed() throws {
        try RaftSettings(heartbeatInterval: .milliseconds(50), electionTimeoutMin: .milliseconds(150),
                         electionTimeoutMax: .milliseconds(150)).validate()
    }

    @Test(arguments: [
        (RaftSettings(heartbeatInterval: .zero, electionTimeoutMin: .milliseconds(150),
                      electionTimeoutMax: .milliseconds(300)),
         RaftSettingsError.heartbeatNotPositive(.zero)),
        (RaftSettings(heartbeatInterval: .milliseconds(-5), electionTimeoutMin: .milliseconds(150),
                      electionTimeoutMax: .milliseconds(300)),
         .heartbeatNotPositive(.milliseconds(-5))),
        (RaftSettings(heartbeatInterval: .milliseconds(50), electionTimeoutMin: .zero,
                      electionTimeoutMax: .milliseconds(300)),
         .electionTimeoutNotPositive(.zero)),
        (RaftSettings(heartbeatInterval: .milliseconds(50), electionTimeoutMin: .milliseconds(300),
                      electionTimeoutMax: .milliseconds(150)),
         .electionTimeoutRangeReversed(min: .milliseconds(300), max: .milliseconds(150))),
        (RaftSettings(heartbeatInterval: .milliseconds(150), electionTimeoutMin: .milliseconds(150),
                      electionTimeoutMax: .milliseconds(300)),
         .heartbeatNotShorterThanElectionTimeout(heartbeat: .milliseconds(150),
                                                 electionTimeoutMin: .milliseconds(150))),
    ])
    func rejectsUnusableSettings(settings: RaftSettings, expected: RaftSettingsError) {
        #expect(settings.validationError == expected)
        #expect(throws: expected) { try settings.validate() }
    }

    @Test func errorsAreSentencesThatSayWhatToChange() {
        #expect(RaftSettingsError.electionTimeoutRangeReversed(min: .milliseconds(300),
                                                               max: .milliseconds(150)).description
            == "the election timeout range 300 ms-150 ms ends before it starts; "
                + "give the smaller value first, like 150-250")
        let tooSlow = RaftSettingsError.heartbeatNotShorterThanElectionTimeout(
            heartbeat: .milliseconds(200), electionTimeoutMin: .milliseconds(150))
        #expect(tooSlow.description.hasPrefix(
            "the heartbeat interval (200 ms) must be shorter than the shortest election timeout (150 ms)"))
        #expect(RaftSettingsError.heartbeatNotPositive(.microseconds(-500)).description
            .hasPrefix("the heartbeat interval is -0.5 ms; it must be more than 0 ms"))
    }
}

@Suite struct RaftPersistentStateTests {
    @Test func encodesWithSnakeCaseKeysAndAnExplicitNullVote() throws {
        let sorted = JSONEncoder()
        sorted.outputFormatting = .sortedKeys
        let fresh = String(decoding: try sorted.encode(RaftPersistentState()), as: UTF8.self)
        #expect(fresh == #"{"current_term":0,"last_log_index":0,"last_log_term":0,"voted_for":null}"#)
        let voted = RaftPersistentState(currentTerm: 5, votedFor: 2, lastLogIndex: 3, lastLogTerm: 2)
        let text = String(decoding: try sorted.encode(voted), as: UTF8.self)
        #expect(text == #"{"current_term":5,"last_log_index":3,"last_log_term":2,"voted_for":2}"#)
        #expect(try JSONDecoder().decode(RaftPersistentState.self, from: Data(text.utf8)) == voted)
        #expect(try JSONDecoder().decode(RaftPersistentState.self, from: Data(fresh.utf8))
            == RaftPersistentState())
    }

    @Test func comparesLogsAsSection541Says() {
        let mine = RaftPersistentState(currentTerm: 4, lastLogIndex: 5, lastLogTerm: 3)
        #expect(mine.isLogAtLeastAsUpToDate(lastLogIndex: 1, lastLogTerm: 4))
        #expect(mine.isLogAtLeastAsUpToDate(lastLogIndex: 5, lastLogTerm: 3))
        #expect(!mine.isLogAtLeastAsUpToDate(lastLogIndex: 4, lastLogTerm: 3))
        #expect(!mine.isLogAtLeastAsUpToDate(lastLogIndex: 99, lastLogTerm: 2))
    }
}

/// The options' command-line flags, through Raft's registry entry.
@Suite struct RaftOptionFlagTests {
    @Test func everyOptionHasAnOnOffFlag_onByDefault() throws {
        let defaults = try RaftNode.settings(from: [:])
        #expect(defaults == RaftSettings())
        let off = try RaftNode.settings(from: ["--pre-vote": "off", "--check-quorum": "off", "--leader-lease": "off",
                                               "--hand-over": "off", "--fast-detect": "off"])
        #expect(off == .textbook)
        let one = try RaftNode.settings(from: ["--leader-lease": "off", "--fast-detect-stagger-ms": "3"])
        #expect(!one.leaderLease && one.preVote && one.fastDetectionStagger == .milliseconds(3))
    }

    @Test(arguments: [RaftSettings(), .textbook, .with(preVote: true, fastDetection: true)])
    func argumentsGiveTheSettingsBack(settings: RaftSettings) throws {
        let arguments = RaftNode.arguments(for: settings)
        var values: [String: String] = [:]
        for index in stride(from: 0, to: arguments.count, by: 2) { values[arguments[index]] = arguments[index + 1] }
        #expect(try RaftNode.settings(from: values) == settings)
    }

    @Test func theSummaryNamesTheOptionsThatAreOn() {
        #expect(RaftNode.settingsSummary(.textbook) == "heartbeat 75 ms, election timeout 150-250 ms")
        #expect(RaftNode.settingsSummary(.with(checkQuorum: true))
            == "heartbeat 75 ms, election timeout 150-250 ms; CheckQuorum")
    }
}
