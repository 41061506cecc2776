import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<directory>/lock`, so that two processes never use one data
/// directory: two nodes sharing a state file would overwrite each other's durable state, such
/// as the vote each has recorded.
///
/// The lock belongs to an open file, not to a path: the kernel releases it when the
/// holder closes the file or dies, even by `kill -9`, so a crash never leaves a stale
/// lock behind. The holder writes its process id into the file, only so that a refusal
/// can name it. The file is opened close-on-exec: child processes do not inherit it.
public final class DataDirectoryLock: Sendable {
    /// The directory it guards.
    public let directory: String
    /// The lock file's path.
    public let path: String
    /// The open lock file while the lock is held.
    private let descriptor = Mutex<Int32?>(nil)

    public init(directory: String) {
        self.directory = directory
        path = directory.hasSuffix("/") ? directory + "lock" : directory + "/lock"
    }

    deinit { release() }

    /// Takes the lock, or throws `.heldByAnotherProcess` at once (it never waits).
    /// Taking it again while held is a no-op.
    public func acquire() throws(DurableStoreError) {
        try descriptor.withLock { (held: inout Int32?) throws(DurableStoreError) in
            guard held == nil else { return }
            let file = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard file >= 0 else { throw .cannotLock(path, reason: Self.systemReason()) }
            guard flock(file, LOCK_EX | LOCK_NB) == 0 else {
                let busy = errno == EWOULDBLOCK
                let reason = Self.systemReason()
                let holder = Self.recordedProcessID(file)
                close(file)
                throw busy ? .heldByAnotherProcess(directory: directory, processID: holder) : .cannotLock(path, reason: reason)
            }
            Self.record(getpid(), in: file)
            held = file
        }
    }

    /// Releases the lock (also done when the object goes away). Harmless if not held.
    public func release() {
        descriptor.withLock { held in
            guard let file = held else { return }
            close(file)  // closing the file releases the flock
            held = nil
        }
    }

    private static func record(_ processID: pid_t, in file: Int32) {
        let text = Array("\(processID)\n".utf8)
        guard ftruncate(file, 0) == 0 else { return }
        // Best effort: the pid only improves a message, the flock is the lock.
        _ = text.withUnsafeBytes { pwrite(file, $0.baseAddress, $0.count, 0) }
    }

    private static func recordedProcessID(_ file: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(file, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count].prefix(while: { (48...57).contains($0) }), as: UTF8.self))
    }

    private static func systemReason() -> String { String(cString: strerror(errno)) }
}
