/// One normative statement of an RFC, registered once and cited by every check that holds it
/// (STYLE.md habit 5). The summary is in the project's own words; the RFC sentence itself is
/// represented only by its fingerprint (`NormativeText.fingerprint(_:)`).
///
/// ID rule: `"R" + rfc + "-" + section + "#" + n`, where `section` is the deepest numbered section
/// containing the sentence and `n` numbers, in order of appearance within that section's own text,
/// the sentences that contain at least one upper-case BCP 14 keyword (RFC 2119, RFC 8174). A
/// sentence that mixes server and client duties may add entries with a letter suffix ("#4b");
/// lower-case statements that are plainly meant as requirements are numbered in their own "L"
/// sequence ("R7162-3.2.11#L1"); definitions that carry no keyword but fix behaviour the other
/// rules rely on (what CHANGEDSINCE returns, the range of message numbers) in a "D" sequence
/// ("R7162-3.1.4.1#D1").
public struct Requirement: Hashable, Sendable {
    /// The requirement level, RFC 2119 §1-§5.
    public enum Level: String, Hashable, Sendable, CaseIterable {
        case must = "MUST"
        case mustNot = "MUST NOT"
        case required = "REQUIRED"
        case shall = "SHALL"
        case shallNot = "SHALL NOT"
        case should = "SHOULD"
        case shouldNot = "SHOULD NOT"
        case recommended = "RECOMMENDED"
        case notRecommended = "NOT RECOMMENDED"
        case may = "MAY"
        case optional = "OPTIONAL"

        /// What breaking a statement of this level amounts to.
        public var severity: Severity {
            switch self {
            case .must, .mustNot, .required, .shall, .shallNot: return .violation
            case .should, .shouldNot, .recommended, .notRecommended: return .deviation
            case .may, .optional: return .note
            }
        }
    }

    /// How the keyword is written. RFC 8174 §2: only upper case carries the BCP 14 meaning; a few
    /// lower-case statements in RFC 7162 are nevertheless plainly meant as requirements.
    public enum Spelling: String, Hashable, Sendable {
        case upperCase
        case lowerCasePlainlyMeant
        /// No keyword at all: a definition whose breach no conforming server can commit.
        case definition
    }

    /// Breaking a MUST is a violation, a SHOULD a deviation, a MAY only a note.
    public enum Severity: String, Hashable, Sendable, CaseIterable {
        case violation, deviation, note

        /// 0 for the strongest.
        var rank: Int {
            switch self {
            case .violation: return 0
            case .deviation: return 1
            case .note: return 2
            }
        }
    }

    /// Whose behaviour the statement constrains.
    public enum Binds: String, Hashable, Sendable, CaseIterable {
        case server, client, both
    }

    /// What a trace must contain for a checker to see the statement kept or broken.
    public enum Observability: String, Hashable, Sendable, CaseIterable {
        /// One connection's commands and responses suffice.
        case oneSession
        /// It needs two connections to the same mailbox (changes made by another session).
        case twoSessions
        /// It concerns server state or storage that no response reveals directly.
        case serverInternal
        /// It concerns what the client does with what it received.
        case clientSide
    }

    /// What kind of check holds the statement.
    public enum Enforcement: Hashable, Sendable {
        /// The model's action for the command computes the expectation (guard, effect, frame).
        case modelRule
        /// An invariant the checker evaluates over a whole trace.
        case checkerInvariant
        /// The strict parser's grammar rejects any wire form that breaks it.
        case grammar
        /// No trace can show it kept or broken; the reason says why.
        case notCheckable(reason: String)

        /// "modelRule", "checkerInvariant", "grammar" or "notCheckable".
        public var kind: String {
            switch self {
            case .modelRule: return "modelRule"
            case .checkerInvariant: return "checkerInvariant"
            case .grammar: return "grammar"
            case .notCheckable: return "notCheckable"
            }
        }
    }

    public var id: String
    public var rfc: Int
    public var section: String
    /// The n of the ID without any letter suffix, or for "L" entries the n of the L sequence.
    public var ordinal: Int
    public var level: Level
    public var spelling: Spelling
    public var summary: String
    public var fingerprint: String
    public var binds: Binds
    public var observability: Observability
    /// For a checker invariant that restates or implies another rule: the IDs whose findings
    /// hold it (the checker cites those). A report counts it violated or passed with them.
    public var checkedAs: [String]
    public var enforcement: Enforcement

    public var severity: Severity { level.severity }

    /// A registry entry. `id` must follow the ID rule (see `parseID(_:)`); the registry's IDs are
    /// checked by `RegistryTests`, so a malformed one is a programming error.
    public init(
        _ id: String, _ level: Level, _ binds: Binds, _ observability: Observability,
        _ enforcement: Enforcement, fingerprint: String, spelling: Spelling = .upperCase,
        checkedAs: [String] = [], _ summary: String
    ) {
        guard let parsed = Requirement.parseID(id) else { preconditionFailure("malformed requirement ID \(id)") }
        self.id = id
        self.rfc = parsed.rfc
        self.section = parsed.section
        self.ordinal = parsed.ordinal
        self.level = level
        self.spelling = spelling
        self.summary = summary
        self.fingerprint = fingerprint
        self.binds = binds
        self.observability = observability
        self.enforcement = enforcement
        self.checkedAs = checkedAs
    }

    /// The parts of a well-formed requirement ID: "R7162-3.1.3#4", "R7162-3.1.3#4b",
    /// "R7162-3.2.11#L1", "R7162-3.1.4.1#D1". Nil when `id` breaks the ID rule's shape.
    public static func parseID(_ id: String)
        -> (rfc: Int, section: String, ordinal: Int, lowerCase: Bool, definition: Bool, suffix: String)? {
        guard id.hasPrefix("R"), let dash = id.firstIndex(of: "-"), let hash = id.firstIndex(of: "#"),
              dash < hash else { return nil }
        let rfcText = id[id.index(after: id.startIndex)..<dash]
        guard !rfcText.isEmpty, rfcText.allSatisfy(\.isASCIIDigit), let rfc = Int(rfcText) else { return nil }
        let section = String(id[id.index(after: dash)..<hash])
        let parts = section.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) && $0.first != "0" })
        else { return nil }
        var tail = id[id.index(after: hash)...]
        let lowerCase = tail.hasPrefix("L")
        let definition = tail.hasPrefix("D")
        if lowerCase || definition { tail = tail.dropFirst() }
        let digits = tail.prefix(while: \.isASCIIDigit)
        let suffix = tail.dropFirst(digits.count)
        guard let ordinal = Int(digits), ordinal >= 1, digits.first != "0",
              suffix.count <= 1, suffix.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return nil }
        if lowerCase || definition, !suffix.isEmpty { return nil }
        return (rfc, section, ordinal, lowerCase, definition, String(suffix))
    }

    /// Catalogue order: RFC 7162 first, then by RFC number; within an RFC by section number, then
    /// the upper-case sentences by ordinal (a letter-suffixed entry after its sentence), then the
    /// "L" entries, then the "D" entries.
    public static func precedes(_ a: Requirement, _ b: Requirement) -> Bool {
        a.sortKey.lexicographicallyPrecedes(b.sortKey)
    }

    var sortKey: [Int] {
        let parts = Requirement.parseID(id)!
        var key = [rfc == 7162 ? 0 : 1, rfc]
        let numbers = section.split(separator: ".").map { Int($0)! }
        key += numbers + Array(repeating: -1, count: max(0, 8 - numbers.count))
        key += [parts.lowerCase ? 1 : parts.definition ? 2 : 0, ordinal, Int(parts.suffix.unicodeScalars.first?.value ?? 0)]
        return key
    }
}
