import Testing
@testable import Election
@testable import ElectionSimulation

private let tick = TimerID("tick")
private let tock = TimerID("tock")

/// A one-node simulator whose node performs `onStart` when it starts, and `onTimer[name]`
/// when the timer of that name fires.
private func timerSimulator(onStart: ToyEffects, onTimer: [String: ToyEffects] = [:]) -> Simulator<ScriptedNode> {
    scriptedSimulator([1]) { _, input, _ in
        switch input {
        case .start: return onStart
        case .timerFired(let timer): return onTimer[timer.name] ?? []
        default: return []
        }
    }
}

@Suite struct SimulatorTimerTests {
    @Test func aTimerFiresAfterItsDelay() {
        let simulator = timerSimulator(onStart: [.setTimer(tick, after: .milliseconds(10))])
        simulator.start(1)
        simulator.run(for: .milliseconds(50))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.010s timer tick"])
        #expect(simulator.counters.timersFired == 1)
        #expect(simulator.traceText.contains("t+0.010s node 1 timer tick fired\n"))
    }

    @Test func settingATimerAgainMovesIt() {
        let later = timerSimulator(onStart: [.setTimer(tick, after: .milliseconds(10)),
                                             .setTimer(tick, after: .milliseconds(30))])
        later.start(1)
        later.run(for: .milliseconds(50))
        #expect(later.inputs(of: 1) == ["t+0.000s start", "t+0.030s timer tick"])

        let earlier = timerSimulator(onStart: [.setTimer(tick, after: .milliseconds(30)),
                                               .setTimer(tick, after: .milliseconds(10))])
        earlier.start(1)
        earlier.run(for: .milliseconds(50))
        #expect(earlier.inputs(of: 1) == ["t+0.000s start", "t+0.010s timer tick"])
        #expect(earlier.counters.timersFired == 1)
    }

    @Test func aTimerMovedFromALaterInputFiresOnlyAtItsNewTime() {
        let simulator = timerSimulator(
            onStart: [.setTimer(tick, after: .milliseconds(10)), .setTimer(tock, after: .milliseconds(5))],
            onTimer: ["tock": [.setTimer(tick, after: .milliseconds(20))]])
        simulator.start(1)
        simulator.run(for: .milliseconds(50))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.005s timer tock", "t+0.025s timer tick"])
    }

    @Test func aCancelledTimerNeverFires() {
        let simulator = timerSimulator(onStart: [.setTimer(tick, after: .milliseconds(10)),
                                                 .cancelTimer(tick),
                                                 .cancelTimer(TimerID("never-set"))])
        simulator.start(1)
        simulator.run(for: .milliseconds(50))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start"])
        #expect(simulator.counters.timersFired == 0)
        // The stale entry was still taken off the agenda, and ignored.
        #expect(simulator.counters.eventsProcessed == 1)
    }

    @Test func aTimerSetAgainAfterCancellingFires() {
        let simulator = timerSimulator(onStart: [.setTimer(tick, after: .milliseconds(10)),
                                                 .cancelTimer(tick),
                                                 .setTimer(tick, after: .milliseconds(15))])
        simulator.start(1)
        simulator.run(for: .milliseconds(50))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.015s timer tick"])
    }

    @Test func timersWithDifferentIDsAreIndependent() {
        let simulator = timerSimulator(onStart: [.setTimer(tick, after: .milliseconds(10)),
                                                 .setTimer(tock, after: .milliseconds(5)),
                                                 .cancelTimer(tock),
                                                 .setTimer(tock, after: .milliseconds(7))])
        simulator.start(1)
        simulator.run(for: .milliseconds(50))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.007s timer tock", "t+0.010s timer tick"])
    }

    @Test func aTimerSetFromItsOwnExpiryRepeats() {
        let again: ToyEffects = [.setTimer(tick, after: .milliseconds(10))]
        let simulator = timerSimulator(onStart: again, onTimer: ["tick": again])
        simulator.start(1)
        simulator.run(for: .milliseconds(35))
        #expect(simulator.inputs(of: 1) == [
            "t+0.000s start", "t+0.010s timer tick", "t+0.020s timer tick", "t+0.030s timer tick",
        ])
        #expect(simulator.pendingEventCount == 1)
    }

    @Test func aZeroDelayTimerFiresAtTheSameTimeAfterTheCurrentInput() {
        let simulator = timerSimulator(onStart: [.setTimer(tick, after: .zero)])
        simulator.start(1)
        #expect(simulator.inputs(of: 1) == ["t+0.000s start"])
        simulator.run(for: .zero)
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.000s timer tick"])
    }
}
