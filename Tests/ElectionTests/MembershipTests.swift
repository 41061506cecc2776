import Testing
@testable import Election

@Suite struct MembershipTests {
    @Test func parsesPortOnlyEntriesOnLoopback() throws {
        let membership = try Membership.parse("1:8001,2:8002,3:8003")
        #expect(membership.ids == [1, 2, 3])
        #expect(membership.member(2) == Member(id: 2, host: "127.0.0.1", port: 8002))
        #expect(membership.quorum == 2)
    }

    @Test func parsesHostEntriesAndSortsByID() throws {
        let membership = try Membership.parse(" 3:node-c:9003 , 1:10.0.0.5:9001,2:9002")
        #expect(membership.ids == [1, 2, 3])
        #expect(membership.member(3)?.host == "node-c")
        #expect(membership.member(1)?.host == "10.0.0.5")
        #expect(membership.member(2)?.host == "127.0.0.1")
    }

    @Test func descriptionRoundTrips() throws {
        let text = "1:8001,2:example.org:8002"
        #expect(try Membership.parse(text).description == text)
        #expect(try Membership.parse(try Membership.parse(text).description) == Membership.parse(text))
    }

    @Test func quorumCountsConfiguredMembers() throws {
        #expect(try Membership.parse("1:1,2:2,3:3,4:4").quorum == 3)
        #expect(try Membership.parse("1:1").quorum == 1)
        #expect(try Membership.parse("1:1,2:2,3:3,4:4,5:5").quorum == 3)
    }

    @Test(arguments: [
        ("", MembershipError.empty),
        ("   ", .empty),
        (",", .empty),
        ("1:8001,,2:8002", .emptyEntry),
        ("1:8001,", .emptyEntry),
        ("1", .malformedEntry("1")),
        ("1:a:b:8001", .malformedEntry("1:a:b:8001")),
        ("1::8001", .malformedEntry("1::8001")),
        ("x:8001", .badID(entry: "x:8001", id: "x")),
        ("0:8001", .badID(entry: "0:8001", id: "0")),
        ("-1:8001", .badID(entry: "-1:8001", id: "-1")),
        (":8001", .badID(entry: ":8001", id: "")),
        ("1:0", .badPort(entry: "1:0", port: "0")),
        ("1:65536", .badPort(entry: "1:65536", port: "65536")),
        ("1:port", .badPort(entry: "1:port", port: "port")),
        ("1:", .badPort(entry: "1:", port: "")),
        ("1:8001,1:8002", .duplicateID(1)),
    ])
    func rejectsBadLists(text: String, expected: MembershipError) {
        #expect(throws: expected) { try Membership.parse(text) }
        // Every error is a sentence a user can act on.
        #expect(expected.description.count > 20)
    }

    @Test func rejectsEmptyMemberArray() {
        #expect(throws: MembershipError.empty) { try Membership([]) }
    }
}
