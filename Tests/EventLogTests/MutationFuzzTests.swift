import Foundation
import Synthetic
import Testing
@testable import EventLog

/// A seeded mutation fuzzer for the JSON parser and the event validator, run through the
/// ingest's own checking of a chunk of lines: real event lines (the acceptance scenarios and a
/// generated population) are broken byte by byte in many ways, and whatever comes of it, the
/// checker returns; a refused line has messages that quote no input (no run of six digits,
/// where a personnummer would show); an accepted line's canonical form is accepted again as the
/// same event. The same seed gives the same cases, so a failure can be replayed.
@Suite struct MutationFuzzTests {
    static let casesPerSeed = 20_000
    static let marker = Array("19400101-1230".utf8)

    /// Lines that are valid events, to mutate.
    static let corpus: [[UInt8]] = {
        let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/scenarios")
        var lines: [[UInt8]] = []
        for folder in (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path))?.sorted() ?? [] {
            for file in ["events.jsonl", "day1.jsonl", "day9.jsonl"] {
                let text = (try? String(contentsOf: scenarios.appendingPathComponent("\(folder)/\(file)"), encoding: .utf8)) ?? ""
                lines += text.split(separator: "\n").map { Array($0.utf8) }
            }
        }
        var generated = 0
        PopulationGenerator(persons: 20, seed: 7, start: Instant(microseconds: 1_750_000_000_000_000), days: 90).generate { line in
            if generated < 300 { lines.append(Array(line.utf8)) }
            generated += 1
        }
        return lines
    }()

    /// Pieces that break JSON and events in the ways exports do, and worse.
    static let pieces: [[UInt8]] = [
        "\"", "{", "}", "[", "]", ",", ":", "\\", "\\u0000", "\\ud800", "null", "1e999", "-0", "true", "\"person\"", "\"id\":\"x\"",
        "\"19400101-1230\"", "19400101-1230", "\"4001011230\"", "\"data\":{}", "\"type\":\"x-a\"", "  ", "\u{7F}", "Ö",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xEF, 0xBB, 0xBF], [0x00], [0x0D], [0xC0, 0xAF]]

    static func mutate(_ line: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = line
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 1 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...12, using: &random)))
            case 2: bytes.insert(contentsOf: pieces.randomElement(using: &random)!, at: at)
            case 3: bytes.insert(contentsOf: marker, at: at)
            case 4 where !bytes.isEmpty: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 20)], at: at)
            default: bytes.removeSubrange(at...)
            }
        }
        // A line end is where the reader splits lines: none is inside a line.
        return bytes.filter { $0 != 0x0A }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func mutatedLinesAreCheckedWithoutCrashOrLeak(seed: UInt64) throws {
        #expect(Self.corpus.count > 300)
        var random = SplitMix64(seed: seed)
        var refused = 0, accepted = 0
        var cases = 0
        while cases < Self.casesPerSeed {
            var chunk = InputChunk(firstLine: 1, reservingLines: 256, bytes: 0)
            var lines: [[UInt8]] = []
            for _ in 0..<256 {
                let line = Self.mutate(Self.corpus.randomElement(using: &random)!, &random)
                lines.append(line)
                line.withUnsafeBufferPointer { chunk.append($0) }
            }
            let checked = CheckedChunk(chunk)
            #expect(checked.outcomes.count == lines.count)
            for (index, outcome) in checked.outcomes.enumerated() {
                switch outcome {
                case .blank:
                    #expect(lines[index].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
                case .invalid(let problems):
                    refused += 1
                    let messages = checked.problems[problems]
                    #expect(!messages.isEmpty && messages.allSatisfy { !$0.isEmpty })
                    for message in messages where message.range(of: "[0-9]{6,}", options: .regularExpression) != nil {
                        Issue.record("seed \(seed), case \(cases + index): a message quotes input: \(message)")
                    }
                case .valid:
                    accepted += 1
                    let event = try EventValidator.validate(line: lines[index]).get()
                    let again = try EventValidator.validate(line: Array(event.canonicalJSON.utf8)).get()
                    #expect(again.canonicalJSON == event.canonicalJSON, "seed \(seed), case \(cases + index)")
                }
            }
            cases += lines.count
        }
        // Both sides are reached: the mutations neither always nor never break a line.
        #expect(refused > Self.casesPerSeed / 4 && accepted > Self.casesPerSeed / 50, "refused \(refused), accepted \(accepted)")
    }
}
