import AlgorithmRegistry
import Bully
import Raft
import Testing
import Election
@testable import ElectionLive
@testable import ElectionLive

/// `election-node`'s command line over the standard registry: the workshop's flag spellings,
/// each algorithm's flags read by its entry, and the refusals.
@Suite struct NodeCommandLineTests {
    let workshopNodes = "1:8001,2:8002,3:8003"
    let algorithms = AlgorithmRegistry.standard.entries

    private func parse(_ arguments: [String]) throws(NodeCommandLineError) -> NodeCommandLine.Request {
        try NodeCommandLine.parse(arguments, algorithms: algorithms)
    }

    private func options(_ arguments: String, environment: [String: String] = ["XDG_STATE_HOME": "/var/state/"])
        throws -> NodeOptions
    {
        let request = try NodeCommandLine.parse(arguments.split(separator: " ").map(String.init),
                                                algorithms: algorithms, environment: environment,
                                                workingDirectory: "/work")
        guard case .run(let options) = request else {
            Issue.record("expected options to run, got \(request)")
            throw NodeCommandLineError.unknownFlag("test")
        }
        return options
    }

    private func error(_ arguments: String) -> NodeCommandLineError? {
        do {
            _ = try parse(arguments.split(separator: " ").map(String.init))
            return nil
        } catch {
            return error
        }
    }

    @Test func workshopCommandLineGivesBullyOnLoopbackWithDefaults() throws {
        let parsed = try options("--port 8002 --id 2 --nodes \(workshopNodes)")
        #expect(parsed.id == 2)
        #expect(parsed.port == 8002)
        #expect(parsed.membership.ids == [1, 2, 3])
        #expect(parsed.algorithm == "bully")
        #expect(parsed.bindHost == "127.0.0.1")
        #expect(parsed.algorithmFlags.isEmpty)
        #expect(try BullyNode.settings(from: parsed.algorithmFlags) == BullySettings())
        #expect(parsed.logFormat == .text)
        #expect(parsed.seed == nil)
        #expect(parsed.delay == .zero)
        #expect(parsed.dataDirectory == nil, "Bully keeps nothing, so it has no data directory")
    }

    @Test func portComesFromTheNodesOwnEntryWhenLeftOut() throws {
        let parsed = try options("--algorithm raft --id 3 --nodes 1:9001,2:9002,3:9003")
        #expect(parsed.port == 9003)
        #expect(parsed.algorithm == "raft")
        #expect(parsed.dataDirectory == "/var/state/swift-election/raft-node-3-port-9003")
    }

    @Test func defaultDataDirectoryIsPersistentNeverTmp() {
        func directory(_ environment: [String: String], in workingDirectory: String = "/srv/cluster") -> String {
            NodeCommandLine.defaultDataDirectory(algorithm: "raft", id: 4, port: 7004, environment: environment,
                                                 workingDirectory: workingDirectory)
        }
        let tail = "raft-node-4-port-7004"
        #expect(directory(["XDG_STATE_HOME": "/state", "HOME": "/home/ada", "TMPDIR": "/tmp"])
            == "/state/swift-election/" + tail)
        #expect(directory(["HOME": "/home/ada/", "TMPDIR": "/tmp"]) == "/home/ada/.local/state/swift-election/" + tail)
        // Relative or empty values are ignored, as the XDG rules say.
        #expect(directory(["XDG_STATE_HOME": "state", "HOME": "/home/ada"])
            == "/home/ada/.local/state/swift-election/" + tail)
        #expect(directory(["XDG_STATE_HOME": "", "HOME": ""]) == "/srv/cluster/swift-election-state/" + tail)
        #expect(directory([:], in: "/") == "/swift-election-state/" + tail)
        #expect(directory(["HOME": "/"]) == "/.local/state/swift-election/" + tail)
    }

    @Test func portThatDisagreesWithTheOwnEntryNamesBoth() {
        let failure = error("--port 8005 --id 1 --nodes \(workshopNodes)")
        #expect(failure == .portDisagrees(port: 8005, entry: Member(id: 1, port: 8001)))
        #expect(failure?.description
            == "--port 8005 disagrees with this node's --nodes entry 1:8001; leave --port out or make them agree")
    }

    @Test func everyTimingFlagIsReadInMilliseconds() throws {
        let parsed = try options("--id 1 --nodes \(workshopNodes) --heartbeat-ms 40 --election-timeout-ms 250 "
            + "--answer-timeout-ms 30 --coordinator-timeout-ms 120 --delay-ms 0 --seed 42 --log-format json")
        let settings = try BullyNode.settings(from: parsed.algorithmFlags)
        #expect(settings.heartbeatInterval == .milliseconds(40))
        #expect(settings.failureTimeout == .milliseconds(250))
        #expect(settings.answerTimeout == .milliseconds(30))
        #expect(settings.coordinatorTimeout == .milliseconds(120))
        #expect(parsed.delay == .zero)
        #expect(parsed.seed == 42)
        #expect(parsed.logFormat == .json)
    }

    @Test func raftTimeoutIsTToTPlusTheWindowOrTheGivenRange() throws {
        let raft = "--algorithm raft --id 1 --nodes \(workshopNodes)"
        let single = try RaftNode.settings(from: try options(raft + " --election-timeout-ms 500").algorithmFlags)
        #expect(single.electionTimeoutMin == .milliseconds(500) && single.electionTimeoutMax == .milliseconds(600))
        let range = try options("--algorithm=raft --id=1 --nodes=\(workshopNodes) --election-timeout-ms=200-450")
        let given = try RaftNode.settings(from: range.algorithmFlags)
        #expect(given.electionTimeoutMin == .milliseconds(200) && given.electionTimeoutMax == .milliseconds(450))
        // The window applies after the timeout, whichever comes first on the command line.
        for arguments in [" --election-timeout-ms 500 --election-timeout-window-ms 40",
                          " --election-timeout-window-ms 40 --election-timeout-ms 500"] {
            let windowed = try RaftNode.settings(from: try options(raft + arguments).algorithmFlags)
            #expect(windowed.electionTimeoutMin == .milliseconds(500) && windowed.electionTimeoutMax == .milliseconds(540))
        }
        let wide = try RaftNode.settings(from: try options(raft + " --election-timeout-window-ms 150").algorithmFlags)
        #expect(wide.electionTimeoutMin == .milliseconds(150) && wide.electionTimeoutMax == .milliseconds(300))
        #expect(error("--id 1 --nodes \(workshopNodes) --election-timeout-window-ms 50")
            == .onlyFor(flag: "--election-timeout-window-ms", algorithms: ["raft"]))
    }

    /// Issue 8's spellings: each option on by default is turned off by `--no-<name>` alone,
    /// the same as `<name> off`; `<name> on|off` still works both ways.
    @Test func aNegationTurnsItsOptionOff_asTheOnOffFormDoes() throws {
        let raft = "--algorithm raft --id 1 --nodes \(workshopNodes)"
        let negated = try options(raft + " --no-pre-vote --no-check-quorum --no-leader-lease --no-hand-over --no-fast-detect")
        #expect(try RaftNode.settings(from: negated.algorithmFlags) == .textbook)
        let spelled = try options(raft + " --pre-vote off --check-quorum off --leader-lease off --hand-over off --fast-detect off")
        #expect(negated.algorithmFlags == spelled.algorithmFlags)
        let one = try RaftNode.settings(from: try options(raft + " --no-leader-lease --heartbeat-ms 50").algorithmFlags)
        #expect(!one.leaderLease && one.preVote && one.checkQuorum && one.heartbeatInterval == .milliseconds(50))
        let on = try RaftNode.settings(from: try options(raft + " --pre-vote on").algorithmFlags)
        #expect(on == RaftSettings())
        let bully = try options("--id 1 --nodes \(workshopNodes) --no-fast-detect --no-hand-over --bully-variant sticky")
        var expected = BullySettings.textbook
        expected.variant = .sticky
        #expect(try BullyNode.settings(from: bully.algorithmFlags) == expected)
    }

    @Test func aNegationTakesNoValueAndCountsAsItsFlag() {
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --no-pre-vote=on")?.description
            == "--no-pre-vote takes no value; write --pre-vote on or --pre-vote off to give one")
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --pre-vote on --no-pre-vote")
            == .repeatedFlag("--pre-vote"))
        #expect(error("--id 1 --nodes \(workshopNodes) --no-pre-vote")
            == .onlyFor(flag: "--pre-vote", algorithms: ["raft"]))
        // A negation that is a value is not taken for one: --no-pre-vote needs none, --heartbeat-ms does.
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --heartbeat-ms --no-pre-vote")
            == .missingValue("--heartbeat-ms"))
    }

    @Test func theBenchsArgumentListMayNegateToo() throws {
        #expect(try RaftNode.settings(fromArguments: ["--no-pre-vote", "--heartbeat-ms", "40", "--no-fast-detect"])
            == { var settings = RaftSettings(); settings.preVote = false; settings.fastDetection = false
                 settings.heartbeatInterval = .milliseconds(40); return settings }())
        #expect(RaftNode.negatedFlags["--no-leader-lease"] == "--leader-lease")
        #expect(BullyNode.negatedFlags == ["--no-fast-detect": "--fast-detect", "--no-hand-over": "--hand-over"])
    }

    /// The bench's replays build settings from words: a word the algorithm does not know is
    /// refused wherever it stands (it used to be passed over when it came last), and so is a
    /// flag left without its value.
    @Test func theBenchsArgumentListRefusesAStrangerAndAMissingValue() {
        #expect(throws: FlagValueError.notAFlagOf(algorithm: "bully", flag: "--no-pre-vote")) {
            try BullyNode.settings(fromArguments: ["--heartbeat-ms", "40", "--no-pre-vote"])
        }
        #expect(throws: FlagValueError.notAFlagOf(algorithm: "bully", flag: "--no-pre-vote")) {
            try BullyNode.settings(fromArguments: ["--no-pre-vote", "--heartbeat-ms", "40"])
        }
        #expect(throws: FlagValueError.missingValue(flag: "--heartbeat-ms")) {
            try RaftNode.settings(fromArguments: ["--no-pre-vote", "--heartbeat-ms"])
        }
        #expect(FlagValueError.missingValue(flag: "--heartbeat-ms").description == "--heartbeat-ms needs a value after it")
    }

    @Test func badNumberNamesTheFlagAndTheValue() {
        let failure = error("--id 1 --nodes \(workshopNodes) --heartbeat-ms abc")
        #expect(failure?.description == "--heartbeat-ms: 'abc' is not a number of milliseconds")
        #expect(error("--id 1 --nodes \(workshopNodes) --heartbeat-ms 0")
            == .flagValue(.millisecondsOutOfRange(flag: "--heartbeat-ms", value: 0, lowest: 1, highest: 3_600_000)))
        #expect(error("--id 1 --nodes \(workshopNodes) --election-timeout-ms -5")
            == .flagValue(.millisecondsOutOfRange(flag: "--election-timeout-ms", value: -5, lowest: 1, highest: 3_600_000)))
        #expect(error("--id 1 --nodes \(workshopNodes) --delay-ms 1.5")
            == .flagValue(.notMilliseconds(flag: "--delay-ms", value: "1.5")))
    }

    @Test func rangeTimeoutsAreRaftOnlyAndMustBeIncreasing() {
        #expect(error("--id 1 --nodes \(workshopNodes) --election-timeout-ms 150-300")?.description
            == "--election-timeout-ms: '150-300' is not one failure timeout such as 200: Bully takes no range")
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --election-timeout-ms 300-300")
            == .flagValue(.emptyRange(flag: "--election-timeout-ms", value: "300-300")))
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --election-timeout-ms 1-2-3")
            == .flagValue(.notMilliseconds(flag: "--election-timeout-ms", value: "1-2-3")))
    }

    @Test func algorithmSpecificFlagsAreRefusedForTheOtherAlgorithm() {
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --answer-timeout-ms 50")
            == .onlyFor(flag: "--answer-timeout-ms", algorithms: ["bully"]))
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --coordinator-timeout-ms 50")
            == .onlyFor(flag: "--coordinator-timeout-ms", algorithms: ["bully"]))
        #expect(error("--id 1 --nodes \(workshopNodes) --data-dir /tmp/x")?.description
            == "--data-dir applies only to --algorithm raft")
    }

    @Test func settingsThatCannotWorkTogetherAreRefusedWithTheAlgorithmsSentence() throws {
        var slowHeartbeat = BullySettings()
        slowHeartbeat.heartbeatInterval = .milliseconds(300)
        let reason = try #require(BullyNode.problem(with: slowHeartbeat))
        #expect(error("--id 1 --nodes \(workshopNodes) --heartbeat-ms 300") == .flagValue(.settingsRejected(reason)))
    }

    @Test func structuralMistakesAreNamed() {
        #expect(error("--id 1 --nodes \(workshopNodes) --colour red") == .unknownFlag("--colour"))
        #expect(error("--id 1 --nodes \(workshopNodes) extra") == .unexpectedArgument("extra"))
        #expect(error("--id 1 --id 2 --nodes \(workshopNodes)") == .repeatedFlag("--id"))
        #expect(error("--nodes \(workshopNodes) --id") == .missingValue("--id"))
        #expect(error("--id --nodes \(workshopNodes)") == .missingValue("--id"))
        #expect(error("--nodes \(workshopNodes)") == .missingFlag("--id", example: "--id 1"))
        #expect(error("--id 1") == .missingFlag("--nodes", example: "--nodes 1:8001,2:8002,3:8003"))
        #expect(error("--id 0 --nodes \(workshopNodes)")
            == .badValue(flag: "--id", value: "0", expected: "a positive whole number"))
        #expect(error("--id 4 --nodes \(workshopNodes)")?.description
            == "--id 4 has no entry in --nodes 1:8001,2:8002,3:8003; add one such as 4:<port>")
        #expect(error("--id 1 --nodes 1:8001,1:8002") == .badNodes(.duplicateID(1)))
        #expect(error("--id 1 --nodes \(workshopNodes) --algorithm paxos")?.description
            == "--algorithm: 'paxos' is not bully or raft")
        #expect(error("--id 1 --nodes \(workshopNodes) --log-format xml")?.description
            == "--log-format: 'xml' is not text or json")
        #expect(error("--id 1 --nodes \(workshopNodes) --seed -1") != nil)
    }

    @Test func helpAndVersionWinOverEverythingElse() throws {
        #expect(try parse(["--id", "nonsense", "--help"]) == .help)
        #expect(try parse(["-h"]) == .help)
        #expect(try parse(["--bogus", "--version"]) == .version)
    }

    @Test func theChannelIsOffUnlessTheCommandLineAsksForStandardInput() throws {
        let base = ["--id", "1", "--nodes", "1:8001,2:8002"]
        guard case .run(let plain) = try parse(base) else { Issue.record("not a run"); return }
        #expect(!plain.controlOnStandardInput)
        guard case .run(let controlled) = try parse(base + ["--control", "stdin"]) else {
            Issue.record("not a run"); return
        }
        #expect(controlled.controlOnStandardInput)
        #expect(throws: NodeCommandLineError.badValue(flag: "--control", value: "tcp",
                                                      expected: "stdin (the only control channel)")) {
            try parse(base + ["--control", "tcp"])
        }
    }

    @Test func helpShowsEveryFlagAndEveryDefault() {
        let help = NodeCommandLine.helpText(algorithms: algorithms, environment: ["HOME": "/home/ada"])
        for flag in NodeCommandLine.commonFlags + ["--help", "--version"] {
            #expect(help.contains(flag), "--help does not mention \(flag)")
        }
        for value in ["Default: 50.", "Default: 200.", "Default: 75.", "Default: 150-250.", "Default: 100.", "127.0.0.1",
                      "/home/ada/.local/state/swift-election/raft-node-<id>-port-<port>"] {
            #expect(help.contains(value), "--help does not show the default \(value)")
        }
        #expect(help.contains("election-node --port 8001 --id 1 --nodes 1:8001,2:8002,3:8003"))
        // Each option that is on by default is listed once, under the spelling that turns it off.
        let rows = help.split(separator: "\n")
        for negation in ["--no-pre-vote", "--no-check-quorum", "--no-leader-lease", "--no-hand-over", "--no-fast-detect"] {
            #expect(rows.contains { $0.hasPrefix("  \(negation) ") }, "--help has no row for \(negation)")
        }
        #expect(!rows.contains { $0.hasPrefix("  --pre-vote") }, "--pre-vote on|off has a row of its own")
        let fromPreVote = rows.drop { !$0.hasPrefix("  --no-pre-vote ") }
        let continued = fromPreVote.dropFirst().prefix { $0.hasPrefix(String(repeating: " ", count: 30)) }
        let preVoteRow = ([fromPreVote.first ?? ""] + continued).joined(separator: " ")
        #expect(preVoteRow.contains("Turn PreVote off.") && preVoteRow.contains("Default: on."), "\(preVoteRow)")
        #expect(!help.split(separator: "\n").contains { $0.count > 92 }, "a --help line is wider than 92 columns")
    }
}
