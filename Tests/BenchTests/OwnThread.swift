import Foundation

/// Runs `body`, which blocks for seconds (a live run of real processes), on a thread of its
/// own while the calling test awaits it. Held on one of the few cooperative threads (2 on a
/// 2-core machine), it would starve every async test running in parallel: their sleeps
/// would not wake, and their deadlines would pass unseen.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async -> Result<T, any Error> {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: Result { try body() }) }.start()
    }
}
