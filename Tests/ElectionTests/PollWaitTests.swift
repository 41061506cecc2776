import Glibc
import Testing
@testable import Election
@testable import ElectionLive

@Suite struct PollWaitTests {
    @Test func waitsHaveNanosecondResolutionOnLinux() {
        #expect(PollWait.hasNanosecondResolution, "ppoll(2) was not found: timers would be up to 1 ms late")
    }

    @Test func aWaitWithNothingReadyLastsUntilItsDeadlineAndNoLess() {
        var entries: [pollfd] = []
        for wait in [Duration.microseconds(300), .milliseconds(2), .milliseconds(5)] {
            let start = MonotonicClock.now()
            let deadline = start + wait
            #expect(PollWait.wait(&entries, until: deadline, now: start) == 0)
            #expect(MonotonicClock.now() >= deadline, "woke before its deadline (wait \(wait))")
        }
    }

    @Test func aDeadlineInThePastReturnsAtOnce() {
        var entries: [pollfd] = []
        let now = MonotonicClock.now()
        #expect(PollWait.wait(&entries, until: now - .seconds(1), now: now) == 0)
    }

    @Test func aReadyDescriptorEndsTheWait() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        var byte: UInt8 = 1
        #expect(write(ends[1], &byte, 1) == 1)
        var entries = [pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)]
        #expect(PollWait.wait(&entries, until: nil, now: MonotonicClock.now()) == 1)
        #expect(entries[0].revents & Int16(POLLIN) != 0)
    }
}
