import Testing
@testable import Election
@testable import ElectionWatch

@Suite struct WatchOptionsTests {
    func options(_ arguments: [String]) throws -> WatchOptions {
        guard case .watch(let options) = try WatchOptions.parse(arguments) else {
            throw WatchUsageError("expected options, got help")
        }
        return options
    }

    func usageError(_ arguments: [String]) -> String? {
        do {
            _ = try WatchOptions.parse(arguments)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func defaults() throws {
        let parsed = try options(["--nodes", "1:8001,2:8002,3:8003"])
        #expect(parsed.membership == (try Membership.parse("1:8001,2:8002,3:8003")))
        // At least five redraws a second, and a round that cannot outlast its interval.
        #expect(parsed.interval == .milliseconds(100))
        #expect(parsed.interval <= .milliseconds(200))
        #expect(parsed.timeout == .milliseconds(100))
        #expect(!parsed.once && !parsed.plain && parsed.colorAllowed)
    }

    @Test func everyFlag() throws {
        let parsed = try options(["--nodes=1:8001,2:10.0.0.2:8001", "--interval-ms", "300", "--timeout-ms=50",
                                  "--once", "--plain", "--no-color"])
        #expect(parsed.membership.members.last == Member(id: 2, host: "10.0.0.2", port: 8001))
        #expect(parsed.interval == .milliseconds(300))
        #expect(parsed.timeout == .milliseconds(50))
        #expect(parsed.once && parsed.plain && !parsed.colorAllowed)
    }

    @Test func theTimeoutFollowsAShortInterval() throws {
        #expect(try options(["--nodes", "1:8001", "--interval-ms", "50"]).timeout == .milliseconds(50))
        #expect(try options(["--nodes", "1:8001", "--interval-ms", "1000"]).timeout == .milliseconds(200))
        #expect(try options(["--nodes", "1:8001", "--interval-ms", "100", "--timeout-ms", "300"]).timeout
            == .milliseconds(300))
    }

    @Test func helpWinsAndDocumentsTheFlags() throws {
        #expect(try WatchOptions.parse(["--nodes", "1:8001", "--help"]) == .help)
        #expect(try WatchOptions.parse(["-h"]) == .help)
        for flag in ["--nodes", "--interval-ms", "--timeout-ms", "--once", "--plain", "--no-color", "NO_COLOR",
                     "never answered", "down since", "SPLIT BRAIN", "Exit status", "Examples"] {
            #expect(WatchOptions.helpText.contains(flag), "help should mention \(flag)")
        }
    }

    @Test func mistakesAreOneActionableSentence() {
        #expect(usageError([]) == "--nodes is required: say which nodes to watch, for example --nodes 1:8001,2:8002,3:8003")
        #expect(usageError(["--nodes"]) == "option --nodes needs a value, for example --nodes 1:8001,2:8002,3:8003")
        #expect(usageError(["--nodes", "1:8001", "--interval-ms", "fast"])
            == "--interval-ms wants a whole number of milliseconds from 10 to 60000, got 'fast'")
        #expect(usageError(["--nodes", "1:8001", "--timeout-ms", "0"])
            == "--timeout-ms wants a whole number of milliseconds from 1 to 60000, got '0'")
        #expect(usageError(["--nodes", "1:8001", "--verbose"])
            == "unknown option '--verbose'; run election-watch --help to see the options")
        #expect(usageError(["--nodes", "1:8001", "--once=yes"]) == "option --once takes no value")
        #expect(usageError(["--nodes", "1:8001,1:8002"]) == "--nodes: node id 1 appears more than once in the node list")
    }

    @Test func colourOnlyOnATerminalWithoutNO_COLOR() throws {
        let parsed = try options(["--nodes", "1:8001"])
        #expect(parsed.usesColor(stdoutIsTerminal: true, environment: [:]))
        #expect(parsed.usesColor(stdoutIsTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!parsed.usesColor(stdoutIsTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!parsed.usesColor(stdoutIsTerminal: false, environment: [:]))
        #expect(!(try options(["--nodes", "1:8001", "--no-color"])).usesColor(stdoutIsTerminal: true, environment: [:]))
    }
}
