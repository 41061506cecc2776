import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every node process the bench has started and not yet seen end, kept where a signal
/// handler can read it, so that Ctrl+C (SIGINT), SIGTERM or SIGHUP on `election-bench`
/// kills the whole cluster instead of leaving nodes running in the background.
///
/// A signal handler may only call async-signal-safe functions: no locks, no allocation,
/// no Swift arrays. So the process ids live in a fixed block of atomic slots allocated
/// once, and the handler only loads them and calls `kill(2)`, then lets the signal do
/// what it would have done (`SIG_DFL` and `raise`), so the bench still ends as the user
/// asked. Temporary directories are not removed on that path (not signal-safe); they are
/// small and live under `$TMPDIR`.
///
/// A process killed with SIGKILL from outside (`kill -9` on the bench itself) cannot run
/// any handler; its nodes keep running and must be stopped by hand.
enum ChildProcessRegistry {
    /// More than any cluster the bench starts (9 nodes, restarted many times, each slot
    /// freed when its process ends).
    static let capacity = 1024

    /// The slots: 0 means free, otherwise a running child's process id.
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<Atomic<Int32>> = {
        let slots = UnsafeMutablePointer<Atomic<Int32>>.allocate(capacity: capacity)
        for index in 0..<capacity { (slots + index).initialize(to: Atomic(0)) }
        return slots
    }()

    private static let handlerInstalled = Mutex(false)

    /// The signals that end the bench and should end its nodes too.
    static let terminatingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Remembers `pid` until `forget(_:)`. Installs the signal handlers the first time.
    /// Returns `false` when every slot is taken (the process is then not protected).
    @discardableResult
    static func remember(_ pid: Int32) -> Bool {
        installHandlerOnce()
        for index in 0..<capacity {
            if slots[index].compareExchange(expected: 0, desired: pid, ordering: .relaxed).exchanged {
                return true
            }
        }
        return false
    }

    /// Forgets `pid` once it has ended (so a later process that reuses the id is safe).
    static func forget(_ pid: Int32) {
        guard pid > 0 else { return }
        for index in 0..<capacity {
            if slots[index].compareExchange(expected: pid, desired: 0, ordering: .relaxed).exchanged { return }
        }
    }

    /// How many processes are remembered now (for tests and diagnostics).
    static var rememberedCount: Int {
        (0..<capacity).reduce(0) { $0 + (slots[$1].load(ordering: .relaxed) != 0 ? 1 : 0) }
    }

    /// Sends SIGKILL to every remembered process, each continued first (SIGCONT) in case
    /// the bench had paused it with SIGSTOP. Async-signal-safe.
    static func killAll() {
        for index in 0..<capacity {
            let pid = slots[index].load(ordering: .relaxed)
            if pid > 0 {
                _ = kill(pid, SIGCONT)
                _ = kill(pid, SIGKILL)
            }
        }
    }

    private static func installHandlerOnce() {
        handlerInstalled.withLock { installed in
            guard !installed else { return }
            installed = true
            _ = slots  // allocate the slots now, never inside the handler
            for signalNumber in terminatingSignals {
                var action = sigaction()
                #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = killChildrenThenDie
                #else
                action.__sigaction_u.__sa_handler = killChildrenThenDie
                #endif
                sigemptyset(&action.sa_mask)
                action.sa_flags = 0
                var previous = sigaction()
                sigaction(signalNumber, &action, &previous)
                // Someone chose to ignore this signal (a background job ignores SIGINT):
                // keep ignoring it, as they asked.
                #if canImport(Glibc)
                let previousHandler = previous.__sigaction_handler.sa_handler
                #else
                let previousHandler = previous.__sigaction_u.__sa_handler
                #endif
                if unsafeBitCast(previousHandler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                    sigaction(signalNumber, &previous, nil)
                }
            }
        }
    }
}

/// The handler itself: a C function that captures nothing.
private func killChildrenThenDie(_ signalNumber: Int32) {
    ChildProcessRegistry.killAll()
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}
