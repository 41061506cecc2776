import Testing
@testable import Election
@testable import ElectionSimulation

@Suite struct SimulatorEventQueueTests {
    @Test func popsInTimeOrder() {
        var queue = EventQueue<String>()
        queue.push("c", at: 30)
        queue.push("a", at: 10)
        queue.push("b", at: 20)
        #expect(queue.count == 3)
        #expect(queue.nextTime == 10)
        #expect(queue.popFirst()?.payload == "a")
        #expect(queue.popFirst()?.payload == "b")
        #expect(queue.popFirst()?.payload == "c")
        #expect(queue.popFirst() == nil)
        #expect(queue.isEmpty)
    }

    @Test func equalTimesComeOutInPushOrder() {
        var queue = EventQueue<Int>()
        for value in 0..<50 { queue.push(value, at: 5) }
        queue.push(-1, at: 4)
        var popped: [Int] = []
        while let (_, value) = queue.popFirst() { popped.append(value) }
        #expect(popped == [-1] + Array(0..<50))
    }

    @Test func matchesASortedReferenceUnderInterleavedPushesAndPops() {
        // Random times from a few values, so ties are frequent; pops interleaved with pushes
        // so that payload slots are reused.
        var random = SeededRandom(seed: 99)
        var queue = EventQueue<Int>()
        var reference: [(time: Int64, order: Int)] = []
        var popped: [Int] = []
        var expected: [Int] = []
        var order = 0
        for _ in 0..<2_000 {
            if random.chance(0.6) || reference.isEmpty {
                let time = Int64.random(in: 0..<20, using: &random) + Int64(order / 10)
                queue.push(order, at: time)
                reference.append((time, order))
                order += 1
            } else {
                let first = reference.indices.min { (reference[$0].time, reference[$0].order)
                    < (reference[$1].time, reference[$1].order) }!
                expected.append(reference.remove(at: first).order)
                popped.append(queue.popFirst()!.payload)
            }
        }
        #expect(popped == expected)
        #expect(queue.count == reference.count)
    }
}
