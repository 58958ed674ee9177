import EventLog

/// Builds one person's care history: the pathways of the domain, each with a small chance of
/// going wrong in the way real hand-offs do.
struct PersonStory {
    let person: String
    let idPrefix: String
    let start: Instant
    let end: Instant
    private var events: [CareEvent] = []
    private var counter = 0

    private static let hour: Int64 = 3_600_000_000
    private static let day: Int64 = 24 * hour

    init(person: String, idPrefix: String, start: Instant, end: Instant) {
        self.person = person
        self.idPrefix = idPrefix
        self.start = start
        self.end = end
    }

    /// Records an event; returns its id.
    @discardableResult
    private mutating func add(_ type: String, _ at: Instant, _ actor: String, _ data: [String: JSONValue] = [:]) -> String {
        counter += 1
        let id = "\(idPrefix)-\(counter)"
        events.append(CareEvent(id: id, type: type, person: person, at: at, actor: actor, data: data))
        return id
    }

    /// Length of the period in whole days.
    private var periodDays: Int { max(60, Int((end.microseconds - start.microseconds) / Self.day)) }

    private func hours(_ n: Int) -> Int64 { Int64(n) * Self.hour }
    private func days(_ n: Int) -> Int64 { Int64(n) * Self.day }

    /// A daytime instant `dayOffset` days after `from`.
    private func daytime(_ from: Instant, plusDays dayOffset: Int, rng: inout SplitMix64) -> Instant {
        let midnight = from.microseconds - from.microseconds % Self.day
        return Instant(microseconds: midnight + days(dayOffset) + hours(rng.int(7...16)) + Int64(rng.int(0...59)) * 60_000_000)
    }

    mutating func tell(rng: inout SplitMix64) {
        let primary = rng.pick(SyntheticActors.primaryCare).id
        let t0 = daytime(start, plusDays: rng.int(0...20), rng: &rng)
        add(EventType.responsibilityAssumed, t0, primary, ["scope": "medical", "role": "fast-vardkontakt"])
        add(EventType.needIdentified, t0, primary, ["scope": "medical"])

        let profile = rng.int(1...100)
        if profile <= 55 {
            frailElder(primary: primary, start: t0, rng: &rng)
        } else if profile <= 70 {
            dementiaPathway(primary: primary, start: t0, rng: &rng)
            if rng.chance(0.5) {
                let team = startHomeCare(after: t0, from: primary, rng: &rng)
                visits(by: team, from: t0, until: end, rng: &rng)
            }
        } else if profile <= 80 {
            psychiatryAndAddiction(start: t0, rng: &rng)
        }
        if rng.chance(profile <= 80 ? 0.35 : 0.05) { coordinator(start: t0, rng: &rng) }
        if profile <= 80, rng.chance(0.9) { jointPlan(primary: primary, rng: &rng) }
        if rng.chance(0.03) { report(rng: &rng) }
        if rng.chance(0.01) { correctedRecord(rng: &rng) }
        if rng.chance(0.04) {
            add(EventType.personDeceased, daytime(start, plusDays: rng.int(30...periodDays), rng: &rng), primary)
        }
    }

    /// An older person with home care or hospital stays (or both), in time order: stays at
    /// least two weeks apart, and perhaps a move to a residential home, after which the home
    /// takes over the visits and the follow-ups.
    private mutating func frailElder(primary: String, start t0: Instant, rng: inout SplitMix64) {
        var carer: String? = rng.chance(0.5) ? startHomeCare(after: t0, from: primary, rng: &rng) : nil
        var moveAt: Instant?
        if carer != nil, rng.chance(0.15) { moveAt = daytime(start, plusDays: rng.int((periodDays / 2)...(periodDays - 10)), rng: &rng) }
        let stayDays = (0..<rng.int(0...(3 * periodDays / 365 + 1))).map { _ in rng.int(20...(periodDays - 20)) }.sorted()
        var lastDay = -100
        var visitsFrom = t0
        for day in stayDays where day - lastDay >= 14 {
            lastDay = day
            let admitted = daytime(start, plusDays: day, rng: &rng)
            if let moving = moveAt, let team = carer, admitted > moving {
                visits(by: team, from: visitsFrom, until: moving, rng: &rng)
                moveToResidential(from: team, at: moving, rng: &rng)
                carer = SyntheticActors.residential.id
                visitsFrom = moving
                moveAt = nil
            }
            let before = carer
            carer = hospitalStay(admitted: admitted, carer: carer, rng: &rng)
            if before == nil, carer != nil { visitsFrom = admitted }
        }
        if let moving = moveAt, let team = carer {
            visits(by: team, from: visitsFrom, until: moving, rng: &rng)
            moveToResidential(from: team, at: moving, rng: &rng)
            carer = SyntheticActors.residential.id
            visitsFrom = moving
        }
        if let carer { visits(by: carer, from: visitsFrom, until: end, rng: &rng) }
    }

    /// Need for home care, taken by a team, usually within hours, sometimes days later.
    private mutating func startHomeCare(after t: Instant, from primary: String, rng: inout SplitMix64) -> String {
        let team = rng.pick(SyntheticActors.homeCare).id
        let needAt = daytime(t, plusDays: rng.int(1...30), rng: &rng)
        add(EventType.needIdentified, needAt, primary, ["scope": "home-care"])
        let delay = rng.chance(0.9) ? Int64(rng.int(0...180)) * 60_000_000 : hours(rng.int(5...72))
        add(EventType.responsibilityAssumed, needAt.adding(microseconds: delay), team, ["scope": "home-care"])
        return team
    }

    /// Admission, notice, ready for discharge, discharge, and the hand-off to home care.
    /// Returns who cares for the person at home afterwards.
    private mutating func hospitalStay(admitted: Instant, carer homeCare: String?, rng: inout SplitMix64) -> String? {
        let ward = rng.pick(SyntheticActors.wards).id
        add(EventType.admission, admitted, ward, ["ward": .string(ward.split(separator: "/").last.map(String.init) ?? ward)])
        let notice = rng.int(1...100)
        if notice <= 97 {
            let delay = notice <= 92 ? hours(rng.int(1...20)) : hours(rng.int(25...60))
            var data: [String: JSONValue] = ["kind": "inskrivningsmeddelande"]
            if let homeCare { data["to"] = .string(homeCare) }
            add(EventType.notificationSent, admitted.adding(microseconds: delay), ward, data)
        }
        let ready = admitted.adding(microseconds: days(rng.int(2...10)))
        add(EventType.dischargeReady, ready, ward)
        let discharged = ready.adding(microseconds: rng.chance(0.92) ? hours(rng.int(2...40)) : days(rng.int(3...7)))

        var team = homeCare
        var takenOver = discharged
        if homeCare == nil, rng.chance(0.6) {
            let newTeam = rng.pick(SyntheticActors.homeCare).id
            let handover = add(EventType.handoverInitiated, ready.adding(microseconds: hours(1)), ward, ["scope": "home-care", "to": .string(newTeam)])
            add(EventType.needIdentified, discharged, ward, ["scope": "home-care"])
            let answer = rng.int(1...100)
            if answer <= 95 {
                let delay = answer <= 85 ? hours(rng.int(2...40)) : hours(rng.int(49...120))
                let accepted = ready.adding(microseconds: hours(1) + delay)
                add(EventType.handoverAccepted, accepted, newTeam, ["handover": .string(handover)])
                team = newTeam
                takenOver = max(discharged, accepted)
            } else if answer <= 97 {
                add(EventType.handoverRejected, ready.adding(microseconds: hours(30)), newTeam, ["handover": .string(handover)])
            }
        }
        add(EventType.discharge, discharged, ward)
        if let team {
            let delay = rng.chance(0.92) ? hours(rng.int(3...30)) : hours(rng.int(73...200))
            add(EventType.contact, takenOver.adding(microseconds: delay), team, ["mode": "home-visit"])
        }
        return team
    }

    /// Home care gives way to a residential home, sometimes with hours or days in between.
    private mutating func moveToResidential(from team: String, at moved: Instant, rng: inout SplitMix64) {
        add(EventType.responsibilityReleased, moved, team, ["scope": "home-care", "reason": "moved to residential care"])
        add(EventType.needResolved, moved, team, ["scope": "home-care"])
        add(EventType.needIdentified, moved, SyntheticActors.socialServices.id, ["scope": "residential"])
        let delay = rng.chance(0.85) ? 0 : hours(rng.int(5...60))
        add(EventType.responsibilityAssumed, moved.adding(microseconds: delay), SyntheticActors.residential.id, ["scope": "residential"])
    }

    /// Diagnosis, dementia care by primary care, follow-ups (yearly, sometimes late).
    private mutating func dementiaPathway(primary: String, start t: Instant, rng: inout SplitMix64) {
        var at = daytime(t, plusDays: rng.int(1...40), rng: &rng)
        add(EventType.assessment, at, primary, [
            "kind": "dementia-followup", "needs": ["dementia"],
            "next_due": .string(RFC3339.format(at.adding(microseconds: days(180)), fraction: false)),
        ])
        add(EventType.responsibilityAssumed, at.adding(microseconds: rng.chance(0.9) ? 0 : days(rng.int(1...9))), primary, ["scope": "dementia"])
        while true {
            let gap = rng.int(1...100)
            at = at.adding(microseconds: days(gap <= 80 ? rng.int(150...178) : gap <= 94 ? rng.int(181...260) : rng.int(370...450)))
            guard at < end else { break }
            add(EventType.assessment, at, primary, [
                "kind": "dementia-followup",
                "next_due": .string(RFC3339.format(at.adding(microseconds: days(180)), fraction: false)),
            ])
        }
    }

    /// Psychiatric care, a referral to the addiction team, usually answered in time.
    private mutating func psychiatryAndAddiction(start t: Instant, rng: inout SplitMix64) {
        let psychiatry = SyntheticActors.psychiatry.id, addiction = SyntheticActors.addiction.id
        let at = daytime(t, plusDays: rng.int(1...60), rng: &rng)
        add(EventType.needIdentified, at, psychiatry, ["scope": "psychiatric"])
        add(EventType.responsibilityAssumed, at, psychiatry, ["scope": "psychiatric"])
        let sent = at.adding(microseconds: days(rng.int(1...20)))
        let referral = add(EventType.referralSent, sent, psychiatry, ["to": .string(addiction), "scope": "addiction"])
        add(EventType.needIdentified, sent, psychiatry, ["scope": "addiction"])
        guard rng.chance(0.93) else { return }
        let answered = sent.adding(microseconds: rng.chance(0.85) ? days(rng.int(1...13)) : days(rng.int(15...40)))
        add(EventType.referralAnswered, answered, addiction, ["referral": .string(referral), "outcome": "accepted"])
        add(EventType.responsibilityAssumed, answered, addiction, ["scope": "addiction"])
    }

    /// A care coordinator who follows the person, in touch every week or so — mostly.
    private mutating func coordinator(start t: Instant, rng: inout SplitMix64) {
        let coordinator = rng.chance(0.6) ? SyntheticActors.coordinator.id : SyntheticActors.socialServices.id
        var at = daytime(t, plusDays: rng.int(5...60), rng: &rng)
        add(EventType.needIdentified, at, SyntheticActors.socialServices.id, ["scope": "coordination"])
        add(EventType.responsibilityAssumed, at, coordinator, ["scope": "coordination", "role": "vardkoordinator"])
        while true {
            at = at.adding(microseconds: days(rng.chance(0.99) ? rng.int(4...12) : rng.int(15...40)))
            guard at < end else { break }
            add(EventType.contact, at, coordinator, ["mode": .string(rng.pick(["home-visit", "phone", "meeting"]))])
        }
    }

    /// Regular visits (weekly summaries of the daily work) from `from` until `until`.
    private mutating func visits(by team: String, from: Instant, until: Instant, rng: inout SplitMix64) {
        var at = daytime(from, plusDays: rng.int(5...9), rng: &rng)
        while at < until {
            add(EventType.contact, at, team, ["mode": "home-visit"])
            at = at.adding(microseconds: days(rng.int(5...9)))
        }
    }

    /// A SIP, usually within three weeks of the region and municipality both being involved.
    private mutating func jointPlan(primary: String, rng: inout SplitMix64) {
        guard let firstMunicipal = events.first(where: {
            ($0.type == EventType.responsibilityAssumed || $0.type == EventType.handoverAccepted) && !$0.actor.hasPrefix("region-")
        }) else { return }
        let delay = rng.chance(0.85) ? days(rng.int(3...20)) : days(rng.int(22...70))
        let established = firstMunicipal.at.adding(microseconds: delay)
        let plan = add(EventType.planEstablished, established, primary, [
            "kind": "sip", "lead": .string(primary), "participants": .array([.string(primary), .string(firstMunicipal.actor)]),
            "review_by": .string(RFC3339.format(established.adding(microseconds: days(180)), fraction: false)),
        ])
        let review = established.adding(microseconds: rng.chance(0.8) ? days(rng.int(150...179)) : days(rng.int(185...240)))
        add(EventType.planReviewed, review, primary, ["plan": .string(plan)])
    }

    /// A relative tells that no one has been in touch.
    private mutating func report(rng: inout SplitMix64) {
        let at = daytime(start, plusDays: rng.int(30...(periodDays - 30)), rng: &rng)
        add(EventType.experienceReported, at, "relative", [
            "category": "no-one-responsible", "reporter": "relative",
            "text": .string(rng.pick(["Ingen har hört av sig.", "Vi vet inte vem som ansvarar.", "Hemtjänsten kom inte efter utskrivningen."])),
        ])
    }

    /// A contact recorded for the wrong person, retracted a day or two later.
    private mutating func correctedRecord(rng: inout SplitMix64) {
        let team = rng.pick(SyntheticActors.homeCare).id
        let at = daytime(start, plusDays: rng.int(10...(periodDays - 10)), rng: &rng)
        let wrong = add(EventType.contact, at, team, ["mode": "phone"])
        add(EventType.eventRetracted, at.adding(microseconds: days(rng.int(1...3))), team, [
            "target": .string(wrong), "reason": "recorded for the wrong person",
        ])
    }

    /// The story in time order, cut at the end of the period and at death.
    func finished() -> [CareEvent] {
        var sorted = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        let death = sorted.first { $0.type == EventType.personDeceased }?.at
        let cutoff = min(end, death ?? end)
        sorted.removeAll { $0.at > cutoff }
        return sorted
    }
}
