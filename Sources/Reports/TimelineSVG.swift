import EventLog
import GapEngine
import Foundation

/// The responsibility timeline as inline SVG: one lane per actor with bars for the scopes it
/// held, a lane for the person's needs, every gap in a warning colour across the lanes,
/// deadlines and events as marks, admissions and discharges and a death easy to see.
struct TimelineSVG {
    let timeline: PersonAudit.Timeline
    let text: AuditText
    private var words: AuditWording { text.words }
    private var timeZone: TimeZone { text.time.timeZone }

    static let width = 1100.0
    static let labelWidth = 250.0
    static let laneHeight = 30.0
    static let top = 34.0
    static let gapColour = "#d7301f"

    private var chartWidth: Double { Self.width - Self.labelWidth - 16 }
    private var start: Instant { (try? RFC3339.parse(timeline.start)) ?? Instant(microseconds: 0) }
    private var end: Instant { (try? RFC3339.parse(timeline.end)) ?? Instant(microseconds: 1) }

    func x(_ text: String?) -> Double {
        let t = text.flatMap { try? RFC3339.parse($0) } ?? end
        let span = max(1, end.microseconds - start.microseconds)
        let fraction = Double(t.microseconds - start.microseconds) / Double(span)
        return Self.labelWidth + max(0, min(1, fraction)) * chartWidth
    }

    func y(_ lane: String) -> Double {
        Self.top + Double(timeline.lanes.firstIndex(of: lane) ?? 0) * Self.laneHeight
    }

    var height: Double { Self.top + Double(timeline.lanes.count) * Self.laneHeight + 56 }

    func render() -> String {
        var svg = """
            <svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="\(n(Self.width))" height="\(n(height))" \
            viewBox="0 0 \(n(Self.width)) \(n(height))" font-family="sans-serif" font-size="11" role="img" \
            aria-labelledby="timeline-title"><title id="timeline-title">\(escape(words.timeline))</title>
            """
        svg += axis()
        for (index, lane) in timeline.lanes.enumerated() {
            let y0 = y(lane)
            if index % 2 == 0 {
                svg += rect(0, y0, Self.width, Self.laneHeight, fill: "#f6f6f6")
            }
            let label = lane == PersonAudit.needsLane ? words.needsLane : lane
            svg += "<text x=\"6\" y=\"\(n(y0 + 19))\"\(lane == PersonAudit.needsLane ? " font-style=\"italic\"" : "")>\(escape(shorten(label)))<title>\(escape(label))</title></text>"
        }
        for gap in timeline.gaps {
            let x0 = x(gap.start), x1 = max(x(gap.end) , x(gap.start) + 2)
            svg += rect(x0, Self.top, x1 - x0, Double(timeline.lanes.count) * Self.laneHeight, fill: Self.gapColour, opacity: 0.12)
        }
        for bar in timeline.needs { svg += self.bar(bar, fill: "#9ecae1", stroke: "#3182bd") }
        for bar in timeline.holdings { svg += self.bar(bar, fill: colour(bar.label), stroke: "#444") }
        for gap in timeline.gaps {
            let x0 = x(gap.start), x1 = max(x(gap.end), x0 + 2), y0 = y(gap.lane) + Self.laneHeight - 7
            svg += "<rect x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(x1 - x0))\" height=\"5\" fill=\"\(Self.gapColour)\"><title>\(escape(words.gap)): \(escape(gap.label)), \(escape(text.local(gap.start))) \(escape(words.to)) \(escape(gap.end.map { text.local($0) } ?? words.nowOpen))</title></rect>"
        }
        for mark in timeline.events { svg += event(mark) }
        for mark in timeline.deadlines {
            let cx = x(mark.at), cy = y(mark.lane) + 4
            svg += "<path d=\"M\(n(cx - 5)) \(n(cy)) L\(n(cx + 5)) \(n(cy)) L\(n(cx)) \(n(cy + 8)) Z\" fill=\"\(Self.gapColour)\"><title>\(escape(words.deadlineOf)) \(escape(mark.type)): \(escape(text.local(mark.at)))</title></path>"
        }
        if let death = timeline.death {
            let dx = x(death)
            svg += "<line x1=\"\(n(dx))\" y1=\"\(n(Self.top - 6))\" x2=\"\(n(dx))\" y2=\"\(n(Self.top + Double(timeline.lanes.count) * Self.laneHeight))\" stroke=\"#000\" stroke-width=\"2\"/>"
            svg += "<text x=\"\(n(dx + 3))\" y=\"\(n(Self.top - 8))\">\(escape(words.death))</text>"
        }
        svg += legend()
        return svg + "</svg>"
    }

    private func axis() -> String {
        var out = "<line x1=\"\(n(Self.labelWidth))\" y1=\"\(n(Self.top))\" x2=\"\(n(Self.width - 16))\" y2=\"\(n(Self.top))\" stroke=\"#888\"/>"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let startDate = Date(timeIntervalSince1970: TimeInterval(start.microseconds) / 1e6)
        let endDate = Date(timeIntervalSince1970: TimeInterval(end.microseconds) / 1e6)
        let days = max(1, calendar.dateComponents([.day], from: startDate, to: endDate).day ?? 1)
        // Ticks: days for a fortnight, weeks for two months, then months, quarters or years.
        let (unit, step, format): (Calendar.Component, Int, String) =
            days <= 14 ? (.day, 1, "MM-dd") : days <= 62 ? (.day, 7, "yyyy-MM-dd")
            : days <= 430 ? (.month, 1, "yyyy-MM") : days <= 1200 ? (.month, 3, "yyyy-MM") : (.year, 1, "yyyy")
        var tick = unit == .day ? calendar.startOfDay(for: startDate)
            : calendar.date(from: calendar.dateComponents(unit == .year ? [.year] : [.year, .month], from: startDate))!
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        var ticks = 0
        while tick <= endDate, ticks < 200 {
            if tick >= startDate {
                let tx = x(RFC3339.format(Instant(secondsSinceEpoch: Int64(tick.timeIntervalSince1970)), fraction: false))
                out += "<line x1=\"\(n(tx))\" y1=\"\(n(Self.top - 4))\" x2=\"\(n(tx))\" y2=\"\(n(Self.top + Double(timeline.lanes.count) * Self.laneHeight))\" stroke=\"#ddd\"/>"
                out += "<text x=\"\(n(tx + 2))\" y=\"\(n(Self.top - 8))\" fill=\"#555\">\(formatter.string(from: tick))</text>"
            }
            tick = calendar.date(byAdding: unit, value: step, to: tick)!
            ticks += 1
        }
        return out
    }

    private func bar(_ bar: PersonAudit.Timeline.Bar, fill: String, stroke: String) -> String {
        let x0 = x(bar.start), x1 = max(x(bar.end), x0 + 2), y0 = y(bar.lane) + 5
        var out = "<rect x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(x1 - x0))\" height=\"14\" rx=\"2\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"0.5\">"
        out += "<title>\(escape(bar.label)): \(escape(text.local(bar.start))) \(escape(words.to)) \(escape(bar.end.map { text.local($0) } ?? words.now))</title></rect>"
        if x1 - x0 > Double(bar.label.count) * 6 + 6 {
            out += "<text x=\"\(n(x0 + 3))\" y=\"\(n(y0 + 11))\" font-size=\"10\">\(escape(bar.label))</text>"
        }
        return out
    }

    private func event(_ mark: PersonAudit.Timeline.Mark) -> String {
        let cx = x(mark.at), cy = y(mark.lane) + 24
        let title = "<title>\(escape(mark.type)) \(escape(mark.id)), \(escape(text.local(mark.at)))</title>"
        switch mark.type {
        case EventType.admission:
            return "<path d=\"M\(n(cx)) \(n(cy - 6)) L\(n(cx + 5)) \(n(cy + 3)) L\(n(cx - 5)) \(n(cy + 3)) Z\" fill=\"#238b45\">\(title)</path>"
        case EventType.discharge:
            return "<path d=\"M\(n(cx - 5)) \(n(cy - 4)) L\(n(cx + 5)) \(n(cy - 4)) L\(n(cx)) \(n(cy + 5)) Z\" fill=\"#2171b5\">\(title)</path>"
        default:
            return "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"2.2\" fill=\"#333\">\(title)</circle>"
        }
    }

    private func legend() -> String {
        let y0 = Self.top + Double(timeline.lanes.count) * Self.laneHeight + 22
        var out = ""
        var x0 = Self.labelWidth
        let items: [(String, String)] = [
            ("<rect width=\"14\" height=\"10\" fill=\"#9ecae1\" stroke=\"#3182bd\"/>", words.legend[0]),
            ("<rect width=\"14\" height=\"10\" fill=\"\(colour("home-care"))\" stroke=\"#444\"/>", words.legend[1]),
            ("<rect width=\"14\" height=\"10\" fill=\"\(Self.gapColour)\"/>", words.legend[2]),
            ("<path d=\"M0 0 L10 0 L5 8 Z\" fill=\"\(Self.gapColour)\"/>", words.legend[3]),
            ("<path d=\"M5 0 L10 9 L0 9 Z\" fill=\"#238b45\"/>", words.legend[4]),
            ("<path d=\"M0 0 L10 0 L5 9 Z\" fill=\"#2171b5\"/>", words.legend[5]),
            ("<circle cx=\"5\" cy=\"5\" r=\"2.5\" fill=\"#333\"/>", words.legend[6]),
        ]
        for (shape, label) in items {
            out += "<g transform=\"translate(\(n(x0)) \(n(y0)))\">\(shape)<text x=\"18\" y=\"9\">\(escape(label))</text></g>"
            x0 += 30 + Double(label.count) * 6
        }
        return out
    }

    /// A stable colour per scope.
    func colour(_ scope: String) -> String {
        // Warm and green tones only: blue is for needs, red for gaps.
        let palette = ["#fdd49e", "#c7e9c0", "#fcc5c0", "#fee391", "#d9d9d9", "#decbe4", "#fed9a6", "#ccebc5", "#e5d8bd", "#f2f2b3"]
        let sum = scope.unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) & 0xFFFF }
        return palette[sum % palette.count]
    }

    private func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, opacity: Double = 1) -> String {
        "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"\(fill)\"\(opacity < 1 ? " fill-opacity=\"\(n(opacity))\"" : "")/>"
    }

    private func shorten(_ text: String) -> String { text.count <= 40 ? text : String(text.prefix(39)) + "…" }

    private func n(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// Escapes text for HTML and SVG.
func escape(_ text: String) -> String { HTMLText.escape(text) }
