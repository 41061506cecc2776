import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps one algorithm's durable state (Raft's term and vote) in one small JSON file, so
/// that it survives a crash or `kill -9`.
///
/// `save` is atomic and durable: it writes a temporary file in the same directory,
/// `fsync`s it, renames it over the old file and `fsync`s the directory. After a crash
/// the file holds either the old state or the new one, never a mix, and once `save`
/// returns the new state survives a power cut. That is what lets a Raft node promise
/// "I voted for 2 in term 5" and keep the promise after a restart (Raft paper, §5.2:
/// persistent state is updated on stable storage before responding to RPCs).
///
/// The file is plain JSON, one line, so a learner can `cat` it.
public struct DurableStore<State: Codable & Sendable>: Sendable {
    /// The directory that holds the file (created on first use).
    public let directory: String
    /// The state file's full path.
    public let path: String

    public init(directory: String, fileName: String = "state.json") {
        self.directory = directory
        path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    /// Creates the directory (and its parents) if it does not exist yet.
    public func createDirectory() throws(DurableStoreError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(directory, reason: Self.reason(error))
        }
    }

    /// The state last saved, or `nil` when nothing was ever saved here.
    public func load() throws(DurableStoreError) -> State? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .cannotRead(path, reason: Self.reason(error))
        }
        do {
            return try JSONDecoder().decode(State.self, from: data)
        } catch {
            throw .corrupt(path, reason: Self.reason(error))
        }
    }

    /// Replaces the saved state, atomically and durably (see the type's documentation).
    public func save(_ state: State) throws(DurableStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes: [UInt8]
        do {
            bytes = Array(try encoder.encode(state)) + [10]
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

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let directory, let reason):
            return "cannot create the data directory \(directory) (\(reason)); choose another with --data-dir"
        case .cannotRead(let path, let reason):
            return "cannot read the saved state in \(path) (\(reason)); check its permissions"
        case .corrupt(let path, let reason):
            return "the saved state in \(path) is not valid (\(reason)); move the file away to start this node fresh"
        case .cannotEncode(let reason):
            return "cannot encode the state to save (\(reason)); this is a bug in the algorithm's state type"
        case .cannotWrite(let path, let reason):
            return "cannot save the state to \(path) (\(reason)); check free space and permissions of --data-dir"
        }
    }
}
