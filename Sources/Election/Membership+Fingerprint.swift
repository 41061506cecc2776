extension Membership {
    /// A short, stable name for this member list: 16 lowercase hex digits, the 64-bit
    /// FNV-1a hash of `canonicalText`.
    ///
    /// Two nodes configured with the same members (same ids, hosts and ports, in any order,
    /// `1:8001` and `1:127.0.0.1:8001` alike) get the same fingerprint on every machine,
    /// every run and every version of this package, because it hashes plain UTF-8 bytes
    /// with a fixed algorithm rather than Swift's `Hasher`, which is seeded per process.
    /// Hosts are compared as text: `localhost` and `127.0.0.1` are different members.
    ///
    /// A node writes it into its saved state, and refuses state saved for another member
    /// list; it is short enough to print in a log line or send on the wire.
    ///
    ///     try Membership.parse("1:8001,2:8002,3:8003").fingerprint   // "f5ad6c65cbad70c4"
    public var fingerprint: String {
        let hash = Self.fnv1a64(Array(canonicalText.utf8))
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// What `fingerprint` hashes: every member as `id:host:port`, in increasing id order,
    /// joined by commas, such as `1:127.0.0.1:8001,2:127.0.0.1:8002`. The host is always
    /// written out, so the two spellings of a loopback member hash the same.
    public var canonicalText: String {
        members.map { "\($0.id):\($0.host):\($0.port)" }.joined(separator: ",")
    }

    /// FNV-1a, 64 bits (Fowler, Noll, Vo): simple, fast, and the same everywhere. It is
    /// not cryptographic; it tells honest configurations apart, nothing more.
    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
