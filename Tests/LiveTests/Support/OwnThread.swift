import Foundation

/// Runs blocking work (thousands of socket round trips, a read with a deadline) on a
/// thread of its own and awaits its result. On the cooperative pool it would hold one of
/// its few threads (two on a 2-core machine) for seconds, and every other test's
/// `Task.sleep` would wait behind it.
func onOwnThread<Result>(_ work: @escaping () -> Result) async -> Result {
    let box = UncheckedBox(work)
    return await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            let result = box.value()
            continuation.resume(returning: UncheckedBox(result))
        }
    }.value
}

/// Carries a value to another thread that alone uses it from then on.
private final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
