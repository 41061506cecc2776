// election-node: one member of a leader-election cluster. Everything happens in
// NodeLauncher (off the main actor); this file only hands over control.
NodeLauncher.main(arguments: Array(CommandLine.arguments.dropFirst()))
