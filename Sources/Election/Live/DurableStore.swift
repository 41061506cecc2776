import Election
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps one algorithm's durable state (a term and a vote, say) in one small JSON file, so
/// that it survives a crash or `kill -9`.
///
/// `save` is atomic and durable: it writes a temporary file in the same directory,
/// `fsync`s it, renames it over the old file and `fsync`s the directory. After a crash
/// the file holds either the old state or the new one, never a mix, and once `save`
/// returns the new state survives a power cut. That is what lets a node promise "I voted for
/// 2 in term 5" and keep the promise after a restart: an algorithm that votes must have its
/// vote on stable storage before it answers.
///
/// `openAndLoad` guards the promise at start: it locks the directory (`DataDirectoryLock`), so
/// a second process cannot write the same votes; it removes temporary files a crash left
/// between steps 1 and 2 of a save; and, when the store has an `owner`, it refuses a file
/// another node or another member list wrote. A file it cannot read or decode is an
/// error, never a silent fresh start: forgetting a vote could elect two leaders in a term.
///
/// The file is plain JSON, one line, so a learner can `cat` it. With an owner it is
/// `{"members":…,"membership_fingerprint":…,"node":1,"state":{…}}`; without one (or as
/// written by versions before the owner was recorded) it is the state alone. Both load.
public struct DurableStore<State: Codable & Sendable>: Sendable {
    /// The directory that holds the file (created on first use).
    public let directory: String
    /// The state file's full path.
    public let path: String
    /// Who writes this state; `nil` records and checks no owner.
    public let owner: DurableStateOwner?
    /// Held from `openAndLoad` until the last copy of this store goes away.
    public let lock: DataDirectoryLock

    public init(directory: String, fileName: String = "state.json", owner: DurableStateOwner? = nil) {
        self.directory = directory
        path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        self.owner = owner
        lock = DataDirectoryLock(directory: directory)
    }

    /// Everything a node does with its store before it starts: creates the directory,
    /// takes its lock, removes stale temporary files, and loads the state (checking its
    /// owner). Returns `nil` when nothing was ever saved here.
    public func openAndLoad() throws(DurableStoreError) -> State? {
        try createDirectory()
        try lock.acquire()
        // Only now is it safe: no other process can be half-way through a save here.
        removeStaleTemporaryFiles()
        return try load()
    }

    /// Creates the directory (and its parents) if it does not exist yet.
    public func createDirectory() throws(DurableStoreError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(directory, reason: Self.reason(error))
        }
    }

    /// The state last saved, or `nil` when nothing was ever saved here. Throws when the
    /// file cannot be read, does not decode, or (with an owner) belongs to someone else.
    public func load() throws(DurableStoreError) -> State? {
        guard let data = try readFile() else { return nil }
        let file: DurableStateFile<State>
        do {
            file = try JSONDecoder().decode(DurableStateFile<State>.self, from: data)
        } catch {
            // The older form, the state alone, has no owner to check.
            if let state = try? JSONDecoder().decode(State.self, from: data) { return state }
            throw .corrupt(path, reason: Self.reason(error))
        }
        if let owner {
            guard file.node == owner.node else {
                throw .writtenByAnotherNode(path, savedBy: file.node, thisNode: owner.node)
            }
            guard file.membershipFingerprint == owner.membershipFingerprint else {
                throw .writtenForOtherMembers(path, saved: file.members, configured: owner.members)
            }
        }
        return file.state
    }

    /// The file's bytes, or `nil` when it does not exist. Plain POSIX calls, so that a
    /// failure reads as the system's own words ("Is a directory", "Permission denied").
    private func readFile() throws(DurableStoreError) -> Data? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .cannotRead(path, reason: Self.systemReason())
        }
        defer { close(descriptor) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path, reason: Self.systemReason())
            }
            data.append(contentsOf: chunk[..<count])
        }
    }

    /// Removes `<file>.tmp-<pid>` files: a save that crashed before its rename leaves
    /// one behind, and nothing will ever read it. Call only while holding the lock.
    /// Returns how many were removed.
    @discardableResult
    public func removeStaleTemporaryFiles() -> Int {
        let prefix = String(path.split(separator: "/").last ?? "") + ".tmp-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            if unlink(directory + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    /// Replaces the saved state, atomically and durably (see the type's documentation).
    public func save(_ state: State) throws(DurableStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes: [UInt8]
        do {
            let encoded = try owner.map { try encoder.encode(DurableStateFile(owner: $0, state: state)) }
                ?? encoder.encode(state)
            bytes = Array(encoded) + [10]
        } catch {
            throw .cannotEncode(reason: Self.reason(error))
        }
        let temporaryPath = path + ".tmp-\(getpid())"
        // 1) The new state goes to a temporary file, forced to disk.
        try writeFully(bytes, to: temporaryPath)
        // 2) The rename replaces the old file in one step: readers see old or new, never a mix.
        guard rename(temporaryPath, path) == 0 else {
            let reason = Self.systemReason()
            unlink(temporaryPath)
            throw .cannotWrite(path, reason: reason)
        }
        // 3) The rename itself lives in the directory, which must reach the disk too.
        try syncDirectory()
    }

    private func writeFully(_ bytes: [UInt8], to temporaryPath: String) throws(DurableStoreError) {
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(temporaryPath, reason: Self.systemReason()) }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Self.systemReason()
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = Self.systemReason() }
        close(descriptor)
        if let failure {
            unlink(temporaryPath)
            throw .cannotWrite(temporaryPath, reason: failure)
        }
    }

    private func syncDirectory() throws(DurableStoreError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotWrite(directory, reason: Self.systemReason()) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .cannotWrite(directory, reason: Self.systemReason()) }
    }

    private static func systemReason() -> String { String(cString: strerror(errno)) }

    private static func reason(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context), .keyNotFound(_, let context),
                 .typeMismatch(_, let context), .valueNotFound(_, let context):
                return context.debugDescription
            @unknown default:
                return "\(decoding)"
            }
        }
        return (error as NSError).localizedDescription
    }
}

/// Why the durable state could not be stored or read. Each description is one sentence
/// a user can act on.
public enum DurableStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotCreateDirectory(String, reason: String)
    case cannotRead(String, reason: String)
    case corrupt(String, reason: String)
    case cannotEncode(reason: String)
    case cannotWrite(String, reason: String)
    /// Another process holds the directory's lock (`processID` when it could be read).
    case heldByAnotherProcess(directory: String, processID: Int32?)
    case cannotLock(String, reason: String)
    case writtenByAnotherNode(String, savedBy: NodeID, thisNode: NodeID)
    case writtenForOtherMembers(String, saved: String, configured: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let directory, let reason):
            return "cannot create the data directory \(directory) (\(reason)); choose another with --data-dir"
        case .cannotRead(let path, let reason):
            return "cannot read the saved state in \(path) (\(reason)); make it a readable file, or restore it from a backup"
        case .corrupt(let path, let reason):
            return "the saved state in \(path) is not valid (\(reason)); restore it, or move it away to start this node with no saved term or vote"
        case .cannotEncode(let reason):
            return "cannot encode the state to save (\(reason)); this is a bug in the algorithm's state type"
        case .cannotWrite(let path, let reason):
            return "cannot save the state to \(path) (\(reason)); check free space and permissions of --data-dir"
        case .heldByAnotherProcess(let directory, let processID):
            let holder = processID.map { "process \($0)" } ?? "another process"
            return "the data directory \(directory) is in use by \(holder) (is this node already running?); "
                + "stop that process, or give this node its own --data-dir"
        case .cannotLock(let lockPath, let reason):
            return "cannot lock \(lockPath) (\(reason)); check the permissions of --data-dir"
        case .writtenByAnotherNode(let path, let savedBy, let thisNode):
            return "the saved state in \(path) belongs to node \(savedBy), not node \(thisNode); "
                + "give each node its own --data-dir, or start node \(savedBy) with it"
        case .writtenForOtherMembers(let path, let saved, let configured):
            return "the saved state in \(path) was written for the members \(saved), not \(configured); "
                + "start with the same --nodes, or move the file away to join the new cluster with no votes"
        }
    }
}
