import Foundation
import Testing
@testable import Election

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
            return path == store.path && "\(error)".contains("move the file away")
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
}
