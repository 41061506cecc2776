import Dispatch
import Synchronization
import Testing
@testable import Election

@Suite struct TimerSchedulerTests {
    let queue = DispatchQueue(label: "timer-scheduler-tests")
    let timer = TimerID("test-timer")

    @Test func settingATimerAgainMakesTheEarlierSettingStale() {
        let clock = NodeClock()
        let scheduler = TimerScheduler(queue: queue, clock: clock)
        queue.sync {
            let far = clock.now() + .seconds(60)
            scheduler.set(timer, firingAt: far) { _, _ in }
            scheduler.set(timer, firingAt: far) { _, _ in }
            #expect(scheduler.pendingTimers == [timer])
            #expect(!scheduler.claim(timer, generation: 1))
            #expect(scheduler.claim(timer, generation: 2))
            #expect(scheduler.pendingTimers.isEmpty)
            #expect(!scheduler.claim(timer, generation: 2))
        }
    }

    @Test func cancelledTimerCannotBeClaimed() {
        let clock = NodeClock()
        let scheduler = TimerScheduler(queue: queue, clock: clock)
        queue.sync {
            scheduler.set(timer, firingAt: clock.now() + .seconds(60)) { _, _ in }
            scheduler.cancel(timer)
            scheduler.cancel(TimerID("never-set"))
            #expect(scheduler.pendingTimers.isEmpty)
            #expect(!scheduler.claim(timer, generation: 1))
        }
    }

    @Test func timerFiresOnItsQueueNotBeforeItsDeadline() async {
        let clock = NodeClock()
        let scheduler = TimerScheduler(queue: queue, clock: clock)
        let deadline = clock.now() + .milliseconds(5)
        let (generation, firedAt) = await withCheckedContinuation { continuation in
            queue.sync {
                scheduler.set(timer, firingAt: deadline) { [queue] _, generation in
                    dispatchPrecondition(condition: .onQueue(queue))
                    continuation.resume(returning: (generation, clock.now()))
                }
            }
        }
        #expect(firedAt >= deadline)
        queue.sync { #expect(scheduler.claim(timer, generation: generation)) }
    }
}
