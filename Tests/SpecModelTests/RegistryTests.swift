import Testing
@testable import SpecModel

@Suite("Requirement registry - one source of truth (STYLE.md habit 5)")
struct RegistryTests {
    @Test("IDs are unique")
    func uniqueIDs() {
        var seen: [String: Int] = [:]
        for r in Registry.all { seen[r.id, default: 0] += 1 }
        let duplicates = seen.filter { $0.value > 1 }.keys.sorted()
        #expect(duplicates.isEmpty, "duplicate IDs: \(duplicates)")
        #expect(Registry.all.count == seen.count)
    }

    @Test("every ID is well formed and agrees with the entry's fields")
    func wellFormed() {
        for r in Registry.all {
            let p = Requirement.parseID(r.id)
            #expect(p != nil, "malformed ID \(r.id)")
            guard let p else { continue }
            #expect(p.rfc == r.rfc && p.section == r.section && p.ordinal == r.ordinal, "\(r.id)")
            #expect(p.lowerCase == (r.spelling == .lowerCasePlainlyMeant), "\(r.id): spelling and L ordinal disagree")
            #expect(p.definition == (r.spelling == .definition), "\(r.id): spelling and D ordinal disagree")
            #expect(r.fingerprint.count == 16 && r.fingerprint.allSatisfy(\.isHexDigit), "\(r.id): fingerprint")
            #expect(!r.summary.isEmpty && r.summary.count <= 400, "\(r.id): summary length")
            if case .notCheckable(let reason) = r.enforcement {
                #expect(!reason.isEmpty, "\(r.id): notCheckable needs a reason")
            }
        }
    }

    struct IDCase: Sendable, CustomTestStringConvertible {
        var id: String
        var valid: Bool
        var testDescription: String { id }
    }

    static let ids: [IDCase] = [
        IDCase(id: "R7162-3.1.3#4", valid: true),
        IDCase(id: "R7162-3.1.3#4b", valid: true),
        IDCase(id: "R7162-3.2.11#L1", valid: true),
        IDCase(id: "R7162-3.1.4.1#D1", valid: true),
        IDCase(id: "R7162-3.1.4.1#D1b", valid: false),
        IDCase(id: "R7162-6#8", valid: true),
        IDCase(id: "R7162-3.1.3#0", valid: false),
        IDCase(id: "R7162-3.1.3#04", valid: false),
        IDCase(id: "R7162-3.1.3.#4", valid: false),
        IDCase(id: "R7162-3..1#4", valid: false),
        IDCase(id: "7162-3.1#4", valid: false),
        IDCase(id: "R7162-3.1#L1b", valid: false),
        IDCase(id: "R7162-3.1#4bc", valid: false),
        IDCase(id: "R7162-3.1#4B", valid: false),
        IDCase(id: "R-3.1#4", valid: false),
        IDCase(id: "R7162-3.1", valid: false),
    ]

    @Test("parseID accepts exactly the ID rule's shape", arguments: ids)
    func parseID(_ c: IDCase) {
        #expect((Requirement.parseID(c.id) != nil) == c.valid)
    }

    @Test("lookup finds every registered ID and nothing else")
    func lookup() {
        for r in Registry.all { #expect(Registry.requirement(r.id) == r) }
        #expect(Registry.requirement("R7162-3.1.3#99") == nil)
        #expect(Registry.requirement("R7162-3.2.7#3")?.level == .must)
    }

    @Test("severity follows the level: MUST violation, SHOULD deviation, MAY note")
    func severity() {
        let expected: [Requirement.Level: Requirement.Severity] = [
            .must: .violation, .mustNot: .violation, .required: .violation, .shall: .violation,
            .shallNot: .violation, .should: .deviation, .shouldNot: .deviation, .recommended: .deviation,
            .notRecommended: .deviation, .may: .note, .optional: .note,
        ]
        for level in Requirement.Level.allCases { #expect(level.severity == expected[level]) }
        for r in Registry.all { #expect(r.severity == r.level.severity) }
    }

    @Test("catalogue order is RFC 7162 first, then section and ordinal")
    func order() {
        #expect(Registry.all.first?.id == "R7162-3.1#1")
        let ids = Registry.all.map(\.id)
        let i = ids.firstIndex(of: "R7162-3.1.3#9"), j = ids.firstIndex(of: "R7162-3.1.3#10")
        #expect(i != nil && j != nil && i! < j!)
        let k = ids.firstIndex(of: "R7162-3.1.3.1#1") ?? ids.firstIndex(of: "R7162-3.1.4.2#1")
        #expect(k != nil && j! < k!)
    }

    @Test("every rule switch names registered RFC 7162 requirements and registered original statements")
    func ruleSwitches() {
        for s in RuleSwitch.allCases {
            #expect(!s.requirementIDs.isEmpty, "\(s)")
            for id in s.requirementIDs {
                #expect(Registry.requirement(id)?.rfc == 7162, "\(s): \(id) is not a registered RFC 7162 requirement")
            }
            for id in s.originalRequirementIDs {
                #expect([4551, 5162].contains(Registry.requirement(id)?.rfc ?? 0), "\(s): \(id) is not a registered RFC 4551/5162 requirement")
            }
        }
    }
}
