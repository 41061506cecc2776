import Testing
@testable import Election

/// Which writes a runtime may skip: only a `.persist` whose very next effect is another.
@Suite struct EffectSupersededPersistTests {
    typealias TestEffect = Effect<String, Int>

    private func skippable(_ effects: [TestEffect]) -> [Int] {
        effects.indices.filter { TestEffect.isSupersededPersist(at: $0, in: effects) }
    }

    @Test func aPersistFollowedAtOnceByAnotherIsSuperseded_theLastNever() {
        #expect(skippable([.persist(1), .persist(2), .send("vote", to: 2)]) == [0])
        #expect(skippable([.persist(1), .persist(2), .persist(3)]) == [0, 1])
        #expect(skippable([.log(Event(.roleChanged, "x")), .persist(1), .persist(2)]) == [1])
    }

    @Test func anyEffectBetweenTwoPersistsKeepsBoth() {
        #expect(skippable([.persist(1), .log(Event(.roleChanged, "x")), .persist(2)]).isEmpty)
        #expect(skippable([.persist(1), .setTimer(TimerID("t"), after: .seconds(1)), .persist(2)]).isEmpty)
        #expect(skippable([.persist(1), .send("vote", to: 2), .persist(2)]).isEmpty)
        #expect(skippable([.persist(1)]).isEmpty)
        #expect(skippable([.send("a", to: 2), .broadcast("b")]).isEmpty)
    }
}
