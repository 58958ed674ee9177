import ArgumentParser
import EventLog
import Foundation

extension Gapwatch {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the log's hash chain, the access log's, and that neither was cut short.",
            discussion: """
                Prints `ok: N events, head HASH`, or the first seq (or access log entry) that does not \
                match and exits 1. Checks that the log and the access log still reach every head an \
                ingest or scan recorded in the store, and, to catch someone who rewrote the store \
                itself, a head kept outside it: --expect-head SEQ:HASH (from an earlier verify, a \
                digest or an audit) or a signed checkpoint (gapwatch checkpoint) with its public key.
                """)

        @OptionGroup var store: StoreOptions

        @Option(name: .customLong("expect-head"), help: ArgumentHelp(
            "A head kept outside the store: the log must still reach event SEQ with this hash.", valueName: "seq:hash"))
        var expectHead: String?

        @Option(help: ArgumentHelp("A signed checkpoint file (gapwatch checkpoint): both logs must still reach it.", valueName: "file"))
        var checkpoint: String?

        @Option(name: .customLong("public-key"), help: ArgumentHelp("The public key that signed --checkpoint.", valueName: "file"))
        var publicKey: String?

        func validate() throws {
            if (checkpoint == nil) != (publicKey == nil) { throw ValidationError("--checkpoint and --public-key go together") }
            if let expectHead, Self.head(expectHead) == nil { throw ValidationError("--expect-head takes SEQ:HASH, e.g. 1042:9f0c…, the hash in full (64 hex digits)") }
        }

        /// `SEQ:HASH`, the hash in full, maybe in groups split by dots as the digest prints it.
        static func head(_ text: String) -> (seq: Int64, hash: [UInt8])? {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let seq = Int64(parts[0]), seq >= 0,
                  let hash = HashChain.bytes(hex: parts[1].replacingOccurrences(of: ".", with: "")), hash.count == 32
            else { return nil }
            return (seq, hash)
        }

        func run() throws {
            try reportingErrors {
                let signed = try checkpoint.map { path in
                    let key = try readKeyFile(publicKey!) { text throws(CheckpointError) in try PublicKey(fileText: text) }
                    return try readKeyFile(path) { text throws(CheckpointError) in try Checkpoint(text: text, publicKey: key) }
                }
                let eventStore = try store.open(create: false)
                var result = try eventStore.verify()
                if case .ok = result, let broken = try eventStore.check(reaching: signed, expectedHead: expectHead.flatMap(Self.head)) {
                    result = broken
                }
                switch result {
                case .ok(let head):
                    Console.out("ok: \(head.count) events, head \(head.hash)")
                case .broken(let seq, let reason):
                    Console.out("broken: seq \(seq): \(reason)")
                    throw ExitCode(1)
                case .brokenAccessLog(let entry, let reason):
                    Console.out("broken: access log entry \(entry): \(reason)")
                    throw ExitCode(1)
                }
            }
        }
    }
}

/// Reads a key or checkpoint file and parses it; its problems as `FILE:LINE: message` (65).
func readKeyFile<T>(_ path: String, _ parse: (String) throws(CheckpointError) -> T) throws -> T {
    guard FileManager.default.fileExists(atPath: path) else { throw CLIError(Exit.noInput, "\(path): no such file") }
    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError(Exit.ioError, "\(path): cannot read") }
    do {
        return try parse(String(decoding: data, as: UTF8.self))
    } catch .malformed(let line, let message) {
        throw CLIError(Exit.dataError, "\(path):\(line): \(message)")
    } catch {
        throw CLIError(Exit.dataError, "\(path): \(error)")
    }
}
