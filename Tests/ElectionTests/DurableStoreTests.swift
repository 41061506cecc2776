import Foundation
import Testing
@testable import Election
@testable import ElectionLive

@Suite struct DurableStoreTests {
    struct Vote: Codable, Hashable, Sendable {
        var term: UInt64
        var votedFor: Int?
    }

    /// A fresh directory under the system's temporary directory, removed by the caller.
    private func scratchDirectory() -> String {
        NSTemporaryDirectory() + "durable-store-tests-\(UUID().uuidString)"
    }

    @Test func nothingSavedYetLoadsAsNil() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory)
        try store.createDirectory()
        #expect(try store.load() == nil)
    }

    @Test func savedStateSurvivesIntoANewStoreAndOverwrites() throws {
        let scratch = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let directory = scratch + "/nested/deeper"
        let store = DurableStore<Vote>(directory: directory)
        try store.createDirectory()
        try store.save(Vote(term: 5, votedFor: 2))
        try store.save(Vote(term: 6, votedFor: nil))
        let restarted = DurableStore<Vote>(directory: directory)
        #expect(try restarted.load() == Vote(term: 6, votedFor: nil))
    }

    @Test func fileIsOneJSONLineAndNoTemporaryFileIsLeft() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory, fileName: "raft.json")
        try store.createDirectory()
        try store.save(Vote(term: 7, votedFor: 3))
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(text == "{\"term\":7,\"votedFor\":3}\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["raft.json"])
    }

    @Test func corruptFileIsReportedWithItsPath() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory)
        try store.createDirectory()
        try Data("{\"term\":".utf8).write(to: URL(fileURLWithPath: store.path))
        #expect {
            try store.load()
        } throws: { error in
            guard case .corrupt(let path, _) = error as? DurableStoreError else { return false }
            return path == store.path && "\(error)".contains("move it away")
        }
    }

    @Test func directoryThatCannotExistIsReported() throws {
        let blocker = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        try Data("a file, not a directory".utf8).write(to: URL(fileURLWithPath: blocker))
        let store = DurableStore<Vote>(directory: blocker + "/inside")
        #expect(throws: DurableStoreError.self) { try store.createDirectory() }
        #expect(throws: DurableStoreError.self) { try store.save(Vote(term: 1)) }
    }

    // MARK: - Owner, lock and stale files (what `openAndLoad` guards at start)

    private func owner(_ id: NodeID, _ nodes: String = "1:8001,2:8002,3:8003") throws -> DurableStateOwner {
        DurableStateOwner(node: id, membership: try Membership.parse(nodes))
    }

    @Test func ownedFileRecordsNodeAndMembersAndLoadsBackForTheSameOwner() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory, owner: try owner(2))
        #expect(try store.openAndLoad() == nil)
        try store.save(Vote(term: 5, votedFor: 3))
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(text == "{\"members\":\"1:127.0.0.1:8001,2:127.0.0.1:8002,3:127.0.0.1:8003\","
            + "\"membership_fingerprint\":\"f5ad6c65cbad70c4\",\"node\":2,\"state\":{\"term\":5,\"votedFor\":3}}\n")
        // The same owner (members in another order) gets it back; so does an owner-less reader.
        store.lock.release()
        let restarted = DurableStore<Vote>(directory: directory, owner: try owner(2, "3:8003,2:8002,1:8001"))
        #expect(try restarted.openAndLoad() == Vote(term: 5, votedFor: 3))
        #expect(try DurableStore<Vote>(directory: directory).load() == Vote(term: 5, votedFor: 3))
    }

    @Test func stateOfAnotherNodeOrAnotherMemberListIsRefusedNotReset() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try DurableStore<Vote>(directory: directory, owner: try owner(1)).createDirectory()
        try DurableStore<Vote>(directory: directory, owner: try owner(1)).save(Vote(term: 9, votedFor: 1))
        let path = directory + "/state.json"
        #expect(throws: DurableStoreError.writtenByAnotherNode(path, savedBy: 1, thisNode: 2)) {
            try DurableStore<Vote>(directory: directory, owner: try owner(2)).load()
        }
        #expect(throws: DurableStoreError.writtenForOtherMembers(
            path, saved: "1:127.0.0.1:8001,2:127.0.0.1:8002,3:127.0.0.1:8003",
            configured: "1:127.0.0.1:8001,2:127.0.0.1:8002")) {
            try DurableStore<Vote>(directory: directory, owner: try owner(1, "1:8001,2:8002")).load()
        }
        // Refusing left the file as it was.
        #expect(try DurableStore<Vote>(directory: directory, owner: try owner(1)).load() == Vote(term: 9, votedFor: 1))
    }

    @Test func fileWithoutOwnerFromEarlierVersionsStillLoadsAndGainsItsOwnerOnSave() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let legacy = DurableStore<Vote>(directory: directory)
        try legacy.createDirectory()
        try legacy.save(Vote(term: 4, votedFor: 2))
        let owned = DurableStore<Vote>(directory: directory, owner: try owner(1))
        #expect(try owned.openAndLoad() == Vote(term: 4, votedFor: 2))
        try owned.save(Vote(term: 5, votedFor: nil))
        #expect(throws: DurableStoreError.self) {
            try DurableStore<Vote>(directory: directory, owner: try owner(3)).load()
        }
    }

    @Test func secondOpenOfALockedDirectoryIsRefusedAndNamesTheHolder() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = DurableStore<Vote>(directory: directory)
        _ = try first.openAndLoad()
        _ = try first.openAndLoad()  // the holder may open again
        // flock locks belong to open files, so a second open file conflicts even in-process.
        let second = DurableStore<Vote>(directory: directory)
        #expect(throws: DurableStoreError.heldByAnotherProcess(directory: directory, processID: getpid())) {
            try second.openAndLoad()
        }
        #expect("\(DurableStoreError.heldByAnotherProcess(directory: directory, processID: 42))"
            == "the data directory \(directory) is in use by process 42 (is this node already running?); "
            + "stop that process, or give this node its own --data-dir")
        first.lock.release()
        #expect(try second.openAndLoad() == nil)
    }

    @Test func staleTemporaryFilesAreRemovedAtOpenAndNothingElse() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory)
        try store.createDirectory()
        try store.save(Vote(term: 2, votedFor: 1))
        for name in ["state.json.tmp-123", "state.json.tmp-99999", "notes.txt"] {
            try Data("half-written".utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        #expect(try store.openAndLoad() == Vote(term: 2, votedFor: 1))
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == ["lock", "notes.txt", "state.json"])
    }

    @Test func unreadableAndEmptyFilesAreErrorsThatNameTheFile() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory)
        // A directory where the file should be cannot be read, even by root.
        try FileManager.default.createDirectory(atPath: store.path, withIntermediateDirectories: true)
        #expect(throws: DurableStoreError.cannotRead(store.path, reason: "Is a directory")) { try store.load() }
        try FileManager.default.removeItem(atPath: store.path)
        try Data().write(to: URL(fileURLWithPath: store.path))
        #expect { try store.load() } throws: { error in
            guard case .corrupt(let path, _) = error as? DurableStoreError else { return false }
            return path == store.path
        }
    }
}
