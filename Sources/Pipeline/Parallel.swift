import Dispatch
import Foundation

/// Work on several cores: persons are independent, so scans decode and evaluate them in
/// parallel and keep their order.
package enum Parallel {
    /// How many workers to use by default: the machine's active cores.
    package static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Consumes batches in order while the next ones are produced: `workers` threads transform
    /// the items of each batch as soon as the producer has read it, and `consume` sees the
    /// results in the order the batches came. The workers take a few items at a time from the
    /// oldest batch with work left, so they still have one to work on while the producer and
    /// `consume` take their turn: at most three batches are in memory. However many batches
    /// are in flight, at most `workers` transforms run at once: one worker means one thread
    /// transforming, besides the caller's (and fewer than one counts as one).
    package static func pipeline<S: Sendable, T: Sendable>(
        workers: Int,
        produce: (_ emit: ([S]) throws -> Void) throws -> Void,
        transform: @escaping @Sendable (S) throws -> T,
        consume: ([S], [T]) throws -> Void
    ) throws {
        try pipeline(workers: workers, produce: produce, scratch: {}, transform: { (_: inout Void, item) in try transform(item) }, consume: consume)
    }

    /// The pipeline above, with one `scratch` value per worker thread, made once and passed to
    /// every `transform` the thread runs: state reused from item to item, never shared between
    /// threads. The workers are threads of the pipeline's own, at nice 5, below the thread that
    /// feeds them. The first error of `produce`, `transform` or `consume` is rethrown after the
    /// workers have stopped.
    package static func pipeline<S: Sendable, T: Sendable, Scratch>(
        workers: Int,
        produce: (_ emit: ([S]) throws -> Void) throws -> Void,
        scratch makeScratch: @escaping @Sendable () -> Scratch,
        transform: @escaping @Sendable (inout Scratch, S) throws -> T,
        consume: ([S], [T]) throws -> Void
    ) throws {
        let queue = BatchQueue<S, T>()
        let running = DispatchGroup()
        var cannotStart: CannotStartThread?
        for _ in 0..<max(1, workers) {
            running.enter()
            do {
                try startThread {
                    yieldToTheSerialStage()
                    var scratch = makeScratch()
                    while let (batch, range) = queue.claim(chunk: 8) {
                        var failure: (any Error)?
                        for index in range {
                            do {
                                batch.store(try transform(&scratch, batch.items[index]), at: index)
                            } catch {
                                failure = error
                                break
                            }
                        }
                        queue.finish(range.count, of: batch, failure: failure)
                    }
                    running.leave()
                }
            } catch {
                running.leave()
                cannotStart = error
                break
            }
        }
        defer {
            queue.close()
            running.wait()
        }
        if let cannotStart { throw cannotStart }
        try withoutActuallyEscaping(consume) { consume in
            var inFlight: [BatchQueue<S, T>.Batch] = []
            try produce { items in
                inFlight.append(queue.add(items))
                if inFlight.count > 2 {
                    let oldest = inFlight.removeFirst()
                    try consume(oldest.items, try queue.results(of: oldest))
                }
            }
            for batch in inFlight { try consume(batch.items, try queue.results(of: batch)) }
        }
    }

    /// Lowers the calling thread's priority a little (nice 5): the one thread that reads or
    /// writes the store, the serial stage of every pipeline here, then gets a core whenever it
    /// can run, instead of a fair share with the workers it feeds.
    private static func yieldToTheSerialStage() {
        #if os(Linux)
        // Linux keeps nice per thread: `who` 0 is the calling thread, not the whole process.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
        #endif
    }

    /// Runs `produce` on a thread of its own, up to `ahead` items ahead of the caller, and hands
    /// the items to `body` here, in order: reading input overlaps with what the caller does with
    /// it. An error of `produce` is rethrown after the items before it; if `body` throws,
    /// `produce` is stopped at its next `emit`. Either way `produce` has finished when this
    /// returns, so what it captures is never used by two threads at once.
    package static func readAhead<T>(
        _ ahead: Int, produce: @escaping (_ emit: (T) throws -> Void) throws -> Void, _ body: (T) throws -> Void
    ) throws {
        let handoff = Handoff<T>()
        let producer = UncheckedSendable(value: produce)
        try startThread {
            do {
                try producer.value { item in try handoff.put(item, limit: ahead) }
                handoff.finish(nil)
            } catch {
                handoff.finish(error)
            }
        }
        defer { handoff.stopAndWait() }
        while let item = try handoff.take() { try body(item) }
    }

    /// The items between ``readAhead(_:produce:_:)``'s two threads.
    private final class Handoff<T>: @unchecked Sendable {
        private let condition = NSCondition()
        private var items: [T] = []
        private var finished = false
        private var stopped = false
        private var failure: (any Error)?

        struct Stopped: Error {}

        func put(_ item: T, limit: Int) throws {
            condition.lock()
            defer { condition.unlock() }
            while items.count >= limit, !stopped { condition.wait() }
            if stopped { throw Stopped() }
            items.append(item)
            condition.broadcast()
        }

        func finish(_ error: (any Error)?) {
            condition.lock()
            if !(error is Stopped) { failure = error }
            finished = true
            condition.broadcast()
            condition.unlock()
        }

        /// The next item; `nil` at the end.
        func take() throws -> T? {
            condition.lock()
            defer { condition.unlock() }
            while items.isEmpty, !finished { condition.wait() }
            guard items.isEmpty else {
                condition.broadcast()
                return items.removeFirst()
            }
            if let failure { throw failure }
            return nil
        }

        func stopAndWait() {
            condition.lock()
            stopped = true
            condition.broadcast()
            while !finished { condition.wait() }
            condition.unlock()
        }
    }

    /// A value handed to another thread whose use the code around it keeps to one thread at a time.
    private struct UncheckedSendable<Value>: @unchecked Sendable {
        let value: Value
    }
}
