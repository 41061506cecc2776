// election-watch: a live terminal view of a running cluster. See `WatchOptions.helpText`;
// the table and its wording live in the Election library (Watch/), where they are tested.
import Election
import ElectionWatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let command: WatchOptions.Command
do {
    command = try WatchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    Terminal.writeError("election-watch: \(error)\n")
    exit(2)
}

switch command {
case .help:
    Terminal.write(WatchOptions.helpText + "\n")
    exit(0)
case .watch(let options):
    WatchRunner(options: options).run()
}
