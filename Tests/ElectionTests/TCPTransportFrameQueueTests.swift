import Testing
@testable import Election
@testable import ElectionLive

@Suite struct TCPTransportFrameQueueTests {
    private func frame(_ byte: UInt8, readyAt: Duration = .zero) -> FrameQueue.Frame {
        FrameQueue.Frame(bytes: [byte, 10], readyAt: readyAt)
    }

    @Test func dropsTheOldestBeyondTheLimit() {
        var queue = FrameQueue(limit: 3)
        for byte in UInt8(1)...5 { queue.append(frame(byte)) }
        #expect(queue.count == 3)
        #expect(queue.droppedCount == 2)
        #expect(queue.takeReady(at: .zero, byteBudget: 100) == [3, 10, 4, 10, 5, 10])
        #expect(queue.isEmpty)
    }

    @Test func holdsBackFramesUntilTheyAreReady() {
        var queue = FrameQueue(limit: 10)
        queue.append(frame(1, readyAt: .milliseconds(10)))
        queue.append(frame(2, readyAt: .milliseconds(20)))
        #expect(queue.takeReady(at: .milliseconds(5), byteBudget: 100).isEmpty)
        #expect(queue.nextReadyAt == .milliseconds(10))
        #expect(queue.takeReady(at: .milliseconds(15), byteBudget: 100) == [1, 10])
        #expect(queue.takeReady(at: .milliseconds(20), byteBudget: 100) == [2, 10])
    }

    @Test func respectsTheByteBudgetButAlwaysTakesOneFrame() {
        var queue = FrameQueue(limit: 10)
        for byte in UInt8(1)...4 { queue.append(frame(byte)) }
        #expect(queue.takeReady(at: .zero, byteBudget: 1) == [1, 10])
        #expect(queue.takeReady(at: .zero, byteBudget: 4) == [2, 10, 3, 10])
        queue.removeAll()
        #expect(queue.isEmpty && queue.droppedCount == 1)
    }

    @Test func longRunsStayInOrder() {
        var queue = FrameQueue(limit: 1_000)
        var taken: [UInt8] = []
        for round in 0..<10_000 {
            queue.append(frame(UInt8(round % 250)))
            if round % 3 == 0 { taken += queue.takeReady(at: .zero, byteBudget: 8) }
        }
        taken += queue.takeReady(at: .zero, byteBudget: .max)
        #expect(queue.droppedCount == 0)
        let order = stride(from: 0, to: taken.count, by: 2).map { taken[$0] }
        let expected = (0..<10_000).map { UInt8($0 % 250) }
        #expect(order.count == expected.count)
        #expect(zip(order, expected).allSatisfy { $0 == $1 })
    }
}
