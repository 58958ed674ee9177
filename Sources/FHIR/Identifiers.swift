import EventLog

/// The identifier systems of the import contract: Swedish person numbers, HSA-ids and
/// organisationsnummer.
enum IdentifierSystem {
    static let personnummerURL = "http://electronichealth.se/identifier/personnummer"
    static let samordningsnummerURL = "http://electronichealth.se/identifier/samordningsnummer"
    static let personnummer: Set<String> = [personnummerURL, "urn:oid:1.2.752.129.2.1.3.1"]
    static let samordningsnummer: Set<String> = [samordningsnummerURL, "urn:oid:1.2.752.129.2.1.3.3"]
    static let hsaID: Set<String> = ["urn:oid:1.2.752.29.4.19", "urn:oid:1.2.752.129.2.1.4.1"]
    static let organisationsnummer = "urn:oid:2.5.4.97"

    /// A resource's identifiers as `(system, value)`.
    static func identifiers(of resource: JSONValue) -> [(system: String, value: String)] {
        (resource["identifier"]?.elements ?? []).compactMap { identifier in
            guard let system = identifier["system"]?.stringValue, let value = identifier["value"]?.stringValue else { return nil }
            return (system, value)
        }
    }

    /// A Patient's person: its personnummer or samordningsnummer, checked as the events
    /// contract checks them, else the pseudonym `Patient/<id>`.
    static func person(of patient: LocatedResource) -> Result<String, LocatedProblem> {
        for (system, value) in identifiers(of: patient.resource) where personnummer.contains(system) || samordningsnummer.contains(system) {
            let what = personnummer.contains(system) ? "personnummer" : "samordningsnummer"
            switch PersonID.read(value) {
            case .personnummer(let canonical): return .success(canonical)
            case .failsLuhn: return .failure(LocatedProblem(file: patient.file, line: patient.line, message: "Patient's \(what) fails its check digit"))
            case .withoutCentury:
                return .failure(LocatedProblem(file: patient.file, line: patient.line, message: "Patient's \(what) has no century (give all twelve digits)"))
            case .pseudonym:
                return .failure(LocatedProblem(file: patient.file, line: patient.line, message: "Patient's \(what) is not one (YYYYMMDD-NNNN)"))
            }
        }
        return .success("Patient/" + (patient.id ?? ""))
    }

    /// The system a person id is written under in the resources gapwatch writes: personnummer,
    /// or samordningsnummer (its day plus 60); nil for a pseudonym.
    static func system(of person: String) -> String? {
        guard case .personnummer = PersonID.read(person) else { return nil }
        return (Int(person.dropFirst(6).prefix(2)) ?? 0) > 60 ? samordningsnummerURL : personnummerURL
    }

    /// An Organization's actor: its HSA-id, else `Organization/<id>`.
    static func actor(of organization: JSONValue) -> String {
        identifiers(of: organization).first { hsaID.contains($0.system) }?.value ?? "Organization/" + (organization["id"]?.stringValue ?? "")
    }

    /// The kind of principal an organisationsnummer says: its first six digits are the legal
    /// form's group (`212000` municipality, `232100` region, `202100` state: the contract's),
    /// and, beyond the contract, its first digit otherwise (`5` a company: private; `8` an
    /// association or foundation: ngo), as Bolagsverket numbers them.
    static func principalKind(of organization: JSONValue) -> String? {
        guard let number = identifiers(of: organization).first(where: { $0.system == organisationsnummer })?.value else { return nil }
        switch String(number.filter(\.isNumber).prefix(6)) {
        case "212000": return "municipality"
        case "232100": return "region"
        case "202100": return "state"
        case let digits where digits.hasPrefix("5"): return "private"
        case let digits where digits.hasPrefix("8"): return "ngo"
        default: return nil
        }
    }
}
