@testable import Bench
import Dispatch
import Election
import Testing

/// 100,000 seeded inputs against everything a node reads from its port (see `WireFuzzer`
/// for the properties), split in four so the suite's parallel runner can spread them.
/// `election-bench fuzz --inputs N --seed S` runs more; a failure names the one seed
/// that replays it.
@Suite struct WireFuzzTests {
    static let inputsPerPart = 25_000

    /// Runs the fuzzer on a Dispatch thread, not on one of the few cooperative threads
    /// that every async test shares: seconds of CPU there would starve tests that sleep
    /// and then look at a clock (a slowloris trickle, say) on a 2-core machine.
    static func fuzz(inputs: Int, seed: UInt64) async -> WireFuzzReport {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: WireFuzzer.run(inputs: inputs, seed: seed))
            }
        }
    }

    @Test(arguments: 0..<4)
    func seededWireFuzzFindsNoTrapNoUnboundedBufferAndNoVerdictWithoutAnError(part: Int) async {
        let seed = 20_261_201 + UInt64(part * Self.inputsPerPart)
        let report = await Self.fuzz(inputs: Self.inputsPerPart, seed: seed)
        #expect(report.failures.isEmpty, "\(report.text)")
        #expect(report.inputs == Self.inputsPerPart)
        // Every kind ran, and each kind saw both verdicts: the fuzzer reaches past the
        // first refusal (so it tests the decoders) and its mutations do bite.
        for kind in WireFuzzKind.allCases {
            let tally = report.tallies[kind] ?? .init()
            #expect(tally.inputs > Self.inputsPerPart / 10, "\(kind): \(report.text)")
            #expect(tally.rejected > 0, "\(kind) never refused: \(report.text)")
            if kind != .lineBytes { #expect(tally.accepted > 0, "\(kind) never accepted: \(report.text)") }
        }
    }

    @Test func oneInputReplaysFromItsOwnSeed() {
        let run = WireFuzzer.run(inputs: 50, seed: 7)
        var replayed = WireFuzzReport(seed: 7)
        for index in 0..<50 { replayed.merge(WireFuzzer.run(inputs: 1, seed: 7 + UInt64(index))) }
        #expect(run.tallies == replayed.tallies)
    }
}
