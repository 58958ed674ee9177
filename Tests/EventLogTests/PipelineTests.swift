import Foundation
import Pipeline
import Testing
@testable import EventLog

/// `Parallel.pipeline` transforms batches on worker threads and hands the results over in
/// order: never more than `workers` transforms at once, one scratch value per worker, and the
/// first error rethrown with the workers stopped.
@Suite struct PipelineTests {
    struct Failure: Error, Equatable {}

    @Test(arguments: [1, 2, 4])
    func resultsComeInBatchAndItemOrder(workers: Int) throws {
        var consumed: [[Int]] = []
        try Parallel.pipeline(
            workers: workers,
            produce: { emit in
                for start in stride(from: 0, to: 1_000, by: 37) { try emit(Array(start..<min(start + 37, 1_000))) }
            },
            transform: { (item: Int) in
                // Uneven work, so that workers finish out of order.
                usleep(UInt32(item % 7) * 20)
                return item * 2
            },
            consume: { items, results in
                #expect(results == items.map { $0 * 2 })
                consumed.append(items)
            })
        #expect(consumed.flatMap { $0 } == Array(0..<1_000))
    }

    @Test(arguments: [1, 2])
    func neverMoreTransformsAtOnceThanWorkers(workers: Int) throws {
        let gauge = Gauge()
        // Called from a thread outside Dispatch's pool, as the command calls it from its main
        // thread: the test runner's own pool thread would leave the pool a thread short.
        try onAThreadOfItsOwn {
            try Parallel.pipeline(
                workers: workers,
                produce: { emit in
                    for batch in 0..<12 { try emit([batch * 2, batch * 2 + 1]) }
                },
                transform: { (item: Int) -> Int in
                    gauge.enter()
                    Thread.sleep(forTimeInterval: 0.003)
                    gauge.leave()
                    return item
                },
                consume: { _, _ in })
        }
        #expect(gauge.most >= 1)
        #expect(gauge.most <= workers)
    }

    @Test func eachWorkerMakesOneScratchForTheWholePipeline() throws {
        let made = Gauge()
        var total = 0
        try Parallel.pipeline(
            workers: 2,
            produce: { emit in
                for batch in 0..<20 { try emit(Array(batch * 10..<batch * 10 + 10)) }
            },
            scratch: { () -> Int in
                made.enter()
                return 0
            },
            transform: { (seen: inout Int, item: Int) -> Int in
                seen += 1
                return item
            },
            consume: { _, results in total += results.count })
        #expect(total == 200)
        #expect(made.entered <= 2)
    }

    @Test(arguments: [1, 2])
    func aTransformsErrorComesAfterTheBatchesBeforeIt(workers: Int) {
        var consumed: [Int] = []
        #expect(throws: Failure.self) {
            try Parallel.pipeline(
                workers: workers,
                produce: { emit in
                    for batch in 0..<10 { try emit(Array(batch * 5..<batch * 5 + 5)) }
                },
                transform: { (item: Int) throws -> Int in
                    if item == 23 { throw Failure() }
                    return item
                },
                consume: { items, _ in consumed.append(contentsOf: items) })
        }
        #expect(consumed == Array(0..<20))
    }

    @Test func whenConsumeThrowsTheWorkersHaveStoppedOnReturn() {
        let gauge = Gauge()
        #expect(throws: Failure.self) {
            try Parallel.pipeline(
                workers: 2,
                produce: { emit in
                    for batch in 0..<1_000 { try emit(Array(batch * 8..<batch * 8 + 8)) }
                },
                transform: { (item: Int) -> Int in
                    gauge.enter()
                    Thread.sleep(forTimeInterval: 0.0005)
                    gauge.leave()
                    return item
                },
                consume: { items, _ in
                    if items.first == 16 { throw Failure() }
                })
        }
        let afterReturn = gauge.entered
        // Three batches at most were in flight when consume gave up.
        #expect(afterReturn <= 5 * 8)
        #expect(gauge.current == 0)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(gauge.entered == afterReturn)
    }

    /// Runs `body` on a new thread and waits for it.
    private func onAThreadOfItsOwn(_ body: @escaping @Sendable () throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Thread {
            do { try body() } catch { outcome.error = error }
            done.signal()
        }.start()
        done.wait()
        if let error = outcome.error { throw error }
    }

    final class Outcome: @unchecked Sendable {
        var error: (any Error)?
    }

    /// Counts threads inside a section: how many are in now, the most at once, and how many
    /// entered in all.
    final class Gauge: @unchecked Sendable {
        private let lock = NSLock()
        private var inside = 0
        private var peak = 0
        private var count = 0

        func enter() {
            lock.withLock {
                inside += 1
                count += 1
                peak = max(peak, inside)
            }
        }

        func leave() { lock.withLock { inside -= 1 } }

        var current: Int { lock.withLock { inside } }
        var most: Int { lock.withLock { peak } }
        var entered: Int { lock.withLock { count } }
    }
}
