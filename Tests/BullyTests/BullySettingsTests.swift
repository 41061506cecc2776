import Election
import Testing
@testable import Bully

@Suite struct BullySettingsTests {
    @Test func defaults() throws {
        let settings = BullySettings()
        #expect(settings.heartbeatInterval == .milliseconds(50))
        #expect(settings.failureTimeout == .milliseconds(200))
        #expect(settings.answerTimeout == .milliseconds(50))
        #expect(settings.coordinatorTimeout == .milliseconds(200))
        // Issue 8's live defaults: classic (the workshop's returning node 3 takes over) with
        // fast detection and hand-over.
        #expect(settings.fastDetect == true)
        #expect(settings.handOver == true)
        #expect(settings.variant == .classic)
        try settings.validate()
        #expect(try BullySettings(failureTimeout: .milliseconds(200)) == settings)
    }

    @Test(arguments: [Duration.zero, .milliseconds(-5)])
    func nonPositiveDurationsAreRefused(value: Duration) {
        #expect(throws: BullySettingsError.notPositive(setting: "heartbeat interval", value: value)) {
            try BullySettings(heartbeatInterval: value)
        }
        #expect(throws: BullySettingsError.notPositive(setting: "failure timeout", value: value)) {
            try BullySettings(failureTimeout: value)
        }
        #expect(throws: BullySettingsError.notPositive(setting: "answer timeout", value: value)) {
            try BullySettings(answerTimeout: value)
        }
        #expect(throws: BullySettingsError.notPositive(setting: "coordinator timeout", value: value)) {
            try BullySettings(coordinatorTimeout: value)
        }
    }

    @Test func heartbeatMustBeShorterThanFailureTimeout() {
        #expect(throws: BullySettingsError.heartbeatNotShorterThanFailureTimeout(
            heartbeatInterval: .milliseconds(200), failureTimeout: .milliseconds(200))) {
            try BullySettings(heartbeatInterval: .milliseconds(200))
        }
    }

    @Test func answerTimeoutMustBeShorterThanFailureTimeout() {
        #expect(throws: BullySettingsError.answerTimeoutNotShorterThanFailureTimeout(
            answerTimeout: .milliseconds(300), failureTimeout: .milliseconds(200))) {
            try BullySettings(answerTimeout: .milliseconds(300), coordinatorTimeout: .milliseconds(400))
        }
    }

    @Test func coordinatorTimeoutMustBeLongerThanAnswerTimeout() {
        #expect(throws: BullySettingsError.coordinatorTimeoutNotLongerThanAnswerTimeout(
            coordinatorTimeout: .milliseconds(50), answerTimeout: .milliseconds(50))) {
            try BullySettings(coordinatorTimeout: .milliseconds(50))
        }
    }

    @Test func validateChecksMutatedSettings() {
        var settings = BullySettings()
        settings.failureTimeout = .milliseconds(40)
        #expect(throws: BullySettingsError.self) { try settings.validate() }
        settings.failureTimeout = .milliseconds(500)
        #expect(throws: Never.self) { try settings.validate() }
    }

    @Test func errorsAreSentencesWithTheValues() {
        let tooSlow = BullySettingsError.heartbeatNotShorterThanFailureTimeout(
            heartbeatInterval: .milliseconds(300), failureTimeout: .milliseconds(200))
        #expect(tooSlow.description == "the heartbeat interval (300 ms) must be shorter than the "
            + "failure timeout (200 ms), or followers declare a healthy leader dead between two "
            + "heartbeats; a factor of three to five works well")
        #expect(BullySettingsError.notPositive(setting: "answer timeout", value: .microseconds(-500))
            .description == "the answer timeout is -0.5 ms; it must be a positive duration")
    }

    @Test func productionIsTheDefaults_textbookTurnsTheOptionsOff() throws {
        let production = BullySettings.production
        #expect(production == BullySettings())
        #expect(production.fastDetect)
        #expect(production.handOver)
        #expect(production.variant == .classic)
        let textbook = BullySettings.textbook
        #expect(!textbook.fastDetect && !textbook.handOver && textbook.variant == .classic)
        var timing = production
        timing.fastDetect = false
        timing.handOver = false
        #expect(timing == textbook)
        try textbook.validate()
        #expect(try BullySettings(fastDetect: false, handOver: false) == textbook)
    }

    @Test func flagsReachTheNewOptions() throws {
        let settings = try BullyNode.settings(from: [
            "--fast-detect": "on", "--hand-over": "on", "--bully-variant": "sticky",
        ])
        #expect(settings.fastDetect && settings.handOver && settings.variant == .sticky)
        #expect(try BullyNode.settings(from: [:]) == BullySettings())
        #expect(try BullyNode.settings(from: ["--fast-detect": "off", "--hand-over": "off"]) == .textbook)
        let production = BullySettings.production
        for settings in [production, .textbook, settings] {
            #expect(try BullyNode.settings(from: Dictionary(uniqueKeysWithValues: pairs(BullyNode.arguments(for: settings))))
                == settings)
        }
        #expect(throws: FlagValueError.badValue(flag: "--bully-variant", value: "lazy", expected: "classic or sticky")) {
            try BullyNode.settings(from: ["--bully-variant": "lazy"])
        }
        #expect(BullyNode.settingsSummary(production).hasSuffix("; fast detection, hand-over"))
    }

    /// `["--a", "1", "--b", "2"]` as `[("--a", "1"), ("--b", "2")]`.
    private func pairs(_ arguments: [String]) -> [(String, String)] {
        stride(from: 0, to: arguments.count - 1, by: 2).map { (arguments[$0], arguments[$0 + 1]) }
    }
}
