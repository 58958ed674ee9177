import Testing
@testable import EventLog

/// The hash chain is computed ahead of the writer on the guess that every valid event is new;
/// the writer takes a hash only when its guess holds, and says where the chain really stands
/// after a batch in which it did not.
@Suite struct ChainAheadTests {
    static let recordedAt = Instant(microseconds: 1_775_000_000_000_000)
    static let start = ChainPosition(nextSeq: 1, previousHash: HashChain.genesis)

    /// A checked chunk of `BatchedIngestTests`' contact lines.
    static func chunk(_ lines: ClosedRange<Int>) -> CheckedChunk {
        var input = InputChunk(firstLine: lines.lowerBound, reservingLines: lines.count, bytes: 0)
        for n in lines {
            var line = BatchedIngestTests.line(n)
            line.withUTF8 { input.append($0) }
        }
        return CheckedChunk(input)
    }

    /// The canonical JSON of the batch's valid events, in order.
    static func events(_ batch: [CheckedChunk]) -> [String] {
        batch.flatMap { chunk in
            chunk.texts.withUnsafeBufferPointer { texts in
                chunk.events.indices.map { String(decoding: chunk.json(of: $0, in: texts), as: UTF8.self) }
            }
        }
    }

    /// Where the chain stands after `events` are appended from `position`, hashed one by one.
    static func chain(_ events: [String], from position: ChainPosition) -> ChainPosition {
        var seq = position.nextSeq, previous = position.previousHash
        for event in events {
            previous = HashChain.hash(previous: previous, seq: seq, recordedAt: recordedAt, canonicalEvent: event)
            seq += 1
        }
        return ChainPosition(nextSeq: seq, previousHash: previous)
    }

    @Test func whenEveryEventIsAppendedEachLinkFollowsTheChain() {
        var ahead = ChainAhead(from: Self.start, recordedAt: Self.recordedAt, corrections: ChainCorrections())
        let batch = [Self.chunk(1...4), Self.chunk(5...9)]
        let (number, links) = ahead.links(of: batch)
        #expect(number == 0)
        var position = Self.start
        for (chunk, chunkLinks) in zip(batch, links) {
            for (index, event) in Self.events([chunk]).enumerated() {
                chunkLinks.withLinks { link in
                    #expect(link(index).follows(seq: position.nextSeq, previous: position.previousHash, recordedAt: Self.recordedAt))
                    #expect(!link(index).follows(seq: position.nextSeq, previous: position.previousHash, recordedAt: Instant(microseconds: 0)))
                    #expect(!link(index).follows(seq: position.nextSeq + 1, previous: position.previousHash, recordedAt: Self.recordedAt))
                    #expect(!link(index).follows(seq: position.nextSeq, previous: position.previousHash.map { ~$0 }, recordedAt: Self.recordedAt))
                }
                position = Self.chain([event], from: position)
                #expect(chunkLinks.withLinks { link in Array(link(index).hash) } == position.previousHash)
            }
            #expect(chunkLinks.end == position)
        }
    }

    @Test func afterACorrectionTheLinksStartAgainFromWhereTheChainStands() {
        let corrections = ChainCorrections()
        var ahead = ChainAhead(from: Self.start, recordedAt: Self.recordedAt, corrections: corrections)
        let batches = [[Self.chunk(1...5)], [Self.chunk(6...10)], [Self.chunk(11...15)], [Self.chunk(16...20)]]
        _ = ahead.links(of: batches[0])
        _ = ahead.links(of: batches[1])
        // The writer found batch 0's first event stored already: the chain holds the other four.
        let afterBatch0 = Self.chain(Array(Self.events(batches[0]).dropFirst()), from: Self.start)
        corrections.post(after: 0, afterBatch0)
        let (number, links) = ahead.links(of: batches[2])
        #expect(number == 2)
        let beforeBatch2 = Self.chain(Self.events(batches[1]), from: afterBatch0)
        #expect(links[0].withLinks { link in
            link(0).follows(seq: beforeBatch2.nextSeq, previous: beforeBatch2.previousHash, recordedAt: Self.recordedAt)
        })
        #expect(links[0].end == Self.chain(Self.events(batches[2]), from: beforeBatch2))
        // Taken once: the next batch goes on from there.
        let (_, next) = ahead.links(of: batches[3])
        #expect(next[0].end == Self.chain(Self.events(batches[2] + batches[3]), from: beforeBatch2))
    }

    @Test func anExportWhoseEventsAreStoredAlreadyHereAndThereChainsAsTheContractSays() throws {
        let t = try TestStore()
        try t.ingest([try t.file("first.jsonl", (1...3).map(BatchedIngestTests.line))])
        // Stored already: the first three lines, and line 2 again in the third batch.
        let batch = Ingester.linesPerChunk * Ingester.chunksPerBatch
        let lines = (1...5 * batch).map { n in BatchedIngestTests.line(n == 2 * batch + 7 ? 2 : n) }
        let (summary, problems) = try t.ingest([try t.file("second.jsonl", lines)], at: "2026-04-02T00:00:00Z")
        #expect(problems.isEmpty)
        #expect(summary.duplicate == 4)
        #expect(summary.new == 5 * batch - 4)
        let head = try t.store.head()
        #expect(head.count == Int64(5 * batch - 1))
        #expect(try t.store.verify() == .ok(head))
    }
}
