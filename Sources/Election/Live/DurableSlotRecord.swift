/// One slot of a `DurableSlotFile`: a sequence number and a payload (the state's JSON line,
/// or nothing for "nothing saved yet"), framed so that a torn or garbled slot is recognised
/// instead of read.
///
/// A slot is `slotSize` bytes at a fixed offset. It starts with a 20-byte header, all
/// little-endian: the magic `ELS1`, the sequence number (8 bytes), the payload's length
/// (4 bytes) and a CRC-32 (4 bytes) of the magic, sequence, length and payload. The payload
/// follows; the rest of the slot is ignored. A crash part-way through writing a slot leaves
/// a checksum that does not match, so the slot reads as invalid and the other slot, the
/// previous save, is used.
struct DurableSlotRecord: Equatable, Sendable {
    /// Bytes per slot. Large enough for the state of a cluster of a few hundred members
    /// (the member list is recorded beside the state); a save writes only the record's own
    /// bytes, so the size costs nothing per save.
    static let slotSize = 65_536
    static let headerSize = 20
    static let payloadCapacity = slotSize - headerSize
    private static let magic: [UInt8] = Array("ELS1".utf8)

    /// Higher is newer; the two slots' numbers differ after every save.
    var sequence: UInt64
    /// The saved JSON line; empty for a slot that holds no state yet.
    var payload: [UInt8]

    /// The header and payload, ready to be written at the slot's offset.
    var bytes: [UInt8] {
        var header = Self.magic
        Self.append(sequence, byteCount: 8, to: &header)
        Self.append(UInt64(payload.count), byteCount: 4, to: &header)
        let checksum = Self.crc32(header + payload)
        Self.append(UInt64(checksum), byteCount: 4, to: &header)
        return header + payload
    }

    /// Reads the record in `slot` (one slot's bytes), or `nil` when the slot does not hold
    /// an intact record: wrong magic, impossible length or a checksum that does not match.
    init?(slot: ArraySlice<UInt8>) {
        let bytes = Array(slot)
        guard bytes.count >= Self.headerSize, Array(bytes[0..<4]) == Self.magic else { return nil }
        let length = Int(Self.read(bytes, at: 12, byteCount: 4))
        guard length <= min(Self.payloadCapacity, bytes.count - Self.headerSize) else { return nil }
        let payload = Array(bytes[Self.headerSize..<(Self.headerSize + length)])
        let checksum = UInt32(Self.read(bytes, at: 16, byteCount: 4))
        guard Self.crc32(Array(bytes[0..<16]) + payload) == checksum else { return nil }
        sequence = Self.read(bytes, at: 4, byteCount: 8)
        self.payload = payload
    }

    init(sequence: UInt64, payload: [UInt8]) {
        self.sequence = sequence
        self.payload = payload
    }

    private static func append(_ value: UInt64, byteCount: Int, to bytes: inout [UInt8]) {
        for index in 0..<byteCount { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    private static func read(_ bytes: [UInt8], at offset: Int, byteCount: Int) -> UInt64 {
        (0..<byteCount).reduce(0) { value, index in value | UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
    }

    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), bit by bit: a record is a few
    /// hundred bytes, so a table would save nothing worth its lines. Unlike a plain sum it
    /// catches every burst of up to 32 flipped bits, the shape a torn sector leaves.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
