import EventLog
import Yams

/// Codings to what gapwatch needs of them: scopes (EpisodeOfCare.type, CareTeam.category,
/// ServiceRequest.category), plan kinds (CarePlan.category), notices (Communication.category)
/// and task kinds (Task.code). `--fhir-map FILE` replaces the default, which
/// `gapwatch fhir map show` prints.
package struct FHIRMap: Sendable {
    /// What a coding can be mapped to, and the key its entries name it by.
    enum Target: String, CaseIterable {
        case scopes = "scope", plans = "kind", notices = "notice", tasks = "task"

        var section: String {
            switch self {
            case .scopes: "scopes"
            case .plans: "plans"
            case .notices: "notices"
            case .tasks: "tasks"
            }
        }
    }

    /// `system|code` to value, per target.
    private var entries: [Target: [String: String]] = [:]

    /// The first coding of a concept (or of several) that the map knows, mapped.
    func value(_ target: Target, for concepts: [JSONValue]) -> String? {
        for concept in concepts {
            for coding in concept.codings {
                if let value = entries[target]?["\(coding.system ?? "")|\(coding.code)"] { return value }
            }
        }
        return nil
    }

    /// The default map (``defaultText``).
    package static let standard: FHIRMap = {
        do { return try parse(defaultText) } catch { preconditionFailure("the built-in FHIR map is invalid: \(error)") }
    }()

    /// Parses a map file; an unknown key, a missing field or an unknown notice or task is an
    /// error at its line.
    package static func parse(_ text: String) throws(ConfigurationErrors) -> FHIRMap {
        var map = FHIRMap()
        var problems: [ConfigurationProblem] = []
        func fail(_ node: Node?, _ message: String) { problems.append(ConfigurationProblem(line: node?.mark?.line, message: message)) }
        guard let root = try ConfigurationYAML.root(text) else { return map }
        guard case .mapping(let top) = root else { throw ConfigurationErrors(problems: [ConfigurationProblem(line: 1, message: "a map file is a mapping")]) }
        let allowed: [Target: Set<String>] = [.notices: ["inskrivningsmeddelande", "utskrivningsklar", "utskrivningsmeddelande", "other"], .tasks: ["handover", "referral"]]
        for (key, value) in top {
            guard let target = Target.allCases.first(where: { $0.section == key.string }) else {
                fail(key, "unknown key \"\(key.string ?? "")\" (expected scopes, plans, notices, tasks)")
                continue
            }
            guard case .sequence(let list) = value else { fail(value, "\(target.section): a list of {system, code, \(target.rawValue)}"); continue }
            for item in list {
                guard case .mapping(let fields) = item else { fail(item, "\(target.section): an entry is {system, code, \(target.rawValue)}"); continue }
                for (field, _) in fields where !["system", "code", target.rawValue, "source"].contains(field.string ?? "") {
                    fail(field, "unknown field \"\(field.string ?? "")\" of a \(target.section) entry (expected system, code, \(target.rawValue), source)")
                }
                guard let system = fields["system"]?.string, let code = fields["code"]?.string, let mapped = fields[target.rawValue]?.string, !mapped.isEmpty else {
                    fail(item, "\(target.section): an entry needs system, code and \(target.rawValue)")
                    continue
                }
                if let known = allowed[target], !known.contains(mapped) {
                    fail(fields[target.rawValue], "\(target.section): \"\(mapped)\" is not one of \(known.sorted().joined(separator: ", "))")
                    continue
                }
                map.entries[target, default: [:]]["\(system)|\(code)"] = mapped
            }
        }
        guard problems.isEmpty else { throw ConfigurationErrors(problems: problems) }
        return map
    }

    /// The code system of gapwatch's own codes, for exports that have no national code.
    static let ownSystem = "urn:gapwatch:codesystem"

    package static let defaultText = """
        # gapwatch FHIR map (import contract v1). Copy it, add your systems' codings, and pass
        # it with --fhir-map FILE. Each entry: system, code, what it maps to, and its source.
        #
        # Mapped by default: gapwatch's own code system, and the international codes of FHIR's
        # own value sets that say a scope or a plan kind. The national Swedish codings (e.g.
        # Socialstyrelsen's KVÅ, the NPÖ categories) differ between source systems and could not
        # be checked against their publishers here, so a region maps the ones its exports use.
        # A CarePlan with a category coding of code `sip` is a SIP without any map.
        scopes:   # EpisodeOfCare.type, CareTeam.category, ServiceRequest.category -> a scope of the events contract
          - {system: "urn:gapwatch:codesystem:scope", code: medical, scope: medical, source: "events contract, common scopes"}
          - {system: "urn:gapwatch:codesystem:scope", code: nursing, scope: nursing, source: "events contract, common scopes"}
          - {system: "urn:gapwatch:codesystem:scope", code: rehabilitation, scope: rehabilitation, source: "events contract, common scopes"}
          - {system: "urn:gapwatch:codesystem:scope", code: home-care, scope: home-care, source: "events contract, common scopes"}
          - {system: "urn:gapwatch:codesystem:scope", code: residential, scope: residential, source: "events contract, common scopes"}
          - {system: "urn:gapwatch:codesystem:scope", code: social, scope: social, source: "events contract, common scopes"}
          - {system: "urn:gapwatch:codesystem:scope", code: coordination, scope: coordination, source: "events contract, common scopes"}
          - {system: "urn:gapwatch:codesystem:scope", code: psychiatric, scope: psychiatric, source: "events contract, common scopes"}
          - {system: "urn:gapwatch:codesystem:scope", code: addiction, scope: addiction, source: "events contract, common scopes"}
          - {system: "urn:gapwatch:codesystem:scope", code: dementia, scope: dementia, source: "events contract, common scopes"}
          - {system: "http://loinc.org", code: LA28865-6, scope: coordination, source: "FHIR R4 care-team-category: Longitudinal care-coordination focused care team"}
          - {system: "http://loinc.org", code: LA28866-4, scope: home-care, source: "FHIR R4 care-team-category: Home & Community Based Services (HCBS)-focused care team"}
        plans:    # CarePlan.category -> the plan's kind
          - {system: "urn:gapwatch:codesystem:plan", code: sip, kind: sip, source: "SoL 2 kap. 7 § / HSL 16 kap. 4 §: samordnad individuell plan"}
          - {system: "urn:gapwatch:codesystem:plan", code: implementation-plan, kind: implementation-plan, source: "SOSFS 2014:5: genomförandeplan"}
          - {system: "urn:gapwatch:codesystem:plan", code: care-plan, kind: care-plan, source: "events contract, plan kinds"}
          - {system: "http://snomed.info/sct", code: "734163000", kind: care-plan, source: "SNOMED CT 734163000 Care plan (record artifact), as Synthea writes it"}
          - {system: "http://hl7.org/fhir/us/core/CodeSystem/careplan-category", code: assess-plan, kind: care-plan, source: "US Core CarePlan profile: assessment and plan of treatment"}
        notices:  # Communication.category -> a notice of Lag (2017:612)
          - {system: "urn:gapwatch:codesystem:notice", code: inskrivningsmeddelande, notice: inskrivningsmeddelande, source: "Lag (2017:612) 4 kap. 1 §"}
          - {system: "urn:gapwatch:codesystem:notice", code: utskrivningsklar, notice: utskrivningsklar, source: "Lag (2017:612) 5 kap.: meddelande om utskrivningsklar"}
          - {system: "urn:gapwatch:codesystem:notice", code: utskrivningsmeddelande, notice: utskrivningsmeddelande, source: "Lag (2017:612) 4 kap."}
        tasks:    # Task.code -> a handover of responsibility or a referral
          - {system: "urn:gapwatch:codesystem:task", code: handover, task: handover, source: "events contract: handover.initiated, .accepted, .rejected"}
          - {system: "urn:gapwatch:codesystem:task", code: referral, task: referral, source: "events contract: referral.sent, referral.answered"}

        """
}
