import EventLog
import Foundation
import Pipeline

/// A resource of an input, with the line where it (or its Bundle entry) starts.
struct LocatedResource: Sendable {
    let resource: JSONValue
    let file: String
    let line: Int
    /// The Bundle entry's `fullUrl` (often `urn:uuid:…`), when it came in a Bundle.
    let fullUrl: String?

    var type: String { resource["resourceType"]?.stringValue ?? "" }
    var id: String? { resource["id"]?.stringValue }
}

/// A problem with where it is.
struct LocatedProblem: Error, Sendable {
    let file: String
    let line: Int
    let message: String
}

/// Reads FHIR R4 JSON: NDJSON, one resource a line (as Bulk Data writes it), or one JSON
/// resource over many lines, a Bundle of any type among them (its entries are read, nested
/// Bundles too). A file is NDJSON when its first non-blank line is a whole JSON value.
struct FHIRInput: Sendable {
    let name: String
    private let path: String?
    /// Standard input, read once: an import reads its inputs twice.
    private let bytes: [UInt8]?

    init(path: String) throws {
        if path == "-" {
            name = "stdin"
            self.path = nil
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            try Self.requireFile(path)
            name = path
            self.path = path
            bytes = nil
        }
    }

    /// Refuses a path that names no file, or a directory, as an ingest does.
    static func requireFile(_ path: String) throws(IngestError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .inputNotFound(path: path) }
        if isDirectory.boolValue { throw .notAFile(path: path) }
    }

    /// Every resource of an input read whole: one JSON resource (a Bundle, say), or standard
    /// input, which cannot be read twice. (A file of NDJSON is streamed by ``mapResources``.)
    private func forEachResource(_ body: (Result<LocatedResource, LocatedProblem>) throws -> Void) throws {
        let all = try contents()
        let lines = all.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { !Self.isBlank($0) }) else { return }
        if (try? JSONParser.parse(lines[first])) != nil {
            for (index, line) in lines.enumerated() where !Self.isBlank(line) {
                do {
                    try flatten(try JSONParser.parse(line), line: index + 1, fullUrl: nil, entryLines: nil, body)
                } catch let error as JSONParser.SyntaxError {
                    try body(.failure(Self.notJSON(error, file: name, line: index + 1)))
                }
            }
        } else {
            do {
                let value = try JSONParser.parse(all)
                try flatten(value, line: first + 1, fullUrl: nil, entryLines: Self.entryLines(all), body)
            } catch let error as JSONParser.SyntaxError {
                try body(.failure(LocatedProblem(file: name, line: first + 1, message: "not JSON, neither one resource a line nor one resource (\(error.message))")))
            }
        }
    }

    private func contents() throws -> [UInt8] {
        if let bytes { return bytes }
        guard let data = FileManager.default.contents(atPath: path!) else { throw IngestError.cannotRead(path: name, reason: "cannot read the file") }
        return Array(data)
    }

    private func flatten(_ value: JSONValue, line: Int, fullUrl: String?, entryLines: [Int]?,
                         _ body: (Result<LocatedResource, LocatedProblem>) throws -> Void) throws {
        try Self.flatten(value, file: name, line: line, fullUrl: fullUrl, entryLines: entryLines, body)
    }

    /// Hands out a resource, or each resource of a Bundle (at the line of its entry).
    private static func flatten(_ value: JSONValue, file name: String, line: Int, fullUrl: String?, entryLines: [Int]?,
                                _ body: (Result<LocatedResource, LocatedProblem>) throws -> Void) throws {
        guard value.objectValue != nil, let type = value["resourceType"]?.stringValue else {
            try body(.failure(LocatedProblem(file: name, line: line, message: "not a FHIR resource (no resourceType)")))
            return
        }
        guard type == "Bundle" else {
            try body(.success(LocatedResource(resource: value, file: name, line: line, fullUrl: fullUrl)))
            return
        }
        for (index, entry) in (value["entry"]?.elements ?? []).enumerated() {
            let entryLine = entryLines.flatMap { index < $0.count ? $0[index] : nil } ?? line
            guard let resource = entry["resource"] else { continue }
            // A nested Bundle's entries are named by the line of the entry that holds it.
            try flatten(resource, file: name, line: entryLine, fullUrl: entry["fullUrl"]?.stringValue, entryLines: nil, body)
        }
    }

    private static func isBlank(_ line: some Collection<UInt8>) -> Bool { line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }

    /// Each resource of the input through `transform`, on `workers` threads for NDJSON, and
    /// what it made to `consume`, in input order.
    ///
    /// - Parameter types: when given, an NDJSON line of another resource type is passed over
    ///   unparsed (its type read from the line's bytes).
    func mapResources<T: Sendable>(workers: Int, types: Set<String>? = nil, _ transform: @escaping @Sendable (Result<LocatedResource, LocatedProblem>) -> T,
                                   consume: (T) throws -> Void) throws {
        guard let path, try Self.isNDJSON(path) else {
            try forEachResource { try consume(transform($0)) }
            return
        }
        let reader = try LineReader(path: path)
        let name = self.name
        try Parallel.pipeline(
            workers: workers,
            produce: { emit in try reader.forEachBatch(of: 512, emit) },
            transform: { (item: (line: Int, bytes: [UInt8])) -> [T] in
                guard !Self.isBlank(item.bytes) else { return [] }
                if let types, let type = Self.resourceType(ofLine: item.bytes), type != "Bundle", !types.contains(type) { return [] }
                var made: [T] = []
                do {
                    try FHIRInput.flatten(try JSONParser.parse(item.bytes), file: name, line: item.line, fullUrl: nil, entryLines: nil) { made.append(transform($0)) }
                } catch let error as JSONParser.SyntaxError {
                    made.append(transform(.failure(Self.notJSON(error, file: name, line: item.line))))
                } catch {
                    made.append(transform(.failure(LocatedProblem(file: name, line: item.line, message: "could not be read"))))
                }
                return made
            },
            consume: { _, outputs in
                for list in outputs { for output in list { try consume(output) } }
            })
    }

    /// The `resourceType` of one line of JSON, read from its bytes without parsing it, or nil
    /// when it is not found simply (the line is then parsed).
    static func resourceType(ofLine bytes: [UInt8]) -> String? {
        // Only as the object's first key, as Bulk Data writes it: a contained resource's type must not be taken for it.
        let key = Array(#""resourceType""#.utf8)
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard bytes.count >= index + key.count, bytes[index..<(index + key.count)].elementsEqual(key) else { return nil }
        index += key.count
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == UInt8(ascii: ":") { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let nameStart = index + 1
        guard let end = bytes[nameStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: bytes[nameStart..<end], as: UTF8.self)
    }

    /// A line of NDJSON that is not JSON.
    private static func notJSON(_ error: JSONParser.SyntaxError, file: String, line: Int) -> LocatedProblem {
        LocatedProblem(file: file, line: line, message: "not JSON (\(error.message) at column \(error.column))")
    }

    /// Whether a file's first non-blank line is a whole JSON value.
    private static func isNDJSON(_ path: String) throws -> Bool {
        let reader = try LineReader(path: path)
        var first: [UInt8]?
        while first == nil, try reader.nextLine({ line in if !isBlank(line) { first = Array(line) } }) {}
        guard let first else { return false }
        return (try? JSONParser.parse(first)) != nil
    }

    /// The line on which each element of the top-level `entry` array starts, found by a scan
    /// that follows strings and nesting (the parser keeps no positions).
    static func entryLines(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        var line = 1, depth = 0, inString = false, escaped = false
        var lastKey: [UInt8] = [], stringStart = 0, keyAtDepthOne: [UInt8]? = nil, entryDepth: Int? = nil
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    lastKey = Array(bytes[stringStart..<index])
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringStart = index + 1
            case UInt8(ascii: ":"):
                if depth == 1 { keyAtDepthOne = lastKey }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if byte == UInt8(ascii: "["), depth == 1, keyAtDepthOne == Array("entry".utf8) { entryDepth = depth + 1 }
                if byte == UInt8(ascii: "{"), let entryDepth, depth == entryDepth { lines.append(line) }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if let start = entryDepth, depth < start { entryDepth = nil }
            default: break
            }
        }
        return lines
    }
}
