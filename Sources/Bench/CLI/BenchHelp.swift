import AlgorithmRegistry

/// The text of `election-bench --help` and `election-bench SCENARIO --help`.
enum BenchHelp {
    static var general: String {
        let width = ScenarioDefinition.all.map(\.name.rawValue.count).max() ?? 0
        let scenarios = ScenarioDefinition.all.map { definition in
            let name = definition.name.rawValue
            let padded = name + String(repeating: " ", count: width - name.count)
            return "  \(padded)  \(definition.summary)\(definition.runsLive ? "" : " (sim only)")"
        }.joined(separator: "\n")
        return """
            election-bench: Bully and Raft through the same faults, side by side.

            Usage:
              election-bench                     the default suite, in under two minutes: each
                                                 variant beside its baseline (Raft and Raft textbook,
                                                 Bully with and without fast detection, hand-over,
                                                 sticky); failover with real processes (3 nodes; kill
                                                 -9, Ctrl+C, timeouts only at 50/500 ms, SIGSTOP; etcd
                                                 beside them when etcd is on PATH), then flapping every 1 s
                                                 for 30 s, slow-highest 2x, partition, zombie and a
                                                 reduced figure16 (100 trials per range) simulated
              election-bench SCENARIO [OPTIONS]  one scenario (in the simulator unless --live), each
                                                 algorithm at its defaults unless --variant says otherwise
              election-bench SCENARIO --help     what a scenario does and measures
              election-bench all [OPTIONS]       every scenario in the simulator, and the full figure16
              election-bench fuzz [--inputs N]   seeded garbage against the wire decoders (see fuzz --help)
              election-bench chaos [OPTIONS]     seeded fault runs of every algorithm, checked for broken
                                                 invariants (see election-bench chaos --help)
            \(ReliabilityHelp.summary)

            Scenarios:
            \(scenarios)

            Options (defaults in brackets):
              --trials N                  trials per result [each scenario's own, see SCENARIO --help;
                                          figure16: 1,000 per range, 150-150 gets a tenth]
              --nodes N                   cluster size [5 in the simulator, 3 live; zombie: 4 configured];
                                          scale takes a list such as 3,5,7,9 [3,5,7,9,11,15,21,25,31,41,51]
              --seed S                    master seed of simulated runs [\(BenchOptions.defaultSeed)]; the
                                          same seed gives the same results, trial by trial
              --heartbeat-ms MS           leader heartbeat interval [Bully 50, Raft 75]
              --election-timeout-ms T     Raft draws each timeout from [T, T+100) [150-250]; Bully declares
              --election-timeout-ms MIN-MAX  the leader dead after T (or MIN) ms of silence [200]
              --answer-timeout-ms MS      Bully: how long a candidate waits for an ANSWER [50]
              --fault kill|sigint|sigstop failover: how the leader goes down [kill]; sigstop hangs it
                                          (timeouts must find it) and continues it after the trial
              --sim | --live              the simulator (virtual time, exact, replayable), or real
                                          election-node processes on loopback TCP [sim; the default
                                          suite's failover runs live]
              --algorithm \(BenchCommandLine.algorithmChoices) which algorithms to run [both]
              --variant NAME[,NAME...]    one scenario: which settings each algorithm runs with, one row
                                          per variant an algorithm offers [defaults: as election-node
                                          runs with no flags]; the names are under Variants below
              --textbook                  the same as --variant textbook (as in chaos)
              --out DIR                   where to write results.json, results.csv, report.md,
                                          report.html, figure16.json and charts/ [\(ResultsWriter.defaultDirectoryName)]
              --with etcd                 also start a real 3-member etcd cluster (etcd on PATH) and
                                          measure it the same way in live failover and rejoin; the
                                          default run does this by itself when etcd is on PATH
              --with workshop=PATH        the same for the workshop's Python node, PATH/bully_node.py
                                          (needs python3 with fastapi, uvicorn and requests)
              --with none                 no outside system, not even in the default run
                                          (--with may be given more than once)
              --etcd-timeouts same|defaults|H:E
                                          etcd's heartbeat and election timeout [same]: same = our
                                          Raft's shortest election timeout, with etcd's heartbeat
                                          lowered to a fifth of it when etcd's rule (election at
                                          least 5 heartbeats) needs it (75/150 runs as 30/150);
                                          defaults = etcd's 100/1000; H:E = H ms and E ms
              --quick                     a smoke run for CI: \(SimBenchConfiguration.quickTrials) trials per result, 10 per
                                          figure16 range, scale at 3, 5 and 9 nodes; takes seconds
              -h, --help                  this text (after a scenario: that scenario's)

            \(variants)

            Every printed number says whether it is live or simulated, the cluster size, the
            timeouts and the number of trials. Simulated links take 0.5 to 1.5 ms one way.
            Bad options print one line on stderr and exit with status 2. Exit status 1: a run
            of ours failed; 3: only an outside system (etcd) failed after it started; 0: all ran.
            """
    }

    /// Each algorithm's `--variant` names, each with the flags it runs `election-node` with.
    static var variants: String {
        let entries = AlgorithmRegistry.standard.entries
        // Closures, not key paths: a key path to a static member of an existential metatype
        // crashes the 6.3 compiler.
        let titleWidth = entries.map { $0.title.count }.max() ?? 0
        let choices = entries.map { VariantChoice.choices(of: $0) }
        let nameWidth = choices.joined().map(\.name.count).max() ?? 0
        let indent = String(repeating: " ", count: 2 + titleWidth + 2 + nameWidth + 2)
        var lines = ["Variants (--variant NAME[,NAME...]; the default run puts them side by side itself,",
                     "and figure16 always runs the paper's textbook Raft):"]
        for (entry, offered) in zip(entries, choices) {
            for (index, choice) in offered.enumerated() {
                let title = index == 0 ? entry.title : ""
                let meaning = choice.variant.flags.isEmpty
                    ? "as election-node runs with no flags" : choice.variant.flagsSummary
                // Wrapped alone: TextWrap joins words with single spaces, which would undo the padding.
                let wrapped = TextWrap.lines(meaning, width: ConsoleComparison.width - indent.count, indent: "")
                lines.append("  " + pad(title, titleWidth) + "  " + pad(choice.name, nameWidth) + "  " + wrapped[0])
                lines += wrapped.dropFirst().map { indent + $0 }
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    static func scenario(_ name: ScenarioName) -> String {
        guard let definition = ScenarioDefinition.named(name.rawValue) else { return general }
        let trials = name == .figure16
            ? "1,000 per range (150-150: 100)"
            : "\(definition.defaultSimulatedTrials) per result in the simulator"
        return """
            \(heading(name, definition.summary))

            \(definition.details)

            Runs in: the simulator\(definition.runsLive ? ", or live with --live" : " only").
            Default trials: \(trials); --quick runs \(name == .figure16 ? "10 per range" : "\(SimBenchConfiguration.quickTrials)").
            \(options(for: name))
            """
    }

    /// "election-bench zombie: SUMMARY" on one line when it fits the console, else the summary
    /// on a line of its own, whole, so it reads as `--help` lists it.
    private static func heading(_ name: ScenarioName, _ summary: String) -> String {
        let line = "election-bench \(name): \(summary)"
        return line.count <= ConsoleComparison.width ? line : "election-bench \(name):\n  \(summary)"
    }

    /// "Options: --trials, ... (see election-bench --help).", wrapped: the options `name` takes.
    private static func options(for name: ScenarioName) -> String {
        var options = ["--trials", "--nodes", "--seed", "--heartbeat-ms", "--election-timeout-ms",
                       "--answer-timeout-ms", "--sim/--live", "--algorithm"]
        if name != .figure16 { options += ["--variant", "--textbook"] }
        options += ["--out", "--quick"]
        if name == .failover { options.append("--fault") }
        if PeerScenarioRunner.supportedScenarios.contains(name) { options += ["--with", "--etcd-timeouts"] }
        let sentence = "Options: " + options.joined(separator: ", ") + " (see election-bench --help)."
        return TextWrap.lines(sentence, width: ConsoleComparison.width, indent: "").joined(separator: "\n")
    }

    static var chaos: String {
        """
        election-bench chaos: seeded fault runs of Bully and Raft in the simulator, each checked
        for broken invariants at every step.

        Usage:
          election-bench chaos [--seeds N] [--seed S] [--algorithm \(BenchCommandLine.algorithmChoices)] [--nodes N]
                               [--duration SECONDS] [--textbook | --variant NAME | --every-combination]
                               [--trace]

        Each seed is one run of a cluster in virtual time: \(ReportNumber.plain(Double(ChaosOptions.defaultFaultDuration.components.seconds))) s of random faults (kill -9,
        graceful stops (Ctrl+C, half of them of a leader, so hand-overs run), restarts,
        partitions, pauses, slow nodes, a lossy and duplicating network, and storage faults:
        crashes between the effects of one input, slow writes and failed writes), then
        the faults stop and the cluster must recover. Raft must never have two leaders in a
        term, never vote twice in a term, never send a vote before it is on disk, and never see
        a term go back; then elect a leader everyone agrees on. Bully may have split brain
        during the faults (it is measured and reported); once they stop, the highest running
        id must lead, agreed by every running node, and for the next 900 ms no lower id may
        lead (but for one round trip while the highest id's process is under 500 ms old: its
        previous process's LEAVING may still arrive first), after which it leads alone and all
        follow it. The seed replays a run exactly.
        Each algorithm runs at its shipped defaults, what election-node runs with no flags
        (Bully: fast detection and hand-over, classic; Raft: PreVote, CheckQuorum, the lease,
        hand-over and fast detection), unless --textbook or --variant says otherwise; the
        report names the settings that ran.

        Options (defaults in brackets):
          --seeds N              how many seeds (runs) per algorithm [\(ChaosOptions.defaultSeedCount)]
          --seed S               the first seed; runs take S, S+1, ... [1]
          --algorithm \(BenchCommandLine.algorithmChoices)  which algorithms [both]
          --nodes N              cluster size, 2 to 15 [3, 4 or 5, chosen by the seed]
          --duration SECONDS     virtual time of faults per run [\(ReportNumber.plain(Double(ChaosOptions.defaultFaultDuration.components.seconds)))]
          --no-storage-faults    leave out the storage faults, to see what they add
          --variant NAME         one variant, as a single scenario's --variant takes it: its flags
                                 over the defaults [defaults]; each algorithm's names:
        \(ChaosSettingsChoice.variantHelp)
          --textbook             the same as --variant textbook: every option beyond the paper off
          --every-combination    run the seeds once per combination of each algorithm's switches
                                 (each on/off switch, and each flag of a few words such as
                                 --bully-variant classic|sticky; timing at the defaults;
                                 --seeds applies to each), each held to the recovery rule of its
                                 settings; one line per combination and a total; not with
                                 --variant or --textbook. Combinations: \(ChaosCombinations.countsInWords)
          --no-NAME, --NAME VALUE  an algorithm's own switch or choice, as election-node takes it
                                 (what a combination's replay command gives)
          --trace                print every event of each run (with --seeds 1: the replay of one seed)
          --live                 on real processes instead: see election-bench chaos --live --help
          -h, --help             this text

        It prints the seed range, the faults injected by kind, the invariants checked, and
        each violation with its seed and the one command that replays it. The last line is
        "violations: N". Exit status 0 without violations, 1 with, 2 for bad options. Runs
        use every core; the output does not depend on how many.
        """
    }
}

