import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A preallocated file of two `DurableSlotRecord` slots, so that a save costs one flush.
///
/// A save overwrites the slot that does *not* hold the newest record, with the next
/// sequence number, by `pwrite` then `fdatasync`. The newest record is never touched, so a
/// crash at any point leaves it readable: after a crash the file yields either the state
/// before the save (the torn slot fails its checksum) or the new one. The file's size and
/// blocks never change after it is created, so `fdatasync` has no metadata to flush and
/// the directory none to record, which is the one flush the old rename-based save spent
/// twice (file `fsync`, then directory `fsync`).
///
/// Creating the file is the only multi-step write: both slots are written to a temporary
/// file, `fsync`ed, renamed into place and the directory `fsync`ed, once, at first start.
/// A crash part-way leaves only a `.tmp-<pid>` file, which the next start removes.
final class DurableSlotFile: Sendable {
    let path: String
    let directory: String

    /// Which slot holds the newest record and its sequence number, learned by reading the
    /// file or by writing it; plus the file kept open for writing.
    private struct Cursor {
        var descriptor: Int32
        var newestSlot: Int
        var newestSequence: UInt64
    }

    private let cursor = Mutex<Cursor?>(nil)

    init(path: String, directory: String) {
        self.path = path
        self.directory = directory
    }

    deinit {
        cursor.withLock { if let open = $0 { close(open.descriptor) } }
    }

    /// The newest intact record, or `nil` when the file does not exist. Throws when it
    /// exists but neither slot holds an intact record (a refusal, never a fresh start).
    func readNewest() throws(DurableStoreError) -> DurableSlotRecord? {
        guard let bytes = try Self.readFile(path) else { return nil }
        let size = DurableSlotRecord.slotSize
        guard bytes.count == 2 * size else {
            throw .corrupt(path, reason: "the file is \(bytes.count) bytes, not the \(2 * size) of two slots")
        }
        let records = (0..<2).map { DurableSlotRecord(slot: bytes[($0 * size)..<(($0 + 1) * size)]) }
        let valid = records.indices.filter { records[$0] != nil }
        guard let newest = valid.max(by: { records[$0]!.sequence < records[$1]!.sequence }) else {
            throw .corrupt(path, reason: "neither of its two slots holds a record whose checksum matches")
        }
        try remember(newestSlot: newest, sequence: records[newest]!.sequence)
        return records[newest]
    }

    /// Creates the file holding `payload` (empty for "nothing saved yet"), with the
    /// temporary file, rename and directory `fsync` described above.
    func create(holding payload: [UInt8]) throws(DurableStoreError) {
        let first = DurableSlotRecord(sequence: payload.isEmpty ? 0 : 1, payload: payload)
        let second = DurableSlotRecord(sequence: 0, payload: [])
        var bytes = [UInt8](repeating: 0, count: 2 * DurableSlotRecord.slotSize)
        bytes.replaceSubrange(0..<first.bytes.count, with: first.bytes)
        bytes.replaceSubrange(DurableSlotRecord.slotSize..<(DurableSlotRecord.slotSize + second.bytes.count), with: second.bytes)
        let temporaryPath = path + ".tmp-\(getpid())"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(temporaryPath, reason: Self.systemReason()) }
        var failure = Self.writeFully(bytes, to: descriptor, at: 0)
        if failure == nil, fsync(descriptor) != 0 { failure = Self.systemReason() }
        close(descriptor)
        if failure == nil, rename(temporaryPath, path) != 0 { failure = Self.systemReason() }
        if let failure {
            unlink(temporaryPath)
            throw .cannotWrite(path, reason: failure)
        }
        try Self.syncDirectory(directory)
        try remember(newestSlot: 0, sequence: first.sequence)
    }

    /// Saves `payload` in the older slot with the next sequence number: one `pwrite`, one
    /// `fdatasync`. Creates the file first if nothing has been read or written yet and it
    /// does not exist.
    func write(_ payload: [UInt8]) throws(DurableStoreError) {
        guard payload.count <= DurableSlotRecord.payloadCapacity else {
            throw .cannotEncode(reason: "the state is \(payload.count) bytes, more than a slot's \(DurableSlotRecord.payloadCapacity)")
        }
        if cursor.withLock({ $0 == nil }), try readNewest() == nil {
            return try create(holding: payload)
        }
        try cursor.withLock { (held: inout Cursor?) throws(DurableStoreError) in
            guard var current = held else { return }
            // The file stays open between saves, so a removed file (or data directory) would
            // otherwise swallow every later vote without an error.
            var status = stat()
            guard fstat(current.descriptor, &status) == 0, status.st_nlink > 0 else {
                throw .cannotWrite(path, reason: "the file was removed while the node ran")
            }
            let target = 1 - current.newestSlot
            let record = DurableSlotRecord(sequence: current.newestSequence + 1, payload: payload)
            var failure = Self.writeFully(record.bytes, to: current.descriptor, at: target * DurableSlotRecord.slotSize)
            if failure == nil, Self.flushData(current.descriptor) != 0 { failure = Self.systemReason() }
            // On failure the cursor stays: the next save retries the same (older) slot.
            if let failure { throw .cannotWrite(path, reason: failure) }
            current.newestSlot = target
            current.newestSequence = record.sequence
            held = current
        }
    }

    /// Records where the newest record is, opening the file for writing if needed.
    private func remember(newestSlot: Int, sequence: UInt64) throws(DurableStoreError) {
        try cursor.withLock { (held: inout Cursor?) throws(DurableStoreError) in
            // A new file (after `create`) needs a new descriptor: the old one is the replaced file.
            if let previous = held { close(previous.descriptor) }
            let descriptor = open(path, O_RDWR | O_CLOEXEC)
            guard descriptor >= 0 else { throw .cannotWrite(path, reason: Self.systemReason()) }
            held = Cursor(descriptor: descriptor, newestSlot: newestSlot, newestSequence: sequence)
        }
    }

    private static func flushData(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
        return fdatasync(descriptor)
        #else
        return fsync(descriptor)
        #endif
    }

    /// Writes all of `bytes` at `offset`; returns the system's reason on failure.
    private static func writeFully(_ bytes: [UInt8], to descriptor: Int32, at offset: Int) -> String? {
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let written = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                if written < 0 {
                    if errno == EINTR { continue }
                    return systemReason()
                }
                done += written
            }
            return nil
        }
    }

    static func syncDirectory(_ directory: String) throws(DurableStoreError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotWrite(directory, reason: systemReason()) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .cannotWrite(directory, reason: systemReason()) }
    }

    /// The file's bytes, or `nil` when it does not exist. Plain POSIX calls, so that a
    /// failure reads as the system's own words ("Is a directory", "Permission denied").
    static func readFile(_ path: String) throws(DurableStoreError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .cannotRead(path, reason: systemReason())
        }
        defer { close(descriptor) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path, reason: systemReason())
            }
            data.append(contentsOf: chunk[..<count])
        }
    }

    static func systemReason() -> String { String(cString: strerror(errno)) }
}
