import ArgumentParser
import EventLog

extension Gapwatch {
    struct SignCheckpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Sign where the log and the access log end now, to keep outside the store.",
            discussion: """
                A hash chain cannot see its own end cut off, and someone who can rewrite the store can \
                rewrite the heads it records too. A checkpoint signed with a key kept away from the store, \
                and kept elsewhere itself (a mail archive, another machine), lets `gapwatch verify \
                --checkpoint FILE --public-key KEY.pub` find any change to what came before it. Make the \
                key once with --new-key; sign a checkpoint after each nightly scan.
                """)

        @OptionGroup var store: StoreOptions

        @Option(name: .customLong("new-key"), help: ArgumentHelp(
            "Make a new signing key in this file (mode 0600) and its public key beside it (FILE.pub), then stop.", valueName: "file"))
        var newKey: String?

        @Option(help: ArgumentHelp("The signing key (from --new-key).", valueName: "file"))
        var key: String?

        @Option(help: ArgumentHelp("Write the checkpoint to this file (mode 0600). Default: stdout.", valueName: "file"))
        var out: String?

        @Flag(help: "Replace an existing --out file.")
        var force = false

        func validate() throws {
            if (newKey == nil) == (key == nil) { throw ValidationError("name one of --new-key FILE and --key FILE") }
            if newKey != nil && out != nil { throw ValidationError("--out goes with --key") }
            if force && out == nil { throw ValidationError("--force goes with --out") }
        }

        func run() throws {
            try reportingErrors {
                if let newKey {
                    let made = SigningKey.generate()
                    try PrivateFile.write(made.fileText.utf8, to: newKey, replacing: false)
                    try PrivateFile.write(made.publicKey.fileText.utf8, to: newKey + ".pub", replacing: false)
                    Console.out("made signing key \(made.publicKey.id): \(newKey) (keep it away from the store), \(newKey).pub (for verify)")
                    return
                }
                let signingKey = try readKeyFile(key!) { text throws(CheckpointError) in try SigningKey(fileText: text) }
                let text = try store.open(create: false).checkpoint(made: currentInstant()).signed(with: signingKey)
                if let out {
                    try PrivateFile.write(text.utf8, to: out, replacing: force)
                } else {
                    Console.writeStandardOutput(Array(text.utf8))
                }
            }
        }
    }
}
