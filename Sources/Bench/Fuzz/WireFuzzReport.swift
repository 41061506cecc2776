import ElectionLive
import Foundation

/// What a wire-fuzz run found: how many inputs of each kind, how each was answered, and
/// every input that broke a property, with the seed that makes it again.
struct WireFuzzReport: Sendable {
    /// Counts for one kind of input.
    struct Tally: Sendable, Equatable {
        var inputs = 0
        /// Inputs some decoder or reader accepted (a message, a complete HTTP head).
        var accepted = 0
        /// Inputs refused with an error, as the node would answer them.
        var rejected = 0

        init() {}
    }

    /// One input that broke a property.
    struct Failure: Sendable, Equatable, CustomStringConvertible {
        var kind: WireFuzzKind
        /// The input's own seed: `election-bench fuzz --inputs 1 --seed <seed>` makes it again.
        var seed: UInt64
        /// Which property broke, and how.
        var problem: String
        /// The start of the input, printable.
        var input: String

        var description: String {
            "\(kind.rawValue) input (replay: election-bench fuzz --inputs 1 --seed \(seed)): \(problem); input: \(input)"
        }
    }

    /// The seed of the run: input `i` uses seed `seed + i`.
    var seed: UInt64
    var tallies: [WireFuzzKind: Tally] = [:]
    var failures: [Failure] = []
    /// The most bytes a `LineFramer` held between pushes, over every stream, and the
    /// largest bound one was given: between reads a framer may hold its bound plus one byte
    /// (a `\r` whose `\n` has not arrived), never more.
    var largestFramerPending = 0
    var largestFramerBound = 0

    init(seed: UInt64) { self.seed = seed }

    var inputs: Int { tallies.values.reduce(0) { $0 + $1.inputs } }

    /// Adds another report's counts (for runs split across tasks).
    mutating func merge(_ other: WireFuzzReport) {
        for (kind, tally) in other.tallies {
            tallies[kind, default: Tally()].inputs += tally.inputs
            tallies[kind, default: Tally()].accepted += tally.accepted
            tallies[kind, default: Tally()].rejected += tally.rejected
        }
        failures += other.failures
        largestFramerPending = max(largestFramerPending, other.largestFramerPending)
        largestFramerBound = max(largestFramerBound, other.largestFramerBound)
    }

    /// The table `election-bench fuzz` prints (within 100 columns, but for failures,
    /// which quote their input). `election-bench fuzz --help` describes the kinds.
    var text: String {
        var lines = ["wire fuzz: \(inputs) inputs, seeds \(seed) to \(seed &+ UInt64(max(inputs, 1)) &- 1)"]
        for kind in WireFuzzKind.allCases {
            let tally = tallies[kind] ?? Tally()
            let name = kind.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
            lines.append("  \(name) \(String(tally.inputs).leftPadded(9)) inputs "
                + "\(String(tally.accepted).leftPadded(9)) accepted \(String(tally.rejected).leftPadded(9)) rejected")
        }
        // The framer may hold its bound plus one byte (the `\r` of a `\r\n` still to come), so
        // say so: "65,537 (bounds up to 65,536)" alone reads like an overflow.
        lines.append("  LineFramer held at most \(largestFramerPending) bytes between reads "
            + "(allowed: bound \(largestFramerBound) + 1 for a \\r)")
        if failures.isEmpty {
            lines.append("failures: 0 (no trap; every input accepted, or refused with an error; buffers in bounds)")
        } else {
            lines.append("failures: \(failures.count)")
            lines += failures.prefix(20).map { "  " + $0.description }
            if failures.count > 20 { lines.append("  ... and \(failures.count - 20) more") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
