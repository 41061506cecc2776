/// A small, fast, seeded random number generator (xoshiro256**, seeded through
/// SplitMix64).
///
/// Every random choice in this toolkit comes from one of these, handed in from outside.
/// Nothing uses the global generator, so a simulation replays exactly from its seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// The seed this generator was created with, to print in "reproduce with --seed N".
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, by: 45)
        return result
    }

    /// An independent generator for a sub-component (a node, a link), derived from this
    /// one's next output and `stream`, so adding a node does not shift everyone's draws.
    public mutating func split(stream: UInt64 = 0) -> SeededRandom {
        SeededRandom(seed: next() ^ (stream &* 0x9E37_79B9_7F4A_7C15))
    }

    /// A duration drawn uniformly from `[low, high)`; `low` itself when the range is empty.
    public mutating func duration(from low: Duration, below high: Duration) -> Duration {
        let span = high.nanoseconds - low.nanoseconds
        guard span > 0 else { return low }
        return low + .nanoseconds(Int64.random(in: 0..<span, using: &self))
    }

    /// `true` with probability `probability` (0 never, 1 always).
    public mutating func chance(_ probability: Double) -> Bool {
        guard probability > 0 else { return false }
        guard probability < 1 else { return true }
        return Double.random(in: 0..<1, using: &self) < probability
    }

    private func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}
