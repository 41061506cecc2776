import Election
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps one algorithm's durable state (a term and a vote, say) in one small file, so that
/// it survives a crash or `kill -9`.
///
/// `save` is atomic and durable, and costs one flush: the file (`<name>.slots`) holds two
/// fixed-size slots, each a record with a sequence number and a checksum
/// (`DurableSlotRecord`), and a save overwrites the older slot with the next number, then
/// `fdatasync`s (`DurableSlotFile`). After a crash the newest intact record is the old state
/// or the new one, never a mix, and once `save` returns the new state survives a power cut.
/// That is what lets a node promise "I voted for 2 in term 5" and keep the promise after a
/// restart: an algorithm that votes must have its vote on stable storage before it answers,
/// and a vote-based failover waits for two such saves in a row (the candidate's, then the voter's).
///
/// `openAndLoad` guards the promise at start: it locks the directory (`DataDirectoryLock`), so
/// a second process cannot write the same votes; it removes temporary files a crash left
/// behind; it creates the slot file on first start; and, when the store has an `owner`, it
/// refuses state another node or another member list wrote. A file it cannot read, or whose
/// slots both fail their checksum, is an error, never a silent fresh start: forgetting a
/// vote could elect two leaders in a term.
///
/// Each record's payload is one JSON line, so `strings state.slots` shows it. With an owner
/// it is `{"members":…,"membership_fingerprint":…,"node":1,"state":{…}}`; without one (or as
/// written by versions before the owner was recorded) it is the state alone. Both load.
///
/// Versions before the slot file kept the same JSON line in `<name>.json`, replaced by a
/// rename (two flushes per save). `openAndLoad` still reads such a directory: it loads the
/// old file with the same checks, copies its line into a new slot file and only then
/// removes it, so a user upgrading keeps every term and vote.
public struct DurableStore<State: Codable & Sendable>: Sendable {
    /// The directory that holds the file (created on first use).
    public let directory: String
    /// The slot file's full path: the file every save writes.
    public let path: String
    /// Where versions before the slot file kept the state (read once, to migrate).
    public let legacyPath: String
    /// Who writes this state; `nil` records and checks no owner.
    public let owner: DurableStateOwner?
    /// Held from `openAndLoad` until the last copy of this store goes away.
    public let lock: DataDirectoryLock
    private let slots: DurableSlotFile

    /// `name` names both files: `<name>.slots` and, from older versions, `<name>.json`.
    public init(directory: String, name: String = "state", owner: DurableStateOwner? = nil) {
        self.directory = directory
        let prefix = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        path = prefix + ".slots"
        legacyPath = prefix + ".json"
        self.owner = owner
        lock = DataDirectoryLock(directory: directory)
        slots = DurableSlotFile(path: path, directory: directory)
    }

    /// Everything a node does with its store before it starts: creates the directory,
    /// takes its lock, removes stale temporary files, loads the state (checking its owner),
    /// migrating an older version's file, and creates the slot file if there is none yet, so
    /// that the first save already costs one flush. Returns `nil` when nothing was ever saved here.
    public func openAndLoad() throws(DurableStoreError) -> State? {
        try createDirectory()
        try lock.acquire()
        // Only now is it safe: no other process can be half-way through a save here.
        removeStaleTemporaryFiles()
        if let record = try slots.readNewest() {
            let state = try decode(record.payload, from: path)
            // A crash during a migration can leave the old file beside the new one, which wins.
            try removeLegacyFile()
            return state
        }
        guard let legacy = try DurableSlotFile.readFile(legacyPath) else {
            try slots.create(holding: [])
            return nil
        }
        // Migration from the rename-based format: refuse exactly as before, then continue in slots.
        let state = try decode(legacy, from: legacyPath)
        try slots.create(holding: legacy)
        try removeLegacyFile()
        return state
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
    /// Reads an older version's `<name>.json` when there is no slot file yet.
    public func load() throws(DurableStoreError) -> State? {
        if let record = try slots.readNewest() { return try decode(record.payload, from: path) }
        guard let legacy = try DurableSlotFile.readFile(legacyPath) else { return nil }
        return try decode(legacy, from: legacyPath)
    }

    /// Decodes one saved JSON line read from `source`; an empty payload is "nothing saved".
    private func decode(_ bytes: [UInt8], from source: String) throws(DurableStoreError) -> State? {
        if bytes.isEmpty, source == path { return nil }
        let data = Data(bytes)
        let file: DurableStateFile<State>
        do {
            file = try JSONDecoder().decode(DurableStateFile<State>.self, from: data)
        } catch {
            // The older form, the state alone, has no owner to check.
            if let state = try? JSONDecoder().decode(State.self, from: data) { return state }
            throw .corrupt(source, reason: Self.reason(error))
        }
        if let owner {
            guard file.node == owner.node else {
                throw .writtenByAnotherNode(source, savedBy: file.node, thisNode: owner.node)
            }
            guard file.membershipFingerprint == owner.membershipFingerprint else {
                throw .writtenForOtherMembers(source, saved: file.members, configured: owner.members)
            }
        }
        return file.state
    }

    private func removeLegacyFile() throws(DurableStoreError) {
        guard unlink(legacyPath) == 0 else { return }
        try DurableSlotFile.syncDirectory(directory)
    }

    /// Removes `<name>.slots.tmp-<pid>` files (a first start that crashed before its
    /// rename) and `<name>.json.tmp-<pid>` files (the same from a save of an older version):
    /// nothing will ever read them. Call only while holding the lock. Returns how many were removed.
    @discardableResult
    public func removeStaleTemporaryFiles() -> Int {
        let prefixes = [path, legacyPath].map { String($0.split(separator: "/").last ?? "") + ".tmp-" }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed = 0
        for name in names where prefixes.contains(where: { name.hasPrefix($0) }) {
            if unlink(directory + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    /// Replaces the saved state, atomically and durably, with one flush (see the type's documentation).
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
        try slots.write(bytes)
    }

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
