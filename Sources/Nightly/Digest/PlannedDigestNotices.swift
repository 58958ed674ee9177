import EventLog

extension PlannedDigest {
    /// What delivering this digest tells each recipient, for the notification log. A finding
    /// announced as new when it had already closed counts as told closed too, so that it is
    /// not announced again as closed.
    package var notices: [(finding: String, kind: SentNotice.Kind)] {
        lines.flatMap { line -> [(finding: String, kind: SentNotice.Kind)] in
            if line.section == .new, line.entry.finding.end != nil {
                return [(line.entry.finding.id, .new), (line.entry.finding.id, .closed)]
            }
            return [(line.entry.finding.id, line.section.notice)]
        }
    }
}
