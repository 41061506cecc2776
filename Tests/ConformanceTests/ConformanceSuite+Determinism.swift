import Election
import ElectionSimulation

extension ConformanceSuite {
    /// The same seed gives the same trace: each seed's faulty run, done twice in fresh
    /// simulators, must give the same trace text byte for byte (every delivery, drop, timer,
    /// role change and logged sentence, with its virtual time). A node that reads a clock or
    /// a global random generator, or iterates a hashed collection, sooner or later draws
    /// differently in the second run and shifts the trace.
    func sameSeedSameTraceFindings() -> [String] {
        seeds.compactMap { seed -> String? in
            let first = trace(seed: seed)
            let second = trace(seed: seed)
            guard !first.isEmpty else { return "seed \(seed): the run left an empty trace" }
            guard first != second else { return nil }
            let firstLines = first.split(separator: "\n", omittingEmptySubsequences: false)
            let secondLines = second.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(firstLines, secondLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(firstLines.count, secondLines.count)
            func text(_ lines: [Substring]) -> String { line < lines.count ? "'\(lines[line])'" : "the end" }
            return "seed \(seed): two runs differ at trace line \(line + 1): \(text(firstLines)), then \(text(secondLines))"
        }
    }

    /// The trace text of `seed`'s faulty run and its recovery.
    func trace(seed: UInt64) -> String {
        let script = FaultScript(seed: seed)
        let simulator = script.simulator(Node.self, settings: settings, recordsTrace: true)
        script.run(on: simulator)
        simulator.run(for: convergenceBound)
        return simulator.traceText
    }
}
