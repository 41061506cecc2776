/// Counts messages by wire type without hashing a string per message: a protocol has a
/// handful of message types, and comparing short strings in a small array is cheaper.
@usableFromInline
struct MessageTypeTally {
    @usableFromInline var names: [String] = []
    @usableFromInline var counts: [Int] = []

    @inlinable
    init() {}

    @inlinable @inline(__always)
    mutating func add(_ name: String) {
        for index in names.indices where names[index] == name {
            counts[index] += 1
            return
        }
        names.append(name)
        counts.append(1)
    }

    @inlinable
    var dictionary: [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(names, counts))
    }
}
