import Foundation

/// The hash chain computed ahead of the thread that appends, on a thread of its own.
///
/// An event's hash covers the hash before it and its `seq`, and whether the event before it
/// is appended at all is known only once the log has been asked (its id may be stored
/// already). Most events of an export are new, so this stage assumes that every valid event
/// is appended, in order, and hashes them on that assumption. The appending thread takes each
/// hash whose assumption holds (``ChainLink/follows(seq:previous:recordedAt:)``) and computes
/// the others itself, so the chain is never wrong; after a batch in which the assumption
/// failed (a duplicate, an event refused), it says where the chain really stands
/// (``ChainCorrections``), and this stage starts again from there. The appending thread sets an
/// ingest's pace, so the hashing is taken off it.
struct ChainAhead {
    private var nextSeq: Int64
    private var previous: [UInt8]
    private var records: HashChain.Records
    private let corrections: ChainCorrections
    /// The batches hashed last, oldest first, by number: hashed again after a correction.
    private var recent: [(number: Int, chunks: [CheckedChunk])] = []
    private var nextBatch = 0
    /// More than the batches that can lie between the one being appended and the one being
    /// hashed (``Ingester``: two waiting to be appended, one being appended).
    private static let batchesKept = 4

    /// Starts from the chain's position; every event is taken to be recorded at `recordedAt`.
    init(from position: ChainPosition, recordedAt: Instant, corrections: ChainCorrections) {
        nextSeq = position.nextSeq
        previous = position.previousHash
        records = HashChain.Records(recordedAt: recordedAt)
        self.corrections = corrections
    }

    /// The batch's number (counting from 0) and the links of its chunks' valid events,
    /// continuing from the last batch, or from the latest correction.
    mutating func links(of batch: [CheckedChunk]) -> (number: Int, links: [ChainLinks]) {
        if let correction = corrections.take() { restart(from: correction) }
        let links = batch.map { advance(over: $0) }
        recent.append((nextBatch, batch))
        if recent.count > Self.batchesKept { recent.removeFirst() }
        nextBatch += 1
        return (nextBatch - 1, links)
    }

    /// Takes the chain's position after batch `after`, and hashes the batches since then again.
    private mutating func restart(from correction: (after: Int, position: ChainPosition)) {
        let since = recent.drop { $0.number <= correction.after }
        guard since.first?.number ?? nextBatch == correction.after + 1 else { return }
        nextSeq = correction.position.nextSeq
        previous = correction.position.previousHash
        for batch in since {
            for chunk in batch.chunks { _ = advance(over: chunk) }
        }
    }

    /// Hashes the chunk's valid events in order, from where the chain is taken to stand.
    private mutating func advance(over chunk: CheckedChunk) -> ChainLinks {
        var hashes = previous
        hashes.reserveCapacity(32 * (chunk.events.count + 1))
        let firstSeq = nextSeq
        chunk.texts.withUnsafeBufferPointer { texts in
            for index in chunk.events.indices {
                let hash = records.hash(previous: previous, seq: nextSeq, canonicalEvent: chunk.json(of: index, in: texts))
                hash.withUnsafeBytes { hash in
                    hashes.append(contentsOf: hash)
                    previous.withUnsafeMutableBytes { $0.copyMemory(from: hash) }
                }
                nextSeq += 1
            }
        }
        return ChainLinks(firstSeq: firstSeq, recordedAt: records.recordedAt, hashes: hashes)
    }
}

/// The links ``ChainAhead`` made for one chunk's valid events.
struct ChainLinks: Sendable {
    let firstSeq: Int64
    let recordedAt: Instant
    /// The hash the first event was chained to, then each event's hash, 32 bytes each.
    let hashes: [UInt8]

    /// Where the chain stands after the chunk if every valid event of it is appended.
    var end: ChainPosition {
        ChainPosition(nextSeq: firstSeq + Int64(hashes.count / 32 - 1), previousHash: Array(hashes.suffix(32)))
    }

    /// Calls `body` with a function that gives each valid event's link, by its index in
    /// ``CheckedChunk/events``.
    func withLinks<R>(_ body: ((Int) -> ChainLink) throws -> R) rethrows -> R {
        try hashes.withUnsafeBytes { hashes in
            try body { index in
                ChainLink(seq: firstSeq + Int64(index), recordedAt: recordedAt,
                          previousAndHash: UnsafeRawBufferPointer(rebasing: hashes[32 * index..<32 * index + 64]))
            }
        }
    }
}

/// Where the appending thread found the chain after a batch whose links did not all hold,
/// for ``ChainAhead`` on its own thread: the latest only.
final class ChainCorrections: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: (after: Int, position: ChainPosition)?

    /// The chain stands at `position` after batch `after` has been appended.
    func post(after batch: Int, _ position: ChainPosition) {
        lock.withLock { latest = (batch, position) }
    }

    /// The latest correction not yet taken.
    func take() -> (after: Int, position: ChainPosition)? {
        lock.withLock {
            defer { latest = nil }
            return latest
        }
    }
}
