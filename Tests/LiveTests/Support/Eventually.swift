import Foundation

/// Polls `condition` every 50 ms until it holds or `timeout` passes. The timeout is an
/// upper bound chosen for a slow, loaded machine, never the thing under test.
func eventually(within timeout: Duration = .seconds(15), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if condition() { return true }
        if clock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(50))
    }
}
