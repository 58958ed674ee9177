import Foundation

/// The batches of a ``Parallel`` pipeline, shared by its worker threads and the thread that
/// consumes them: the workers claim a few items at a time from the oldest batch with items
/// left, and the consumer takes each batch's results, in order, once all of them are made.
final class BatchQueue<S: Sendable, T: Sendable>: @unchecked Sendable {
    /// One batch: its items and, by index, their results. Each result is written once, by the
    /// worker that claimed its item, and read by the consumer after the queue's lock says the
    /// batch is done.
    final class Batch: @unchecked Sendable {
        let items: [S]
        private let results: UnsafeMutableBufferPointer<T?>
        /// Items handed to workers; the rest are still to claim.
        fileprivate var claimed = 0
        /// Items claimed and not yet finished.
        fileprivate var running = 0
        fileprivate var failure: (any Error)?

        fileprivate init(_ items: [S]) {
            self.items = items
            results = .allocate(capacity: items.count)
            results.initialize(repeating: nil)
        }

        deinit {
            results.deinitialize()
            results.deallocate()
        }

        fileprivate var isDone: Bool { claimed == items.count && running == 0 }

        /// Stores the result of `items[index]` (by the worker that claimed it).
        func store(_ result: T, at index: Int) { results[index] = result }

        fileprivate func collect() -> [T] { results.map { $0! } }
    }

    private let condition = NSCondition()
    /// Batches added and not yet consumed, oldest first.
    private var batches: [Batch] = []
    private var closed = false

    /// Adds a batch for the workers.
    func add(_ items: [S]) -> Batch {
        let batch = Batch(items)
        condition.lock()
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
        return batch
    }

    /// Up to `chunk` items of the oldest batch with items left, for a worker; waits for a
    /// batch if there is none, and returns `nil` once the queue is closed.
    func claim(chunk: Int) -> (Batch, Range<Int>)? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let batch = batches.first(where: { $0.claimed < $0.items.count }) {
                let range = batch.claimed..<min(batch.items.count, batch.claimed + chunk)
                batch.claimed = range.upperBound
                batch.running += range.count
                return (batch, range)
            }
            if closed { return nil }
            condition.wait()
        }
    }

    /// A worker is done with `count` items it claimed of `batch`. After a failure, the batch's
    /// items not yet claimed are dropped: its consumer will get the error.
    func finish(_ count: Int, of batch: Batch, failure: (any Error)?) {
        condition.lock()
        batch.running -= count
        if let failure {
            if batch.failure == nil { batch.failure = failure }
            batch.claimed = batch.items.count
        }
        if batch.isDone { condition.broadcast() }
        condition.unlock()
    }

    /// The results of `batch` in item order, once every item is transformed, or the first
    /// error a transform threw. The batch then leaves the queue.
    func results(of batch: Batch) throws -> [T] {
        condition.lock()
        while !batch.isDone { condition.wait() }
        batches.removeAll { $0 === batch }
        condition.unlock()
        if let failure = batch.failure { throw failure }
        return batch.collect()
    }

    /// No more batches: workers stop once they have finished the items they hold; items not
    /// yet claimed are dropped.
    func close() {
        condition.lock()
        closed = true
        for batch in batches { batch.claimed = batch.items.count }
        condition.broadcast()
        condition.unlock()
    }
}
