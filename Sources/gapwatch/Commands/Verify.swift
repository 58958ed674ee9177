import ArgumentParser
import EventLog

extension Gapwatch {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the log's hash chain.",
            discussion: "Prints `ok: N events, head HASH`, or the first seq that does not match and exits 1.")

        @OptionGroup var store: StoreOptions

        func run() throws {
            try reportingErrors {
                switch try store.open(create: false).verify() {
                case .ok(let head):
                    Console.out("ok: \(head.count) events, head \(head.hash)")
                case .broken(let seq, let reason):
                    Console.out("broken: seq \(seq): \(reason)")
                    throw ExitCode(1)
                }
            }
        }
    }
}
