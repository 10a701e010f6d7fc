import IMAPTypes
import IMAPWire
import SpecModel

/// A counterexample as a replayable artifact (STYLE.md habit 9): seed, generator version, the
/// shrunk operations (one `#op` line each, a `jsonl` client unit), the finding, and an RFC-style
/// transcript with the finding annotated under the offending line. `qresync check` reads it as a
/// transcript (it skips `#` and `!` lines); `qresync replay` re-runs its operations.
public struct Counterexample: Sendable {
    public var configuration: FuzzConfiguration
    public var fault: String?
    public var server: String
    public var originalOperations: Int
    public var operations: [Operation]
    public var finding: Finding?
    public var events: [TraceEvent]

    public init(configuration: FuzzConfiguration, fault: String?, server: String, originalOperations: Int,
                operations: [Operation], finding: Finding?, events: [TraceEvent]) {
        self.configuration = configuration
        self.fault = fault
        self.server = server
        self.originalOperations = originalOperations
        self.operations = operations
        self.finding = finding
        self.events = events
    }

    /// The marker client unit of a reconnect.
    static let reconnectUnit = Array("RECONNECT\r\n".utf8)

    /// The file's text.
    public func render(replayCommand: String) -> String {
        var s = "# qresync trace v1\n"
        s += "# seed=\(configuration.seed) generator=\(OperationGenerator.version) edition=\(configuration.edition.rawValue)"
        s += " sessions=\(configuration.sessions) mailboxes=\(configuration.mailboxes.count) fault=\(fault ?? "none") server=\(server)\n"
        s += "# shrunk from \(originalOperations) to \(operations.count) operations\n"
        if let f = finding {
            let r = Registry.requirement(f.requirementID)
            s += "# finding: \(f.requirementID) \(f.severity.rawValue)"
            if let r { s += " (RFC \(r.rfc) §\(r.section)): \(r.summary)" }
            s += "\n# expected: \(f.expected)\n"
        }
        s += "# replay: \(replayCommand)\n"
        for op in operations {
            let bytes: [UInt8]
            switch op {
            case .command(_, let c): bytes = CommandEncoder.encode(.command(TaggedCommand(tag: Tag("x")!, command: Self.masked(c))))
            case .reconnect: bytes = Self.reconnectUnit
            }
            s += "#op " + TraceJSONL.encode(TraceEvent(session: op.session, direction: .client, bytes: bytes, line: 0)) + "\n"
        }
        // The transcript, with the finding annotated under its unit (`finding.line` is the unit's
        // position in `events`).
        for (i, e) in events.enumerated() {
            s += Transcript.renderText([e])
            if !s.hasSuffix("\n") { s += "\n" }
            if let f = finding, f.line == i + 1 {
                s += "! \(f.requirementID) \(f.severity.rawValue): \(f.expected)\n"
            }
        }
        return s
    }

    /// LOGIN with the password replaced (passwords never appear in traces or reports).
    static func masked(_ c: Command) -> Command {
        if case .login(let u, _) = c { return .login(user: u, password: "***") }
        return c
    }

    /// Reads the operations of a counterexample file; `password` replaces the masked one.
    public static func operations(in text: String, file: String, password: String) throws(TraceError) -> [Operation] {
        var ops: [Operation] = []
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            guard line.hasPrefix("#op ") else { continue }
            let trace = try TraceJSONL.decode(Array(line.dropFirst(4).utf8), file: file)
            guard let e = trace.events.first else { throw TraceError(file: file, line: n, reason: "empty #op line") }
            if e.bytes == reconnectUnit {
                ops.append(.reconnect(session: e.session))
                continue
            }
            guard let parsed = try? CommandParser.parse(e.bytes), case .command(let tc) = parsed.value else {
                throw TraceError(file: file, line: n, reason: "#op is not a command the grammar accepts")
            }
            var c = tc.command
            if case .login(let u, _) = c { c = .login(user: u, password: password) }
            ops.append(.command(session: e.session, c))
        }
        guard !ops.isEmpty else { throw TraceError(file: file, line: n, reason: "no #op lines: not a counterexample file") }
        return ops
    }

    /// What a file's header records of the run, each field when present.
    public struct Header: Sendable {
        public var seed: UInt64?
        public var edition: Edition?
        public var sessions: Int?
        /// How many mailboxes the run started with: the embedded server draws its values from
        /// the seed and its mailboxes, so a replay needs the same count to meet the same values.
        public var mailboxes: Int?
        public var fault: String?
        /// `embedded`, `embedded-condstore-only` or the live server's URL.
        public var server: String?
    }

    /// The seed and shape recorded in the header.
    public static func configuration(in text: String) -> Header {
        guard let header = text.split(separator: "\n").first(where: { $0.hasPrefix("# seed=") }) else { return Header() }
        var fields: [String: String] = [:]
        for part in header.dropFirst(2).split(separator: " ") {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
        }
        return Header(seed: fields["seed"].flatMap { UInt64($0) }, edition: fields["edition"].flatMap { Edition(rawValue: $0) },
                      sessions: fields["sessions"].flatMap { Int($0) }, mailboxes: fields["mailboxes"].flatMap { Int($0) },
                      fault: fields["fault"].flatMap { $0 == "none" ? nil : $0 }, server: fields["server"])
    }
}
