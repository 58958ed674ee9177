import Crypto
import Foundation
import GRDB

/// A signed statement of where the log and the access log ended at one time, kept outside the
/// store (as Certificate Transparency's signed tree heads are): `verify --checkpoint` then
/// finds any change to what came before it, and its end cut off, even by someone who can
/// rewrite the whole store, as long as the signing key was out of their reach.
///
/// The text form, one item a line:
///
///     gapwatch checkpoint v1
///     log 153976 82abad…
///     access-log 12 9f0c1e…
///     made 2026-12-06T03:00:00Z
///     signature 5d41402abc4b2a76 <base64 Ed25519 signature of the lines above>
package struct Checkpoint: Sendable, Equatable {
    package let log: ChainHead
    package let accessLog: ChainHead
    package let made: Instant

    package init(log: ChainHead, accessLog: ChainHead, made: Instant) {
        self.log = log
        self.accessLog = accessLog
        self.made = made
    }

    static let title = "gapwatch checkpoint v1"

    /// The lines the signature covers.
    var body: String {
        """
        \(Self.title)
        log \(log.count) \(HashChain.hex(log.hash))
        access-log \(accessLog.count) \(HashChain.hex(accessLog.hash))
        made \(RFC3339.format(made, fraction: false))

        """
    }

    /// The checkpoint's text, signed.
    package func signed(with key: SigningKey) throws -> String {
        let signature = try key.privateKey.signature(for: Array(body.utf8))
        return body + "signature \(key.publicKey.id) \(Data(signature).base64EncodedString())\n"
    }

    /// Reads a checkpoint's text and checks its signature against `publicKey`.
    package init(text: String, publicKey: PublicKey) throws(CheckpointError) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 5, lines[0] == Self.title else { throw .malformed(line: 1, "not a gapwatch checkpoint (its first line is \"\(Self.title)\")") }
        func head(_ line: Int, _ name: String) throws(CheckpointError) -> ChainHead {
            let parts = lines[line - 1].split(separator: " ")
            guard parts.count == 3, parts[0] == name, let count = Int64(parts[1]), count >= 0,
                  let hash = HashChain.bytes(hex: String(parts[2])), hash.count == 32
            else { throw .malformed(line: line, "expected \"\(name) COUNT HASH\"") }
            return ChainHead(count: count, hash: hash)
        }
        let log = try head(2, "log")
        let accessLog = try head(3, "access-log")
        guard lines[3].hasPrefix("made "), let made = try? RFC3339.parse(String(lines[3].dropFirst(5))) else {
            throw .malformed(line: 4, "expected \"made TIME\"")
        }
        self.init(log: log, accessLog: accessLog, made: made)
        let signature = lines[4].split(separator: " ")
        guard signature.count == 3, signature[0] == "signature", let bytes = Data(base64Encoded: String(signature[2])) else {
            throw .malformed(line: 5, "expected \"signature KEY-ID BASE64\"")
        }
        guard signature[1] == publicKey.id else { throw .otherKey }
        guard publicKey.key.isValidSignature(bytes, for: Array(body.utf8)) else { throw .badSignature }
    }

    /// Where the store's two chains end now.
    package static func current(_ db: Database, made: Instant) throws -> Checkpoint {
        let log = try EventReads.head(db)
        return Checkpoint(log: ChainHead(count: log.count, hash: HashChain.bytes(hex: log.hash) ?? HashChain.genesis),
                          accessLog: try AccessLogChain.head(db), made: made)
    }

    /// Whether the store still reaches this checkpoint: `nil`, or what is broken.
    func check(_ db: Database) throws -> VerifyResult? {
        if let problem = try Anchors.reaches(db, seq: log.count, hash: log.hash) {
            return .broken(seq: log.count, reason: "\(problem), where the checkpoint made \(RFC3339.format(made, fraction: false)) says the log reached")
        }
        if let problem = try Anchors.accessLogReaches(db, count: accessLog.count, hash: accessLog.hash) {
            return .brokenAccessLog(entry: accessLog.count, reason: "\(problem), where the checkpoint made \(RFC3339.format(made, fraction: false)) says it reached")
        }
        return nil
    }
}

/// Why a checkpoint file cannot be taken.
package enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(line: Int, String)
    /// Signed by another key than the one given.
    case otherKey
    case badSignature

    package var description: String {
        switch self {
        case .malformed(let line, let message): "line \(line): \(message)"
        case .otherKey: "signed by another key than --public-key (its key id differs)"
        case .badSignature: "its signature does not match its content: the checkpoint was changed after it was signed"
        }
    }
}

/// An Ed25519 key that signs checkpoints. Its file holds the raw key in base64 under a title
/// line; keep it away from the store (whoever has it can sign a checkpoint of a changed log).
package struct SigningKey {
    package let privateKey: Curve25519.Signing.PrivateKey
    package var publicKey: PublicKey { PublicKey(key: privateKey.publicKey) }

    static let title = "gapwatch signing key v1"

    package static func generate() -> SigningKey { SigningKey(privateKey: Curve25519.Signing.PrivateKey()) }

    package var fileText: String { KeyFile.text(title: Self.title, raw: privateKey.rawRepresentation) }

    package init(privateKey: Curve25519.Signing.PrivateKey) { self.privateKey = privateKey }

    package init(fileText: String) throws(CheckpointError) {
        guard let raw = KeyFile.raw(fileText, title: Self.title), let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw .malformed(line: 1, "not a gapwatch signing key (made by gapwatch checkpoint --new-key)") }
        privateKey = key
    }
}

/// The public half of a ``SigningKey``, which `verify --checkpoint` checks signatures with.
package struct PublicKey {
    package let key: Curve25519.Signing.PublicKey

    static let title = "gapwatch public key v1"

    /// The first 8 bytes of the key's SHA-256, in hex: names the key in a checkpoint.
    package var id: String { HashChain.hex(Array(SHA256.hash(data: key.rawRepresentation).prefix(8))) }

    package var fileText: String { KeyFile.text(title: Self.title, raw: key.rawRepresentation) }

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    package init(fileText: String) throws(CheckpointError) {
        guard let raw = KeyFile.raw(fileText, title: Self.title), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { throw .malformed(line: 1, "not a gapwatch public key (made by gapwatch checkpoint --new-key)") }
        self.key = key
    }
}

/// The text of a key file, for both halves of a key: a title line, then the raw key in base64.
private enum KeyFile {
    static func text(title: String, raw: Data) -> String { "\(title)\n\(raw.base64EncodedString())\n" }

    /// The raw key, if `text` is a key file with this title.
    static func raw(_ text: String, title: String) -> Data? {
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.count == 2, lines[0] == title else { return nil }
        return Data(base64Encoded: lines[1])
    }
}
