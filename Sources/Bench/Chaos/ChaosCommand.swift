import Foundation

/// `election-bench chaos`: runs the campaign the options describe and prints its report
/// (traces first, when asked for), in the simulator. `chaos --live`, on real processes, is
/// `LiveChaosRunner`'s (through `ReliabilityCommandLine`).
///
/// Exit statuses: 0 when no invariant broke, 1 when one did.
public struct ChaosCommand: Sendable {
    public var console: any BenchConsole

    public init(console: any BenchConsole) {
        self.console = console
    }

    public func run(_ options: ChaosOptions) -> Int32 {
        let console = self.console
        let summaries = ChaosCampaign(options: options).run(progress: { console.progress($0) })
        let report = ChaosReportText(options: options, summaries: summaries)
        for summary in summaries {
            for trace in summary.traces {
                console.write("trace of \(summary.algorithm) seed \(trace.seed):")
                console.write(trace.text.hasSuffix("\n") ? String(trace.text.dropLast()) : trace.text)
            }
        }
        for line in report.lines { console.write(line) }
        return summaries.contains { !$0.violations.isEmpty } ? 1 : 0
    }
}
