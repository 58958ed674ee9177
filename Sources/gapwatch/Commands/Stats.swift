import ArgumentParser
import EventLog
import Foundation
import GapEngine
import Reports

extension Gapwatch {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow-up statistics per unit or principal and month or quarter, as CSV or JSON.",
            discussion: """
                For each unit (--by unit) or principal (--by principal) and each month or quarter of the \
                period: the persons it served (held a scope for, or was the actor of an event about), its \
                discharges, and per rule and in all: findings (by the month they became due), findings \
                still open at the end of the period, median and 90th-percentile durations in hours, and \
                the rate per 100 persons served (per 100 discharges for the rules a discharge sets off).

                With export files (gapwatch stats FILE…), the files are evaluated without a store, as \
                gapwatch gaps FILE… does.

                No person appears. A figure that rests on 1 to 4 persons is held back and written .. \
                (as official statistics do); standard error says how many rows hold one. CSV in Swedish \
                has ; between fields and a decimal comma, as a Swedish spreadsheet opens it; in English , \
                and a decimal point. The period is whole months: by default the 12 months up to --to.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var evaluation: EvaluationOptions
        @OptionGroup var lang: LanguageOption

        @Option(help: "Figures per unit or per principal.")
        var by: FollowUpStatistics.Grouping = .unit

        @Option(help: "One row per month or per quarter.")
        var per: Length = .month

        @OptionGroup var period: PeriodOptions

        @Option(help: "Output format: csv or json.")
        var format: StatisticsFormat = .csv

        @OptionGroup var output: ReportFileOptions

        @Argument(help: ArgumentHelp("Export files (JSON Lines) to count without a store, instead of --db.", valueName: "file"))
        var files: [String] = []

        enum Length: String, ExpressibleByArgument, CaseIterable {
            case month, quarter
        }

        func run() throws {
            try reportingErrors {
                let outFile = try output.open()
                let rulebook = try evaluation.loadRulebook()
                let (asOf, asKnownAt) = try evaluation.times(in: rulebook, now: currentInstant())
                let given = try period.resolve(in: rulebook)
                let end = given.to ?? asOf
                let start = given.from ?? yearBefore(end, in: rulebook)
                if start >= end { throw CLIError(Exit.usage, "--from must be earlier than --to") }
                if end > asOf { throw CLIError(Exit.usage, "--to must not be later than --as-of (what has not happened cannot be counted)") }
                let buckets = PeriodBuckets(per == .month ? .month : .quarter, from: start, to: end, rulebook: rulebook, language: lang.language)
                var builder = FollowUpStatisticsBuilder(grouping: by, buckets: buckets, rulebook: rulebook)
                let grouping = by
                if !files.isEmpty {
                    let (log, evaluation) = try ExportFiles.read(files, rulebook: rulebook, asOf: asOf, asKnownAt: asKnownAt, jobs: self.evaluation.jobs)
                    let actors = evaluation.actors
                    try ExportFiles.forEachPerson(log.persons, evaluation: evaluation, jobs: self.evaluation.jobs, prepare: { events, findings in
                        PersonContribution(events: events, findings: findings, grouping: grouping, buckets: buckets, actors: actors, asOf: asOf, asKnownAt: asKnownAt)
                    }, consume: { builder.add($0) })
                    try write(builder.build(), to: outFile)
                    return
                }
                let eventStore = try store.open(create: false)
                let actors = ActorDirectory(registrations: try eventStore.actorRegistrations(knownAt: asKnownAt), asOf: asOf, asKnownAt: asKnownAt)
                let evaluation = Evaluation(rulebook: rulebook, asOf: asOf, asKnownAt: asKnownAt, actors: actors)
                try evaluation.evaluate(
                    workers: self.evaluation.jobs, batches: { emit in try eventStore.forEachBatch(knownAt: asKnownAt, emit) },
                    prepare: { stored, result in
                        // A person whose rows do not decode is refused by the consumer, as every command does.
                        (try? stored.decode()).map {
                            PersonContribution(events: $0, findings: result.findings, grouping: grouping, buckets: buckets, actors: actors,
                                               asOf: asOf, asKnownAt: asKnownAt)
                        }
                    },
                    consume: { _, contribution in
                        guard let contribution else { throw CLIError(Exit.software, "a person's stored events could not be read; run gapwatch verify") }
                        builder.add(contribution)
                    })
                try write(builder.build(), to: outFile)
            }
        }

        private func write(_ statistics: FollowUpStatistics, to outFile: PrivateFile?) throws {
            if let note = StatisticsFormat.note(statistics, language: lang.language) { Console.note(note) }
            try output.write(format.render(statistics, language: lang.language), to: outFile)
        }

        /// The start of the month eleven months before the one `end` falls in: twelve whole months.
        private func yearBefore(_ end: Instant, in rulebook: Rulebook) -> Instant {
            let last = TimeText(timeZone: rulebook.timeZone).local(end.adding(microseconds: -1))
            var year = Int(last.prefix(4))!, month = Int(last.dropFirst(5).prefix(2))! - 11
            if month < 1 { (year, month) = (year - 1, month + 12) }
            return rulebook.instant(parsing: String(format: "%04d-%02d-01", year, month))!
        }
    }
}

extension FollowUpStatistics.Grouping: ExpressibleByArgument {}
extension StatisticsFormat: ExpressibleByArgument {}
