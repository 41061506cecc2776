import Foundation

/// Runs a `ReliabilityCommand` and prints what it found. Exit statuses: 0 when every check
/// held, 1 on a violation or when the run could not go on.
struct ReliabilityBench: Sendable {
    var console: any BenchConsole

    init(console: any BenchConsole) { self.console = console }

    func run(_ command: ReliabilityCommand) -> Int32 {
        let console = self.console
        let clock = ContinuousClock()
        let start = clock.now
        let progress: @Sendable (String) -> Void = { line in
            console.progress("[\((clock.now - start).components.seconds) s] \(line)")
        }
        switch command {
        case .help(let text):
            console.write(text)
            return 0
        case .crashLoop(let options):
            do {
                let report = try CrashLoopRunner(options: options).run(progress: progress)
                say(report.lines)
                return report.violations.isEmpty ? 0 : 1
            } catch {
                console.writeError("election-bench crash-loop: \(error)")
                return 1
            }
        case .liveChaos(let options):
            var violations = 0
            for algorithm in options.algorithms {
                do {
                    let report = try LiveChaosRunner(options: options).run(algorithm: algorithm, progress: progress)
                    say(report.lines)
                    violations += report.violations.count
                } catch {
                    console.writeError("election-bench chaos --live (\(options.settingsLabel(of: algorithm))): \(error)")
                    violations += 1
                }
            }
            say(["time: \(ReportNumber.plain(Double((clock.now - start).nanoseconds) / 1e9, decimals: 1)) s"])
            return violations == 0 ? 0 : 1
        }
    }

    /// Prints report lines wrapped to the console's width, as everything election-bench
    /// prints; a line of evidence (indented) continues further in.
    private func say(_ lines: [String]) {
        for line in lines {
            let indent = line.hasPrefix("    ") ? "        " : "    "
            for piece in TextWrap.lines(line, width: ConsoleComparison.width, indent: indent) { console.write(piece) }
        }
    }
}
