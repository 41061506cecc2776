import Testing
@testable import Election
@testable import ElectionLive

@Suite struct NodeCommandLineTests {
    let workshopNodes = "1:8001,2:8002,3:8003"

    private func options(_ arguments: String, environment: [String: String] = ["XDG_STATE_HOME": "/var/state/"])
        throws -> NodeOptions
    {
        let request = try NodeCommandLine.parse(arguments.split(separator: " ").map(String.init),
                                                environment: environment, workingDirectory: "/work")
        guard case .run(let options) = request else {
            Issue.record("expected options to run, got \(request)")
            throw NodeCommandLineError.unknownFlag("test")
        }
        return options
    }

    private func error(_ arguments: String) -> NodeCommandLineError? {
        do {
            _ = try NodeCommandLine.parse(arguments.split(separator: " ").map(String.init))
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
        #expect(parsed.algorithm == .bully)
        #expect(parsed.bindHost == "127.0.0.1")
        #expect(parsed.heartbeat == nil)
        #expect(parsed.electionTimeout == nil)
        #expect(parsed.logFormat == .text)
        #expect(parsed.seed == nil)
        #expect(parsed.delay == .zero)
        #expect(parsed.dataDirectory == "/var/state/swift-election/raft-node-2-port-8002")
    }

    @Test func portComesFromTheNodesOwnEntryWhenLeftOut() throws {
        let parsed = try options("--algorithm raft --id 3 --nodes 1:9001,2:9002,3:9003")
        #expect(parsed.port == 9003)
        #expect(parsed.algorithm == .raft)
    }

    @Test func defaultDataDirectoryIsPersistentNeverTmp() {
        func directory(_ environment: [String: String], in workingDirectory: String = "/srv/cluster") -> String {
            NodeCommandLine.defaultDataDirectory(id: 4, port: 7004, environment: environment,
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
        #expect(parsed.heartbeat == .milliseconds(40))
        #expect(parsed.electionTimeout == .single(.milliseconds(250)))
        #expect(parsed.answerTimeout == .milliseconds(30))
        #expect(parsed.coordinatorTimeout == .milliseconds(120))
        #expect(parsed.delay == .zero)
        #expect(parsed.seed == 42)
        #expect(parsed.logFormat == .json)
    }

    @Test func raftTimeoutIsTToTwoTOrTheGivenRange() throws {
        let single = try options("--algorithm raft --id 1 --nodes \(workshopNodes) --election-timeout-ms 150")
        #expect(single.electionTimeout?.raftRange.minimum == .milliseconds(150))
        #expect(single.electionTimeout?.raftRange.maximum == .milliseconds(300))
        let range = try options("--algorithm=raft --id=1 --nodes=\(workshopNodes) --election-timeout-ms=200-450")
        #expect(range.electionTimeout == .range(minimum: .milliseconds(200), maximum: .milliseconds(450)))
    }

    @Test func badNumberNamesTheFlagAndTheValue() {
        let failure = error("--id 1 --nodes \(workshopNodes) --heartbeat-ms abc")
        #expect(failure?.description == "--heartbeat-ms: 'abc' is not a number of milliseconds")
        #expect(error("--id 1 --nodes \(workshopNodes) --heartbeat-ms 0")
            == .millisecondsOutOfRange(flag: "--heartbeat-ms", value: 0, lowest: 1, highest: 3_600_000))
        #expect(error("--id 1 --nodes \(workshopNodes) --election-timeout-ms -5")
            == .millisecondsOutOfRange(flag: "--election-timeout-ms", value: -5, lowest: 1, highest: 3_600_000))
    }

    @Test func rangeTimeoutsAreRaftOnlyAndMustBeIncreasing() {
        #expect(error("--id 1 --nodes \(workshopNodes) --election-timeout-ms 150-300")
            == .rangeNeedsRaft(value: "150-300"))
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --election-timeout-ms 300-300")
            == .emptyRange(value: "300-300"))
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --election-timeout-ms 1-2-3")
            == .notMilliseconds(flag: "--election-timeout-ms", value: "1-2-3"))
    }

    @Test func algorithmSpecificFlagsAreRefusedForTheOtherAlgorithm() {
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --answer-timeout-ms 50")
            == .onlyFor(flag: "--answer-timeout-ms", algorithm: .bully))
        #expect(error("--algorithm raft --id 1 --nodes \(workshopNodes) --coordinator-timeout-ms 50")
            == .onlyFor(flag: "--coordinator-timeout-ms", algorithm: .bully))
        #expect(error("--id 1 --nodes \(workshopNodes) --data-dir /tmp/x")
            == .onlyFor(flag: "--data-dir", algorithm: .raft))
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
        #expect(try NodeCommandLine.parse(["--id", "nonsense", "--help"]) == .help)
        #expect(try NodeCommandLine.parse(["-h"]) == .help)
        #expect(try NodeCommandLine.parse(["--bogus", "--version"]) == .version)
    }

    @Test func helpShowsEveryFlagAndEveryDefault() {
        let defaults = NodeCommandLine.TimingDefaults(
            bullyHeartbeat: .milliseconds(51), bullyFailureTimeout: .milliseconds(201),
            bullyAnswerTimeout: .milliseconds(52), bullyCoordinatorTimeout: .milliseconds(202),
            raftHeartbeat: .milliseconds(53), raftElectionTimeoutMinimum: .milliseconds(153),
            raftElectionTimeoutMaximum: .milliseconds(303))
        let help = NodeCommandLine.helpText(defaults: defaults, environment: ["HOME": "/home/ada"])
        for flag in NodeCommandLine.valueFlags + ["--help", "--version"] {
            #expect(help.contains(flag), "--help does not mention \(flag)")
        }
        for value in ["51", "201", "52", "202", "53", "153-303", "127.0.0.1",
                      "/home/ada/.local/state/swift-election/raft-node-<id>-port-<port>"] {
            #expect(help.contains(value), "--help does not show the default \(value)")
        }
        #expect(help.contains("election-node --port 8001 --id 1 --nodes 1:8001,2:8002,3:8003"))
    }
}
