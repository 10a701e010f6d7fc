import SpecModel

/// One disagreement between the model and a trace: evidence only; words come from a renderer
/// (STYLE.md habit 8).
public struct Finding: Hashable, Sendable {
    public enum Severity: String, Hashable, Sendable, Comparable, CaseIterable {
        /// A MUST, MUST NOT, REQUIRED or SHALL broken, or the grammar.
        case violation
        /// A SHOULD, SHOULD NOT or RECOMMENDED not followed.
        case deviation
        /// A MAY or a fact worth knowing.
        case note

        private var rank: Int { self == .violation ? 0 : self == .deviation ? 1 : 2 }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    public var requirementID: String
    public var severity: Severity
    public var session: Int
    /// The trace line of the offending server response (1-based), or of the command.
    public var line: Int
    /// The command the response answers, as "tag NAME", when there is one.
    public var command: String?
    public var expected: String
    /// The exact server lines at fault.
    public var observed: [String]
    /// For grammar findings, the ABNF rule that was broken (e.g. "resp-text").
    public var rule: String?
    /// Index (in the report) of the finding this one follows from, if any.
    public var rootCause: Int?

    /// Findings with the same key share one root cause (`CheckReport.groupRootCauses`): the same
    /// requirement (and grammar rule) broken again in the same session.
    var rootKey: String { "\(session) \(requirementID) \(severity.rawValue) \(rule ?? "")" }

    public init(requirementID: String, severity: Severity, session: Int, line: Int, command: String?,
                expected: String, observed: [String], rule: String? = nil, rootCause: Int? = nil) {
        self.requirementID = requirementID
        self.severity = severity
        self.session = session
        self.line = line
        self.command = command
        self.expected = expected
        self.observed = observed
        self.rule = rule
        self.rootCause = rootCause
    }
}

/// Three-valued verdict (STYLE.md habit 8).
public enum Verdict: Hashable, Sendable {
    case conforms
    case violates
    /// Nothing was found, but the trace could not show conformance; the reasons say why.
    case inconclusive([String])

    public var exitCode: Int32 {
        switch self {
        case .conforms: return 0
        case .violates: return 1
        case .inconclusive: return 2
        }
    }
}
