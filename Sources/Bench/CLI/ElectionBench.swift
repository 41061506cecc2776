import Foundation

/// The `election-bench` program, kept in the library so it can be tested: it parses the
/// command line, runs the plan (live scenarios through a `ScenarioRunning` made by
/// `liveRunner`, everything else in the simulator), prints a line per finished result and
/// the comparison table, and writes every file into `--out`.
///
///     let status = ElectionBench(liveRunner: nil).run(arguments: ["flapping", "--quick"])
///
/// Exit statuses: 0 when everything ran, 1 when a scenario failed or the files could not
/// be written (the rest still runs), 2 for a command line it cannot run.
public struct ElectionBench: Sendable {
    /// Makes the runner for live scenarios from the options (`nodes` is always set). `nil`
    /// when this build has no live runner: the default suite then runs its failover in the
    /// simulator and says so, and an explicit `--live` is refused.
    typealias LiveRunnerFactory = @Sendable (BenchOptions) throws -> any ScenarioRunning

    var liveRunner: LiveRunnerFactory?
    var console: any BenchConsole
    /// Where `--with` looks for `etcd` and `python3` (a `$PATH` value); the process's
    /// `PATH` unless a test sets it.
    var searchPath: String?

    init(liveRunner: LiveRunnerFactory?, console: any BenchConsole = StandardConsole(),
                searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) {
        self.liveRunner = liveRunner
        self.console = console
        self.searchPath = searchPath
    }

    /// The program as `election-bench` runs it, the one entry another module needs: live
    /// scenarios start real `election-node` processes through `LiveScenarioRunner`.
    public static func runProgram(arguments: [String]) -> Int32 {
        let bench = ElectionBench(liveRunner: { options in
            LiveScenarioRunner(options: try LiveBenchOptions(options))
        })
        return bench.run(arguments: arguments)
    }

    /// Runs the program with `arguments` (without the program's own name).
    func run(arguments: [String]) -> Int32 {
        if arguments.first == "fuzz" { return WireFuzzCommand.run(Array(arguments.dropFirst()), console: console) }
        // crash-loop and chaos --live have command lines of their own.
        do {
            if let reliability = try ReliabilityCommandLine.parse(arguments) {
                return ReliabilityBench(console: console).run(reliability)
            }
        } catch {
            console.writeError("election-bench: \(error.description)")
            return 2
        }
        let command: BenchCommand
        do {
            command = try BenchCommandLine.parse(arguments)
        } catch {
            console.writeError("election-bench: \(error.description)")
            return 2
        }
        switch command {
        case .help(nil):
            console.write(BenchHelp.general)
            return 0
        case .help(let scenario?):
            console.write(BenchHelp.scenario(scenario))
            return 0
        case .chaosHelp:
            console.write(BenchHelp.chaos)
            return 0
        case .chaos(let options):
            return ChaosCommand(console: console).run(options)
        case .run(var options):
            options.commandLine = ["election-bench"] + arguments
            if options.mode == .live, liveRunner == nil {
                console.writeError("election-bench: this build has no live runner yet, so --live cannot run; "
                                   + "drop --live to run the scenario in the simulator")
                return 2
            }
            return execute(options)
        }
    }

    // MARK: - Running a plan

    /// What a run has gathered so far.
    struct Gathered {
        var results: [ScenarioResult] = []
        var figure16: Figure16Result?
        var notes: [String] = []
        /// Runs of ours that failed: exit status 1.
        var failures = 0
        /// Outside systems (etcd) that started and then failed: exit status 3 if none of ours did.
        var peerFailures = 0
    }

    private func execute(_ options: BenchOptions) -> Int32 {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let console = self.console
        let progress: @Sendable (String) -> Void = { line in
            let elapsed = (clock.now - start).components.seconds
            console.progress(TextWrap.truncated("[\(elapsed) s] \(line)", width: ConsoleComparison.width - 1))
        }
        var gathered = Gathered()
        let plan = BenchPlan(options: options)
        say("election-bench: \(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s"), "
            + "seed \(options.seed)\(options.quick ? ", quick run" : ""); results go to "
            + "\(options.outputDirectory)/")
        if let names = options.variantNames {
            let running = Set(options.chosenVariants.map(\.algorithm))
            for algorithm in options.algorithms where !running.contains(algorithm) {
                say("note: \(ScenarioResult.displayName(ofAlgorithm: algorithm)) offers no variant called "
                    + "\(names.joined(separator: " or ")), so it does not run")
            }
        }
        for step in plan.steps {
            switch step {
            case .figure16(let trials):
                var configuration = options.simConfiguration
                configuration.trials = trials
                let figure16 = SimScenarioRunner(configuration: configuration).runFigure16(progress: progress)
                gathered.figure16 = figure16
                say(ResultSummary.line(for: figure16))
            case .throughput(let trials):
                measureThroughput(trials: trials, options: options, into: &gathered)
            case .series(let series):
                runSeries(series, options: options, into: &gathered, progress: progress)
            }
        }
        let duration = Double((clock.now - start).nanoseconds) / 1e9
        let run = BenchRun(startedAt: BenchRun.timestamp(startedAt), machine: .current(),
                           commandLine: options.commandLine, seed: options.seed, durationSeconds: duration,
                           results: gathered.results, figure16: gathered.figure16,
                           references: ReferenceResult.quotedDefaults, notes: gathered.notes)
        console.write("")
        console.write(ConsoleComparison(run: run).text)
        for note in gathered.notes { say("note: \(note)", indent: "      ") }
        do {
            let files = try ResultsWriter(path: options.outputDirectory).write(run)
            say("wrote \(files.count) files to \(options.outputDirectory)/ in "
                + "\(ReportNumber.plain(duration, decimals: 1)) s: report.html and report.md tell the whole story; "
                + "results.json, results.csv and trials.csv hold every number, charts/ every chart")
        } catch {
            console.writeError("election-bench: \(error)")
            return 1
        }
        if gathered.failures > 0 { return 1 }
        return gathered.peerFailures > 0 ? 3 : 0
    }

    private func runSimulated(_ name: ScenarioName, options: BenchOptions, into gathered: inout Gathered,
                              stamp: (ScenarioResult) -> ScenarioResult,
                              progress: @escaping @Sendable (String) -> Void) {
        let runner = SimScenarioRunner(configuration: options.simConfiguration)
        runEveryAlgorithm(name, on: runner, options: options, failure: "could not run", mode: "sim",
                          into: &gathered, stamp: stamp, progress: progress)
    }

    /// Runs each variant of `series` whose algorithm was chosen, then the peers beside them
    /// (live only), and marks every result as the series' row for its variant before it is
    /// printed, so that every line and table names the settings it ran.
    private func runSeries(_ series: VariantSeries, options: BenchOptions, into gathered: inout Gathered,
                           progress: @escaping @Sendable (String) -> Void) {
        for variant in series.variants where options.algorithms.contains(variant.algorithm) {
            var variantOptions = series.options(for: variant, from: options)
            variantOptions.algorithms = [variant.algorithm]
            let stamp = { (result: ScenarioResult) in
                series.stamp(result, as: variant.name, flags: variant.flags.isEmpty ? nil : variant.flagsSummary)
            }
            if series.mode == .live {
                runLive(series.scenario, options: variantOptions, into: &gathered, stamp: stamp, progress: progress)
            } else {
                runSimulated(series.scenario, options: variantOptions, into: &gathered, stamp: stamp, progress: progress)
            }
        }
        guard series.mode == .live, series.withPeers, liveRunner != nil else { return }
        let peerOptions = series.options(for: series.peersFollow, from: options)
        runPeers(series.scenario, options: peerOptions, liveOptions: peerOptions, into: &gathered, progress: progress) {
            result in
            let settings = result.options.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            return series.stamp(result, as: result.algorithmDisplayName,
                                flags: settings.isEmpty ? nil : settings.joined(separator: ", "))
        }
    }

    private func runLive(_ name: ScenarioName, options: BenchOptions, into gathered: inout Gathered,
                         stamp: (ScenarioResult) -> ScenarioResult, progress: @escaping @Sendable (String) -> Void) {
        var liveOptions = options
        if liveOptions.nodes == nil { liveOptions.nodes = [BenchOptions.defaultLiveClusterSize] }
        guard let liveRunner else {
            // Only the default suite's own live step gets here: an explicit --live without a
            // live runner was refused up front.
            gathered.notes.append("This build has no live runner, so \(name) ran in the simulator instead, "
                                  + "with \(liveOptions.nodes![0]) nodes; its results are labelled sim.")
            var simOptions = options
            simOptions.nodes = liveOptions.nodes
            runSimulated(name, options: simOptions, into: &gathered, stamp: stamp, progress: progress)
            return
        }
        let runner: any ScenarioRunning
        do {
            runner = try liveRunner(liveOptions)
        } catch {
            fail("the live runner could not start: \(error)", into: &gathered)
            return
        }
        runEveryAlgorithm(name, on: runner, options: options, failure: "failed", mode: "live",
                          into: &gathered, stamp: stamp, progress: progress)
    }

    /// Runs `name` for each chosen algorithm, printing a line per result as `stamp` names it;
    /// a failure is reported and counted, and the other algorithms still run.
    private func runEveryAlgorithm(_ name: ScenarioName, on runner: any ScenarioRunning, options: BenchOptions,
                                   failure: String, mode: String, into gathered: inout Gathered,
                                   stamp: (ScenarioResult) -> ScenarioResult,
                                   progress: @escaping @Sendable (String) -> Void) {
        for algorithm in options.algorithms {
            do {
                let results = try runner.runVariants(name, algorithm: algorithm, progress: progress).map(stamp)
                for result in results { say(ResultSummary.line(for: result)) }
                gathered.results += results
            } catch {
                fail("\(mode) \(name) (\(algorithm)) \(failure): \(error)", into: &gathered)
            }
        }
    }

    private func measureThroughput(trials: Int, options: BenchOptions, into gathered: inout Gathered) {
        console.progress("sim throughput: timing \(trials) five-node failover trials per algorithm")
        do {
            let measured = try SimScenarioRunner(configuration: options.simConfiguration).measureThroughput(trials: trials)
            gathered.notes += measured.map { "sim throughput: \($0.sentence)" }
            let names = measured.map { ScenarioResult.displayName(ofAlgorithm: $0.algorithm) }
            let size = measured.first.map { "\($0.clusterSize) nodes · " } ?? ""
            say("done: sim throughput · \(names.joined(separator: ", ")) · \(size)"
                + "\(ReportNumber.grouped(Double(trials))) trials each (figures in the notes below)")
        } catch {
            fail("the throughput measurement could not run: \(error)", into: &gathered)
        }
    }

    /// Prints a line of prose on standard output, wrapped to the console's width.
    private func say(_ line: String, indent: String = "    ") {
        for piece in TextWrap.lines(line, width: ConsoleComparison.width, indent: indent) { console.write(piece) }
    }

    func fail(_ sentence: String, into gathered: inout Gathered, peer: Bool = false) {
        console.writeError("election-bench: \(sentence)")
        gathered.notes.append(sentence)
        if peer { gathered.peerFailures += 1 } else { gathered.failures += 1 }
    }
}
