import Foundation
import Election
import Testing
@testable import Raft

@Suite struct RaftMessageTests {
    static let examples: [(RaftMessage, String)] = [
        (.requestVote(term: 5, lastLogIndex: 3, lastLogTerm: 2),
         #"{"type":"request_vote","term":5,"last_log_index":3,"last_log_term":2}"#),
        (.requestVoteReply(term: 5, voteGranted: true),
         #"{"type":"request_vote_reply","term":5,"vote_granted":true}"#),
        (.appendEntries(term: 5, prevLogIndex: 3, prevLogTerm: 2, leaderCommit: 0),
         #"{"type":"append_entries","term":5,"prev_log_index":3,"prev_log_term":2,"entries":[],"leader_commit":0}"#),
        (.appendEntriesReply(term: 5, success: true),
         #"{"type":"append_entries_reply","term":5,"success":true}"#),
        (.requestVote(term: 5, lastLogIndex: 3, lastLogTerm: 2, leadershipTransfer: true),
         #"{"type":"request_vote","term":5,"last_log_index":3,"last_log_term":2,"leadership_transfer":true}"#),
        (.preVote(term: 5, lastLogIndex: 3, lastLogTerm: 2),
         #"{"type":"pre_vote","term":5,"last_log_index":3,"last_log_term":2}"#),
        (.preVoteReply(term: 5, voteGranted: false),
         #"{"type":"pre_vote_reply","term":5,"vote_granted":false}"#),
        (.timeoutNow(term: 5),
         #"{"type":"timeout_now","term":5}"#),
        (.leaving(term: 5),
         #"{"type":"leaving","term":5}"#),
    ]

    /// Keys the transport adds or reads itself; a message of ours must never carry them.
    static let reservedKeys: Set<String> = ["from", "cluster", "error"]

    /// The JSON object as a dictionary, so that key order does not matter.
    private func object(_ json: String) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
    }

    @Test(arguments: examples)
    func encodesToTheWireShape(message: RaftMessage, json: String) throws {
        let encoded = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        #expect(try object(encoded) == object(json))
        // Exactly these keys: no `from` (the transport adds it) and nothing else.
        let sorted = JSONEncoder()
        sorted.outputFormatting = .sortedKeys
        let sortedText = String(decoding: try sorted.encode(message), as: UTF8.self)
        let expectedKeys = try object(json).allKeys.compactMap { $0 as? String }.sorted()
        #expect(try object(sortedText).allKeys.compactMap { $0 as? String }.sorted() == expectedKeys)
        #expect(Self.reservedKeys.isDisjoint(with: expectedKeys))
        #expect(try object(json)["type"] as? String == message.typeName)
    }

    @Test(arguments: examples)
    func decodesTheWireShape(message: RaftMessage, json: String) throws {
        #expect(try JSONDecoder().decode(RaftMessage.self, from: Data(json.utf8)) == message)
    }

    @Test func roundTripsEveryCase() throws {
        let messages: [RaftMessage] = [
            .requestVote(term: 0, lastLogIndex: 0, lastLogTerm: 0),
            .requestVote(term: .max, lastLogIndex: 12, lastLogTerm: 11),
            .requestVoteReply(term: 9, voteGranted: false),
            .appendEntries(term: 8, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0),
            .appendEntriesReply(term: 8, success: false),
            .requestVote(term: 4, lastLogIndex: 2, lastLogTerm: 1, leadershipTransfer: true),
            .preVote(term: .max, lastLogIndex: 0, lastLogTerm: 0),
            .preVoteReply(term: 3, voteGranted: true),
            .timeoutNow(term: 0),
            .leaving(term: .max),
        ]
        for message in messages {
            let data = try JSONEncoder().encode(message)
            #expect(try JSONDecoder().decode(RaftMessage.self, from: data) == message)
        }
    }

    @Test func ignoresTheTransportsFromField() throws {
        let json = #"{"type":"request_vote_reply","from":3,"term":2,"vote_granted":false}"#
        #expect(try JSONDecoder().decode(RaftMessage.self, from: Data(json.utf8))
            == .requestVoteReply(term: 2, voteGranted: false))
    }

    @Test(arguments: [
        #"{"type":"install_snapshot","term":1}"#,  // unknown type
        #"{"term":1,"vote_granted":true}"#,  // no type
        #"{"type":"request_vote","term":1,"last_log_index":3}"#,  // missing field
        #"{"type":"request_vote","term":-1,"last_log_index":0,"last_log_term":0}"#,  // negative
        #"{"type":"append_entries","term":5,"prev_log_index":0,"prev_log_term":0,"entries":[{"term":5}],"leader_commit":0}"#,
        #"{"type":"pre_vote","term":5,"last_log_term":2}"#,  // missing field
        #"{"type":"pre_vote_reply","term":5}"#,  // missing answer
        #"{"type":"timeout_now"}"#,  // no term
        #"{"type":"leaving"}"#,  // no term
        #"{"type":"request_vote","term":1,"last_log_index":0,"last_log_term":0,"leadership_transfer":1}"#,
    ])
    func rejectsMalformedMessages(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(RaftMessage.self, from: Data(json.utf8))
        }
    }

    @Test func unknownTypeErrorNamesTheKnownTypes() {
        let json = #"{"type":"install_snapshot","term":1}"#
        do {
            _ = try JSONDecoder().decode(RaftMessage.self, from: Data(json.utf8))
            Issue.record("decoding an unknown type should fail")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("unknown Raft message type 'install_snapshot'"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// A textbook vote request keeps its Figure 2 shape: the transfer flag is written only
    /// when true, and a request without it is not a transfer.
    @Test func transferFlagIsWrittenOnlyWhenTrue() throws {
        let plain = RaftMessage.requestVote(term: 2, lastLogIndex: 1, lastLogTerm: 1)
        let text = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!text.contains("leadership_transfer"))
        let explicitFalse = #"{"type":"request_vote","term":2,"last_log_index":1,"last_log_term":1,"leadership_transfer":false}"#
        #expect(try JSONDecoder().decode(RaftMessage.self, from: Data(explicitFalse.utf8)) == plain)
        #expect(plain == .requestVote(term: 2, lastLogIndex: 1, lastLogTerm: 1, leadershipTransfer: false))
        #expect(plain != .requestVote(term: 2, lastLogIndex: 1, lastLogTerm: 1, leadershipTransfer: true))
    }

    @Test func everyMessageCarriesItsTerm() {
        for (message, _) in Self.examples { #expect(message.term == 5) }
    }
}
