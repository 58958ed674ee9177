import Foundation
import Testing

/// Issue 26, item 8: `gapwatch stats`, follow-up figures with no person in them and small cells
/// held back.
@Suite struct StatisticsTests {
    /// 200 generated persons, scanned as of 2027-01-01.
    static let population = Result { () throws -> Scratch in
        let s = try Scratch()
        let generated = try CLI.run(["generate", "--persons", "200", "--seed", "5"])
        let ingest = try CLI.run(["ingest", "--db", s.db, "--recorded-at", "2027-01-01T00:00:00Z", try s.write("p.jsonl", generated.stdout)])
        guard ingest.status == 0 else { throw CocoaError(.fileReadUnknown) }
        return s
    }

    private func rows(_ arguments: [String]) throws -> [[String: Any]] {
        let s = try Self.population.get()
        let result = try CLI.run(["stats", "--db", s.db, "--as-of", "2027-01-01", "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(object["rows"] as? [[String: Any]])
    }

    @Test func noFigureRestsOnFewerThanFivePersonsAndTheOutputSaysSo() throws {
        let all = try rows(["--by", "unit"])
        #expect(all.count > 100)
        var held = 0
        for row in all {
            if let persons = row["persons"] as? Int { #expect(persons == 0 || persons >= 5, "\(row)") }
            if let discharges = row["discharges"] as? Int { #expect(discharges == 0 || discharges >= 5, "\(row)") }
            if row["suppressed"] as? Bool == true {
                held += 1
                #expect(["persons", "findings", "open_at_end", "discharges"].contains { row[$0] is NSNull }, "\(row)")
            }
        }
        #expect(held > 0 && held < all.count, "some cells held back, not all")
        let s = try Self.population.get()
        let csv = try CLI.run(["stats", "--db", s.db, "--as-of", "2027-01-01"])
        #expect(csv.stderr.contains("färre än 5 personer; de visas som .."))
        #expect(csv.stdout.contains(";..;"))
    }

    @Test func noPersonAppears() throws {
        let s = try Self.population.get()
        let persons = try CLI.run(["gaps", "--db", s.db, "--as-of", "2027-01-01", "--status", "all", "--format", "csv"]).stdout
            .split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        #expect(persons.count > 50)
        for by in ["unit", "principal"] {
            let csv = try CLI.run(["stats", "--db", s.db, "--as-of", "2027-01-01", "--by", by, "--lang", "en"]).stdout
            #expect(csv.range(of: "[0-9]{8}-?[0-9]{4}", options: .regularExpression) == nil)
            for person in Set(persons) { #expect(!csv.contains(person), "\(by)") }
        }
    }

    @Test func ratesArePerHundredPersonsOrDischarges() throws {
        var checked = (persons: 0, discharges: 0)
        for row in try rows(["--by", "principal", "--per", "quarter"]) {
            guard let rate = row["rate"] as? Double, let findings = row["findings"] as? Int else { continue }
            let base = row["rate_base"] as? String == "discharges" ? row["discharges"] as? Int : row["persons"] as? Int
            let expected = (Double(findings) * 1000 / Double(try #require(base))).rounded() / 10
            #expect(abs(rate - expected) < 0.001, "\(row)")
            if row["rate_base"] as? String == "discharges" { checked.discharges += 1 } else { checked.persons += 1 }
        }
        #expect(checked.persons > 10 && checked.discharges > 0)
    }

    @Test func quartersAndMonthsCoverThePeriodWithTheReadersConventions() throws {
        let s = try Self.population.get()
        let sv = try CLI.run(["stats", "--db", s.db, "--as-of", "2027-01-01", "--per", "quarter", "--by", "principal"]).stdout
        #expect(sv.hasPrefix("huvudman;period;regel;personer;"))
        #expect(["2026K1", "2026K2", "2026K3", "2026K4"].allSatisfy { sv.contains(";\($0);") })
        #expect(sv.range(of: ";[0-9]+,[0-9];", options: .regularExpression) != nil, "a decimal comma")
        let en = try CLI.run(["stats", "--db", s.db, "--as-of", "2027-01-01", "--per", "quarter", "--by", "principal", "--lang", "en"]).stdout
        #expect(en.hasPrefix("principal,period,rule,persons,"))
        #expect(en.contains(",2026Q4,") && !en.contains("2027"))
        let months = Set(try rows([]).compactMap { $0["period"] as? String })
        #expect(months == Set((1...12).map { String(format: "2026-%02d", $0) }))
    }

    @Test func aNameASpreadsheetWouldRunIsDefused() throws {
        let s = try Scratch()
        let lines = (0..<6).map { i in
            #"{"id":"e\#(i)","type":"contact","person":"p-\#(i)","actor":"x/unit","at":"2026-05-0\#(i + 1)T10:00:00Z","data":{}}"#
        } + [#"{"id":"r","type":"actor.registered","actor":"x/unit","at":"2026-01-01T00:00:00Z","data":{"name":"Unit","principal":"municipality","principal_name":"=HYPERLINK(\"http://x\")","kind":"home-care"}}"#]
        #expect(try CLI.run(["ingest", "--db", s.db, try s.write("e.jsonl", lines.joined(separator: "\n") + "\n")]).status == 0)
        let csv = try CLI.run(["stats", "--db", s.db, "--as-of", "2027-01-01", "--by", "principal", "--lang", "en"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.contains("\n\"'=HYPERLINK(\"\"http://x\"\")\",2026-05,*,6,"), "\(csv.stdout.prefix(400))")
    }

    @Test func aPeriodEndingAfterAsOfIsRefused() throws {
        let s = try Self.population.get()
        #expect(try CLI.run(["stats", "--db", s.db, "--as-of", "2026-06-01", "--to", "2026-07-01"]).status == 64)
        #expect(try CLI.run(["stats", "--db", s.db, "--as-of", "2026-06-01", "--from", "2026-06-01", "--to", "2026-05-01"]).status == 64)
    }
}
