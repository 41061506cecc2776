import Foundation

/// Polls `condition` every 50 ms until it holds or `timeout` passes. The timeout is an
/// upper bound chosen for a slow, loaded machine, never the thing under test: 30 s, since
/// in a full `swift test` a test's task may wait that long for a cooperative thread, and
/// its nodes, starved of CPU meanwhile, make their progress late too. A task that wakes
/// only after the deadline still looks once more before it gives up.
func eventually(within timeout: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if condition() { return true }
        if clock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(50))
    }
}
