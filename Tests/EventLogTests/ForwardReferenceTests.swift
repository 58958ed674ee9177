import Foundation
import Testing
@testable import EventLog

/// Events contract v1.1: a reference may name an event anywhere in the same ingest call, on a
/// later line or in a later file (a FHIR export is one file per resource type).
@Suite struct ForwardReferenceTests {
    static let initiated = eventLine("ini", "handover.initiated", at: "2026-03-05T08:30:00Z", actor: "ward", data: #"{"scope":"home-care","to":"home"}"#)
    static let accepted = eventLine("acc", "handover.accepted", at: "2026-03-09T10:00:00Z", actor: "home", data: #"{"handover":"ini"}"#)
    static let missing = eventLine("bad", "handover.accepted", at: "2026-03-09T11:00:00Z", actor: "home", data: #"{"handover":"nosuch"}"#)
    static let retractsMissing = eventLine("ret", "event.retracted", at: "2026-03-09T12:00:00Z", actor: "home", data: #"{"target":"bad","reason":"wrong"}"#)

    @Test func anAnswerBeforeItsQuestionIsStoredInOneFileOrTwo() throws {
        let oneFile = try TestStore()
        let (summary, problems) = try oneFile.ingest([try oneFile.file("a.jsonl", [Self.accepted, Self.initiated])])
        #expect(summary.committed && summary.new == 2 && problems.isEmpty, "\(problems)")

        let twoFiles = try TestStore()
        let (second, _) = try twoFiles.ingest([try twoFiles.file("answers.jsonl", [Self.accepted]), try twoFiles.file("questions.jsonl", [Self.initiated])])
        #expect(second.committed && second.new == 2)
        #expect(try twoFiles.store.verify() == oneFile.store.verify(), "the same events in the same input order chain the same")
    }

    @Test func aReferenceThatNothingInTheCallMeetsIsItsLinesProblem() throws {
        let t = try TestStore()
        let (summary, problems) = try t.ingest([try t.file("a.jsonl", [Self.accepted, Self.missing, Self.initiated])])
        #expect(!summary.committed)
        #expect(problems == ["a.jsonl:2: data.handover refers to an event that is neither in the log nor in this ingest"])
        #expect(try t.store.head().count == 0)
    }

    @Test func setAsideAFailedReferenceAndWhatReferredToItStoreTheRest() throws {
        let t = try TestStore()
        let rejects = t.folder + "/rejects.jsonl"
        let (summary, problems) = try t.ingest([try t.file("a.jsonl", [Self.accepted, Self.missing, Self.retractsMissing]), try t.file("b.jsonl", [Self.initiated])],
                                               rejects: rejects)
        #expect(summary.committed && summary.new == 2 && summary.rejected == 2)
        #expect(problems == [
            "a.jsonl:2: data.handover refers to an event that is neither in the log nor in this ingest",
            "a.jsonl:3: data.target refers to an event that is neither in the log nor in this ingest",
        ])
        #expect(try String(contentsOfFile: rejects, encoding: .utf8) == Self.missing + "\n" + Self.retractsMissing + "\n")
        guard case .ok(let head) = try t.store.verify() else { Issue.record("the log does not verify"); return }
        #expect(head.count == 2)
    }

    @Test func standardInputThatWouldHaveToBeReadAgainIsRefusedWhole() throws {
        let t = try TestStore()
        let ingester = Ingester(
            store: t.store, recordedAt: .given(try RFC3339.parse("2026-04-01T00:00:00Z")),
            rejects: try PrivateFile(path: t.folder + "/rejects.jsonl", replacing: false), onProblem: { _ in })
        #expect(throws: IngestError.self) {
            try ingester.ingest(sources: [InMemoryLines(name: "stdin", lines: [Self.accepted, Self.missing, Self.initiated])])
        }
        #expect(try t.store.head().count == 0)
        #expect(!FileManager.default.fileExists(atPath: t.folder + "/rejects.jsonl"))
    }
}
