import Testing
@testable import Election
@testable import ElectionLive

/// The control channel's command lines (`--control stdin`): what is accepted, and that
/// every bad line is refused with a sentence instead of being half-applied.
@Suite struct ControlCommandTests {
    let membership = try! Membership.parse("1:8001,2:8002,3:8003")

    func parse(_ text: String) throws(ControlCommandError) -> ControlCommand.Line {
        try ControlCommand.parse(Array(text.utf8), selfID: 1, membership: membership)
    }

    @Test func partitionNamesPeersAndHealClearsThem() throws {
        let partition = try parse(#"{"cmd":"partition","peers":[2,3],"seq":7}"#)
        #expect(partition.command == .partition([2, 3]))
        #expect(partition.command.blockedPeers == [2, 3])
        #expect(partition.sequence == 7)
        let heal = try parse(#"{"cmd":"heal"}"#)
        #expect(heal.command == .heal && heal.command.blockedPeers.isEmpty && heal.sequence == nil)
        #expect(try parse(#"{"cmd":"partition","peers":[]}"#).command.blockedPeers.isEmpty)
    }

    @Test(arguments: [
        ("cut", ControlCommandError.notAnObject),
        ("[1,2]", .notAnObject),
        (#"{"peers":[2]}"#, .missingCommand),
        (#"{"cmd":"reboot"}"#, .unknownCommand("reboot")),
        (#"{"cmd":"partition"}"#, .badField(#"partition needs "peers", a list of member ids such as [2,3]"#)),
        (#"{"cmd":"partition","peers":[2.5]}"#, .badField(#"partition needs "peers", a list of member ids such as [2,3]"#)),
        (#"{"cmd":"partition","peers":[true]}"#, .badField(#"partition needs "peers", a list of member ids such as [2,3]"#)),
        (#"{"cmd":"partition","peers":[0]}"#, .badField(#"partition needs "peers", a list of member ids such as [2,3]"#)),
        (#"{"cmd":"partition","peers":[1]}"#, .notAPeer(1, try! Membership.parse("1:8001,2:8002,3:8003"))),
        (#"{"cmd":"partition","peers":[9]}"#, .notAPeer(9, try! Membership.parse("1:8001,2:8002,3:8003"))),
        (#"{"cmd":7}"#, .badField(#""cmd" must be a string: partition or heal"#)),
        (#"{"cmd":"heal","seq":"x"}"#, .badField(#""seq" must be a whole number"#)),
    ])
    func badLinesAreRefusedWithAReason(line: String, expected: ControlCommandError) {
        #expect(throws: expected) { try parse(line) }
    }

    @Test func anOverlongLineIsRefusedBeforeItIsParsed() {
        let line = #"{"cmd":"heal","pad":""# + String(repeating: "x", count: ControlCommand.maxLineBytes) + #""}"#
        #expect(throws: ControlCommandError.lineTooLong(limit: ControlCommand.maxLineBytes)) { try parse(line) }
    }

    // The --control flag's parsing is tested with the rest of the node's command line, in
    // RegistryTests/NodeCommandLineTests.swift (the command line needs the algorithm registry).
}
