/// The actors of the synthetic municipality (Norrköping) and its region (Östergötland).
package enum SyntheticActors {
    /// One actor: id, display name, principal type and name, kind.
    package struct Actor: Sendable {
        package let id: String
        package let name: String
        package let principal: String
        package let principalName: String
        package let kind: String
    }

    static let region = "Region Östergötland"
    static let municipality = "Norrköpings kommun"

    package static let wards = [
        Actor(id: "region-ostergotland/vrinnevi/geriatrik", name: "Geriatrik, Vrinnevisjukhuset", principal: "region", principalName: region, kind: "hospital-ward"),
        Actor(id: "region-ostergotland/vrinnevi/medicin-2", name: "Medicin 2, Vrinnevisjukhuset", principal: "region", principalName: region, kind: "hospital-ward"),
        Actor(id: "region-ostergotland/vrinnevi/ortopedi", name: "Ortopedi, Vrinnevisjukhuset", principal: "region", principalName: region, kind: "hospital-ward"),
    ]
    package static let primaryCare = [
        Actor(id: "region-ostergotland/vc-ljura", name: "Vårdcentralen Ljura", principal: "region", principalName: region, kind: "primary-care"),
        Actor(id: "region-ostergotland/vc-hageby", name: "Vårdcentralen Hageby", principal: "region", principalName: region, kind: "primary-care"),
        Actor(id: "region-ostergotland/vc-kneippen", name: "Vårdcentralen Kneippen", principal: "region", principalName: region, kind: "primary-care"),
    ]
    package static let psychiatry = Actor(id: "region-ostergotland/psykiatri-norrkoping", name: "Psykiatrin Norrköping", principal: "region", principalName: region, kind: "psychiatry")
    package static let homeCare = [
        Actor(id: "norrkoping/hemtjanst-ost", name: "Hemtjänst Öst", principal: "municipality", principalName: municipality, kind: "home-care"),
        Actor(id: "norrkoping/hemtjanst-vast", name: "Hemtjänst Väst", principal: "municipality", principalName: municipality, kind: "home-care"),
        Actor(id: "norrkoping/hemtjanst-centrum", name: "Hemtjänst Centrum", principal: "municipality", principalName: municipality, kind: "home-care"),
    ]
    package static let residential = Actor(id: "norrkoping/sabo-lindo", name: "Lindö särskilda boende", principal: "municipality", principalName: municipality, kind: "residential")
    package static let socialServices = Actor(id: "norrkoping/socialtjanst", name: "Socialtjänsten", principal: "municipality", principalName: municipality, kind: "social-services")
    package static let addiction = Actor(id: "norrkoping/beroendeteam", name: "Beroendeteamet", principal: "municipality", principalName: municipality, kind: "addiction")
    package static let coordinator = Actor(id: "bracke-diakoni/vardkoordinator", name: "Bräcke diakoni vårdkoordinator", principal: "ngo", principalName: "Bräcke diakoni", kind: "care-coordination")

    /// Every actor, in registration order.
    package static let all: [Actor] = wards + primaryCare + [psychiatry] + homeCare + [residential, socialServices, addiction, coordinator]

    /// A digest address for an actor (synthetic, in the reserved `.example` domain).
    package static func email(of actor: Actor) -> String {
        actor.id.replacingOccurrences(of: "/", with: ".") + "@gapwatch.example"
    }
}
