import Foundation
import Pipeline
import Testing
@testable import EventLog

/// `Parallel.readAhead` hands items from a producer thread to the caller: in order, with the
/// producer's error after the items before it, and with the producer stopped when the caller
/// gives up.
@Suite struct ReadAheadTests {
    struct Failure: Error, Equatable {}

    @Test func itemsArriveInOrderAndAllOfThem() throws {
        var received: [Int] = []
        try Parallel.readAhead(2, produce: { emit in
            for item in 0..<1_000 { try emit(item) }
        }) { received.append($0) }
        #expect(received == Array(0..<1_000))
    }

    @Test func theProducersErrorComesAfterTheItemsBeforeIt() {
        var received: [Int] = []
        #expect(throws: Failure.self) {
            try Parallel.readAhead(2, produce: { emit in
                for item in 0..<5 { try emit(item) }
                throw Failure()
            }) { received.append($0) }
        }
        #expect(received == Array(0..<5))
    }

    @Test func theProducerStopsWhenTheCallerThrowsAndHasFinishedWhenItReturns() {
        let produced = Counter()
        #expect(throws: Failure.self) {
            try Parallel.readAhead(2, produce: { emit in
                for item in 0..<1_000_000 {
                    try emit(item)
                    produced.increment()
                }
            }) { item in
                if item == 10 { throw Failure() }
            }
        }
        let afterReturn = produced.value
        // At most `ahead` items beyond the one the caller stopped at were made, and none after.
        #expect(afterReturn <= 13)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(produced.value == afterReturn)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
