import Dispatch
import Election
import ElectionLive
import ElectionWatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `election-watch`: asks the nodes in rounds and shows the answers, either as a
/// screen redrawn in place (a terminal) or as a snapshot per change (a pipe, `--plain`).
struct WatchRunner {
    let options: WatchOptions

    func run() -> Never {
        let isTerminal = Terminal.standardOutputIsTerminal
        let view = ClusterView(colors: options.usesColor(
            stdoutIsTerminal: isTerminal, environment: ProcessInfo.processInfo.environment))
        var watch = ClusterWatch(membership: options.membership)

        if options.once {
            let askedAt = Date()
            watch.record(StatusClient.queryAll(options.membership, timeout: options.timeout), at: askedAt)
            Terminal.write(view.snapshot(watch).joined(separator: "\n") + "\n")
            exit(0)
        }

        let stop = StopSignal()
        let live = isTerminal && !options.plain
        if live { Terminal.enterLiveScreen() }
        // 1) Ask, 2) show, 3) wait for the next round or a signal, until a signal comes.
        while !stop.requested {
            let roundStart = ContinuousClock.now
            let askedAt = Date()  // log times say when a round asked, not when it ended
            let update = watch.record(StatusClient.queryAll(options.membership, timeout: options.timeout),
                                      at: askedAt)
            if live {
                Terminal.draw(view.screen(watch, interval: options.interval))
            } else if update.changed {
                // An empty line after each snapshot keeps a stream of them readable.
                Terminal.write(view.snapshot(watch, changes: update.newEntries).joined(separator: "\n") + "\n\n")
            }
            stop.wait(until: roundStart + options.interval)
        }
        if live { Terminal.leaveLiveScreen() }
        exit(0)
    }
}

/// Turns SIGINT and SIGTERM into a flag the round loop checks, so the loop, not a signal
/// handler, restores the terminal before exiting.
final class StopSignal {
    /// What the signal handlers touch: a flag, and a semaphore to cut the wait short.
    private final class Received: Sendable {
        let flag = Atomic<Bool>(false)
        let wakeUp = DispatchSemaphore(value: 0)
    }

    private let received = Received()
    /// Kept alive for as long as the watch runs; a released source stops delivering.
    private var sources: [any DispatchSourceSignal] = []

    init() {
        let queue = DispatchQueue(label: "election-watch.signals")
        let received = self.received
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)  // the dispatch source sees it; the default action must not run
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                received.flag.store(true, ordering: .sequentiallyConsistent)
                received.wakeUp.signal()
            }
            source.resume()
            sources.append(source)
        }
    }

    var requested: Bool { received.flag.load(ordering: .sequentiallyConsistent) }

    /// Sleeps until `deadline`, or less if a signal arrives.
    func wait(until deadline: ContinuousClock.Instant) {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero, !requested else { return }
        _ = received.wakeUp.wait(timeout: .now() + .nanoseconds(Int(remaining.nanoseconds)))
    }
}
