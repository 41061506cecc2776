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

    /// The JSON line in the slot file's newest record, read the way a reader of the format would.
    private func newestLine(_ path: String) throws -> String {
        let bytes = try #require(try DurableSlotFile.readFile(path))
        let size = DurableSlotRecord.slotSize
        let records = [bytes[0..<size], bytes[size..<(2 * size)]].compactMap { DurableSlotRecord(slot: $0) }
        let newest = try #require(records.max { $0.sequence < $1.sequence })
        return String(decoding: newest.payload, as: UTF8.self)
    }

    @Test func recordIsOneJSONLineInATwoSlotFileAndNoTemporaryFileIsLeft() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory, name: "raft")
        try store.createDirectory()
        try store.save(Vote(term: 7, votedFor: 3))
        #expect(try newestLine(store.path) == "{\"term\":7,\"votedFor\":3}\n")
        #expect(try FileManager.default.attributesOfItem(atPath: store.path)[.size] as? Int == 2 * DurableSlotRecord.slotSize)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["raft.slots"])
    }

    @Test func savesAlternateSlotsAndTheHighestSequenceWins() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory)
        #expect(try store.openAndLoad() == nil)
        for term in 1...5 { try store.save(Vote(term: UInt64(term), votedFor: term)) }
        let bytes = try #require(try DurableSlotFile.readFile(store.path))
        let size = DurableSlotRecord.slotSize
        let first = try #require(DurableSlotRecord(slot: bytes[0..<size]))
        let second = try #require(DurableSlotRecord(slot: bytes[size..<(2 * size)]))
        // Both slots hold a save: the two newest, one sequence number apart.
        #expect(Set([first.sequence, second.sequence]) == [4, 5])
        store.lock.release()
        #expect(try DurableStore<Vote>(directory: directory).openAndLoad() == Vote(term: 5, votedFor: 5))
    }

    /// Overwrites the slot holding the newest record with `garbage`, as a torn write would.
    private func garbleNewestSlot(_ path: String, with garbage: [UInt8]) throws {
        let bytes = try #require(try DurableSlotFile.readFile(path))
        let size = DurableSlotRecord.slotSize
        let sequences = [bytes[0..<size], bytes[size..<(2 * size)]].map { DurableSlotRecord(slot: $0)?.sequence ?? 0 }
        let newest = sequences[1] > sequences[0] ? 1 : 0
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(newest * size))
        try handle.write(contentsOf: Data(garbage))
    }

    @Test(arguments: [Array("garbage, not a record".utf8), [UInt8](repeating: 0, count: 40)])
    func tornNewestSlotFallsBackToThePreviousSave(garbage: [UInt8]) throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory)
        _ = try store.openAndLoad()
        try store.save(Vote(term: 1, votedFor: 1))
        try store.save(Vote(term: 2, votedFor: 2))
        try garbleNewestSlot(store.path, with: garbage)
        // The next start saves over the garbled slot, keeping the intact one; a flipped
        // payload byte in the new record fails its checksum too.
        let restarted = DurableStore<Vote>(directory: directory)
        #expect(try restarted.load() == Vote(term: 1, votedFor: 1))
        try restarted.save(Vote(term: 3, votedFor: 3))
        #expect(try DurableStore<Vote>(directory: directory).load() == Vote(term: 3, votedFor: 3))
        var bytes = try #require(try DurableSlotFile.readFile(store.path))
        let size = DurableSlotRecord.slotSize
        let newest = (DurableSlotRecord(slot: bytes[0..<size])?.sequence ?? 0) > (DurableSlotRecord(slot: bytes[size...])?.sequence ?? 0) ? 0 : size
        bytes[newest + DurableSlotRecord.headerSize + 3] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: store.path))
        #expect(try DurableStore<Vote>(directory: directory).load() == Vote(term: 1, votedFor: 1))
    }

    @Test func bothSlotsCorruptIsRefusedNotReset() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory)
        _ = try store.openAndLoad()
        try store.save(Vote(term: 1, votedFor: 1))
        try garbleNewestSlot(store.path, with: Array("torn".utf8))
        try garbleNewestSlot(store.path, with: Array("torn".utf8))
        let before = try DurableSlotFile.readFile(store.path)
        store.lock.release()
        #expect {
            try DurableStore<Vote>(directory: directory).openAndLoad()
        } throws: { error in
            guard case .corrupt(let path, _) = error as? DurableStoreError else { return false }
            return path == store.path && "\(error)".contains("move it away")
        }
        #expect(try DurableSlotFile.readFile(store.path) == before)
    }

    @Test func stateFileOfTheRenameBasedVersionIsMigratedWithItsOwner() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Exactly what the previous version wrote to state.json.
        let line = "{\"members\":\"1:127.0.0.1:8001,2:127.0.0.1:8002,3:127.0.0.1:8003\","
            + "\"membership_fingerprint\":\"f5ad6c65cbad70c4\",\"node\":2,\"state\":{\"term\":5,\"votedFor\":3}}\n"
        try Data(line.utf8).write(to: URL(fileURLWithPath: directory + "/state.json"))
        #expect(throws: DurableStoreError.writtenByAnotherNode(directory + "/state.json", savedBy: 2, thisNode: 1)) {
            try DurableStore<Vote>(directory: directory, owner: try owner(1)).openAndLoad()
        }
        let store = DurableStore<Vote>(directory: directory, owner: try owner(2))
        #expect(try store.openAndLoad() == Vote(term: 5, votedFor: 3))
        #expect(try newestLine(store.path) == line)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["lock", "state.slots"])
        try store.save(Vote(term: 6, votedFor: nil))
        #expect(try DurableStore<Vote>(directory: directory).load() == Vote(term: 6, votedFor: nil))
    }

    @Test func corruptStateFileOfTheRenameBasedVersionIsReportedWithItsPath() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory)
        try store.createDirectory()
        try Data("{\"term\":".utf8).write(to: URL(fileURLWithPath: store.legacyPath))
        #expect {
            try store.openAndLoad()
        } throws: { error in
            guard case .corrupt(let path, _) = error as? DurableStoreError else { return false }
            return path == store.legacyPath && "\(error)".contains("move it away")
        }
        // Refused, not migrated: no slot file replaces it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["lock", "state.json"])
    }

    @Test func saveAfterTheFileWasRemovedIsAnErrorNotALostVote() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = DurableStore<Vote>(directory: directory)
        _ = try store.openAndLoad()
        try store.save(Vote(term: 1, votedFor: 1))
        try FileManager.default.removeItem(atPath: store.path)
        #expect(throws: DurableStoreError.cannotWrite(store.path, reason: "the file was removed while the node ran")) {
            try store.save(Vote(term: 2, votedFor: 2))
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
        #expect(try newestLine(store.path) == "{\"members\":\"1:127.0.0.1:8001,2:127.0.0.1:8002,3:127.0.0.1:8003\","
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
        let path = directory + "/state.slots"
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
        for name in ["state.json.tmp-123", "state.slots.tmp-99999", "notes.txt"] {
            try Data("half-written".utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        #expect(try store.openAndLoad() == Vote(term: 2, votedFor: 1))
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == ["lock", "notes.txt", "state.slots"])
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
