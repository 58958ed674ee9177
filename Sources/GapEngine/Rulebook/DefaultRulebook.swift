/// The default rulebook, as the YAML that `gapwatch rules show` prints.
///
/// Every rule cites what it enforces in `source`; its numbers are the defaults of the rule
/// table in the rules contract. Copy it, change it, and pass it with `--rules`.
package enum DefaultRulebook {
    package static let yaml = """
        # gapwatch default rulebook (rules contract v1).
        # Copy this file, change what your agreements say, and pass it with --rules FILE.
        # title_sv and source_sv are what the Swedish reports show; title is the one findings carry.
        name: gapwatch-default-v1
        timezone: Europe/Stockholm
        rules:
          - id: need-uncovered
            kind: coverage
            severity: critical
            title: Need without a responsible actor
            title_sv: Behov som ingen aktör ansvarar för
            source: "SoL 2 kap. 7 § / HSL 16 kap. 4 §: the person's needs are met in coordination; local practice: a need is uncovered after 4 hours"
            source_sv: "SoL 2 kap. 7 § / HSL 16 kap. 4 §: den enskildes behov tillgodoses i samverkan; lokal praxis: ett behov är utan ansvarig efter 4 timmar"
            scopes: ["*"]
            grace: 4h

          - id: handover-unanswered
            kind: deadline
            severity: high
            title: Handover neither accepted nor rejected
            title_sv: Överlämning av ansvar varken mottagen eller avböjd
            source: "Local practice: a handover of responsibility is answered within 48 hours"
            source_sv: "Lokal praxis: en överlämning av ansvar besvaras inom 48 timmar"
            after: {type: handover.initiated}
            expect: {type: [handover.accepted, handover.rejected], correlate: handover}
            within: 48h

          - id: referral-unanswered
            kind: deadline
            severity: medium
            title: Referral not answered
            title_sv: Remiss obesvarad
            source: "Local practice: a referral is answered within 14 days"
            source_sv: "Lokal praxis: en remiss besvaras inom 14 dagar"
            after: {type: referral.sent}
            expect: {type: referral.answered, correlate: referral}
            within: 14d

          - id: admission-notice
            kind: deadline
            severity: medium
            title: No inskrivningsmeddelande after admission
            title_sv: Inget inskrivningsmeddelande efter inskrivning
            source: "Lag (2017:612) om samverkan vid utskrivning från sluten hälso- och sjukvård: inskrivningsmeddelande within 24 hours of admission"
            source_sv: "Lag (2017:612) om samverkan vid utskrivning från sluten hälso- och sjukvård: inskrivningsmeddelande inom 24 timmar från inskrivningen"
            after: {type: admission}
            expect: {type: notification.sent, data: {kind: inskrivningsmeddelande}, by: same}
            within: 24h

          - id: discharge-delayed
            kind: deadline
            severity: high
            title: Ready for discharge but not discharged
            title_sv: Utskrivningsklar men inte utskriven
            source: "Lag (2017:612): the municipality's payment liability starts 3 calendar days after the utskrivningsklar notice, where nothing else is agreed"
            source_sv: "Lag (2017:612): kommunens betalningsansvar inträder 3 kalenderdagar efter meddelandet om utskrivningsklar, om inget annat har avtalats"
            after: {type: discharge.ready}
            expect: {type: discharge, by: same}
            within: 3cd

          - id: discharge-followup
            kind: deadline
            severity: high
            title: No contact from a responsible actor after discharge
            title_sv: Ingen kontakt från ansvarig aktör efter utskrivning
            source: "Lag (2017:612): continued efforts after discharge; local practice: contact within 72 hours"
            source_sv: "Lag (2017:612): fortsatta insatser efter utskrivningen; lokal praxis: kontakt inom 72 timmar"
            after: {type: discharge}
            expect: {type: contact, by: holder}
            unless: {type: admission}
            within: 72h

          - id: assessment-overdue
            kind: deadline
            severity: medium
            title: Follow-up assessment overdue
            title_sv: Uppföljande bedömning försenad
            source: "The assessment's own next_due date"
            source_sv: "Bedömningens eget datum för nästa uppföljning (next_due)"
            after: {type: assessment}
            expect: {type: assessment, match: [kind]}
            due: data.next_due

          - id: plan-review-overdue
            kind: deadline
            severity: medium
            title: Plan not reviewed by its review date
            title_sv: Planen inte följd upp till sitt uppföljningsdatum
            source: "The plan's own review_by date (SIP: SoL 2 kap. 7 § / HSL 16 kap. 4 §)"
            source_sv: "Planens eget uppföljningsdatum (review_by); SIP: SoL 2 kap. 7 § / HSL 16 kap. 4 §"
            after: {type: [plan.established, plan.reviewed]}
            expect: {type: [plan.reviewed, plan.closed], correlate: plan}
            due: data.review_by

          - id: coordinator-silent
            kind: silence
            severity: medium
            title: Coordinator without contact with the person
            title_sv: Samordnare utan kontakt med personen
            source: "Local practice (care coordinator models, e.g. Alingsås): contact at least every 14 days"
            source_sv: "Lokal praxis (vårdkoordinatormodeller, t.ex. Alingsås): kontakt minst var 14:e dag"
            scopes: [coordination]
            max_silence: 14d

          - id: sip-missing
            kind: joint-plan
            severity: high
            title: Several principals involved but no SIP
            title_sv: Flera huvudmän involverade men ingen SIP
            source: "SoL 2 kap. 7 § / HSL 16 kap. 4 §: SIP without delay; 3 weeks is regional practice (e.g. Region Blekinge)"
            source_sv: "SoL 2 kap. 7 § / HSL 16 kap. 4 §: SIP utan dröjsmål; 3 veckor är regional praxis (t.ex. Region Blekinge)"
            principals: 2
            plan: sip
            within: 21d
            exclude_scopes: [inpatient]

          - id: dementia-followup
            kind: deadline
            severity: medium
            title: Dementia follow-up overdue
            title_sv: Uppföljning vid demenssjukdom försenad
            source: "Socialstyrelsen, nationella riktlinjer för vård och omsorg vid demenssjukdom: regular follow-up, at least yearly in regional practice"
            source_sv: "Socialstyrelsen, nationella riktlinjer för vård och omsorg vid demenssjukdom: regelbunden uppföljning, minst årligen i regional praxis"
            after: {type: assessment, data: {kind: dementia-followup}}
            expect: {type: assessment, match: [kind]}
            within: 365d

          - id: reported-gap
            kind: report
            severity: high
            title: The person or a relative reports a gap
            title_sv: Personen eller en närstående påtalar en brist
            source: "IVO: the individual is the one who best sees the gaps"
            source_sv: "IVO: den enskilde är den som bäst ser glappen"
            after: {type: experience.reported}

        """
}
