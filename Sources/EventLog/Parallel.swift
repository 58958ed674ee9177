import Dispatch
import Foundation

/// Work on several cores: persons are independent, so scans decode and evaluate them in
/// parallel and keep their order.
public enum Parallel {
    /// How many workers to use by default: the machine's active cores.
    public static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `items.map(transform)`, computed by up to `workers` threads; results in input order. The
    /// first error thrown is rethrown after all workers stop. Each worker thread makes one
    /// `scratch` value with `makeScratch` and passes it to every `transform` it runs (state
    /// reused from item to item, never shared between threads). With more than one worker,
    /// the workers (other than the main thread) run at nice 5, below the thread that feeds them.
    public static func map<S: Sendable, T: Sendable, Scratch>(
        _ items: [S], workers: Int, scratch makeScratch: @Sendable () -> Scratch, _ transform: @Sendable (inout Scratch, S) throws -> T
    ) throws -> [T] {
        guard workers > 1, items.count > 1 else {
            var scratch = makeScratch()
            return try items.map { try transform(&scratch, $0) }
        }
        let results = Results<T>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: min(workers, items.count)) { _ in
            yieldToTheSerialStage()
            var scratch = makeScratch()
            while let range = results.claim(chunk: 8) {
                for index in range {
                    do {
                        results.store(try transform(&scratch, items[index]), at: index)
                    } catch {
                        results.fail(error)
                        return
                    }
                }
            }
        }
        return try results.collect()
    }

    /// Lowers the calling worker thread's priority a little (nice 5; one system call a batch):
    /// the one thread that reads or writes the store, the serial stage of every pipeline here,
    /// then gets a core whenever it can run, instead of a fair share with the workers it feeds.
    private static func yieldToTheSerialStage() {
        #if os(Linux)
        // A worker is a pool thread; a caller on the main thread stays as it is.
        guard !Thread.isMainThread else { return }
        // Linux keeps nice per thread: `who` 0 is the calling thread, not the whole process.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
        #endif
    }

    /// Runs `work` in the background; `wait()` returns its result (or rethrows its error).
    public final class Future<T: Sendable>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: Result<T, any Error>?

        public init(_ work: @escaping @Sendable () throws -> T) {
            DispatchQueue.global().async {
                self.result = Result { try work() }
                self.done.signal()
            }
        }

        public func wait() throws -> T {
            done.wait()
            done.signal()
            return try result!.get()
        }
    }

    /// Consumes batches in order while the next ones are produced: each batch is transformed
    /// in the background (on `workers` cores) as soon as the producer has read it, and
    /// `consume` sees the results in the order the batches came. Up to two batches are being
    /// transformed while the producer reads a third, so the workers still have one to work on
    /// while the producer and `consume` take their turn: at most three batches are in memory.
    public static func pipeline<S: Sendable, T: Sendable>(
        workers: Int,
        produce: (_ emit: ([S]) throws -> Void) throws -> Void,
        transform: @escaping @Sendable (S) throws -> T,
        consume: ([S], [T]) throws -> Void
    ) throws {
        try pipeline(workers: workers, produce: produce, scratch: {}, transform: { (_: inout Void, item) in try transform(item) }, consume: consume)
    }

    /// The pipeline above, with one `scratch` value per worker thread and batch (see
    /// ``map(_:workers:scratch:_:)``).
    public static func pipeline<S: Sendable, T: Sendable, Scratch>(
        workers: Int,
        produce: (_ emit: ([S]) throws -> Void) throws -> Void,
        scratch makeScratch: @escaping @Sendable () -> Scratch,
        transform: @escaping @Sendable (inout Scratch, S) throws -> T,
        consume: ([S], [T]) throws -> Void
    ) throws {
        try withoutActuallyEscaping(consume) { consume in
            var inFlight: [(batch: [S], results: Future<[T]>)] = []
            try produce { batch in
                inFlight.append((batch, Future { try map(batch, workers: workers, scratch: makeScratch, transform) }))
                if inFlight.count > 2 {
                    let oldest = inFlight.removeFirst()
                    try consume(oldest.batch, try oldest.results.wait())
                }
            }
            for (batch, results) in inFlight { try consume(batch, try results.wait()) }
        }
    }

    /// Runs `produce` on a thread of its own, up to `ahead` items ahead of the caller, and hands
    /// the items to `body` here, in order: reading input overlaps with what the caller does with
    /// it. An error of `produce` is rethrown after the items before it; if `body` throws,
    /// `produce` is stopped at its next `emit`. Either way `produce` has finished when this
    /// returns, so what it captures is never used by two threads at once.
    public static func readAhead<T>(
        _ ahead: Int, produce: @escaping (_ emit: (T) throws -> Void) throws -> Void, _ body: (T) throws -> Void
    ) throws {
        let handoff = Handoff<T>()
        let producer = UncheckedSendable(value: produce)
        DispatchQueue.global().async {
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

    /// Results written by index from several threads; each index is written once.
    private final class Results<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let count: Int
        private let buffer: UnsafeMutableBufferPointer<T?>
        private var error: (any Error)?

        init(count: Int) {
            self.count = count
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }

        deinit {
            buffer.deinitialize()
            buffer.deallocate()
        }

        func claim(chunk: Int) -> Range<Int>? {
            lock.lock()
            defer { lock.unlock() }
            guard error == nil, next < count else { return nil }
            let range = next..<min(count, next + chunk)
            next = range.upperBound
            return range
        }

        func store(_ value: T, at index: Int) { buffer[index] = value }

        func fail(_ failure: any Error) {
            lock.lock()
            if error == nil { error = failure }
            lock.unlock()
        }

        func collect() throws -> [T] {
            if let error { throw error }
            return buffer.map { $0! }
        }
    }
}
