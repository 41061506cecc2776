import Testing
@testable import Election
@testable import ElectionLive

@Suite struct TimerSchedulerTests {
    let election = TimerID("election")
    let heartbeat = TimerID("heartbeat")

    func at(_ milliseconds: Int64) -> Instant { Instant(sinceStart: .milliseconds(milliseconds)) }

    @Test func aTimerIsDueAtItsDeadlineNotBefore() {
        var timers = TimerScheduler()
        timers.set(election, firingAt: at(150))
        #expect(timers.nextDeadline == at(150))
        #expect(timers.takeDue(at: at(149)) == nil)
        #expect(timers.takeDue(at: at(150)) == election)
        #expect(timers.takeDue(at: at(150)) == nil, "a fired timer does not fire again")
        #expect(timers.nextDeadline == nil)
    }

    @Test func settingATimerAgainMovesIt() {
        var timers = TimerScheduler()
        timers.set(election, firingAt: at(150))
        timers.set(election, firingAt: at(300))
        #expect(timers.pendingTimers == [election])
        #expect(timers.takeDue(at: at(200)) == nil)
        #expect(timers.nextDeadline == at(300))
    }

    @Test func cancelledTimersNeverFire() {
        var timers = TimerScheduler()
        timers.set(election, firingAt: at(150))
        timers.set(heartbeat, firingAt: at(75))
        timers.cancel(election)
        timers.cancel(TimerID("never-set"))
        #expect(timers.pendingTimers == [heartbeat])
        timers.cancelAll()
        #expect(timers.takeDue(at: at(1_000)) == nil)
        #expect(timers.nextDeadline == nil)
    }

    @Test func dueTimersFireEarliestFirstThenInTheOrderTheyWereSet() {
        var timers = TimerScheduler()
        let names = ["c", "a", "b"].map(TimerID.init)
        for name in names { timers.set(name, firingAt: at(100)) }
        timers.set(heartbeat, firingAt: at(50))
        var fired: [TimerID] = []
        while let due = timers.takeDue(at: at(100)) { fired.append(due) }
        #expect(fired == [heartbeat] + names)
    }
}
