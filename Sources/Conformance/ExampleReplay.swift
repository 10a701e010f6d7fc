import IMAPTypes
import IMAPWire
import SpecModel

/// An RFC example replayed as a trace through the checker (`TraceChecker`), with findings placed
/// on the document's lines.
///
/// How an example becomes a trace:
/// - Examples start in the middle of a session (no greeting, no LOGIN, often no SELECT). Such a
///   session is resumed with an unknown history (`Checker.resume`): authenticated, and, when the
///   example works on messages before it selects anything, a mailbox selected with the fewest
///   messages the example's message numbers need. Nothing unknown is held against the example.
/// - An elision ("...", "[...]") is a gap: what follows it in that session is judged as a new
///   stretch with an unknown history, and a command whose exchange the gap cuts is followed but
///   not judged (open world across the gap).
/// - An example that elides nothing is judged in the closed world: only what it shows happened
///   (`ExampleChecks`). The checker itself runs closed only when every session also starts at its
///   greeting (its closed world rebuilds mailboxes from the start); an example with an elision is
///   open world throughout, other agents may act unseen.
/// - One-sided snippets (only `C:` or only `S:` lines) are not replayed.
///
/// Only violations (MUST-level) make an example inconsistent; deviations and notes are remarks.
/// Grammar is judged separately (`ExampleGrammar`), so the checker's grammar findings are left out.
public struct ExampleReplay: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable {
        case openWorld = "open world"
        case closedWorld = "closed world"
    }

    public enum Outcome: Hashable, Sendable {
        case consistent
        case inconsistent
        case notReplayed(String)
    }

    public var example: DocumentExample
    public var edition: Edition
    public var mode: Mode
    /// Violations: each one makes the example inconsistent. Sessions and lines are the document's.
    public var findings: [Finding]
    /// Deviations, notes and facts worth knowing that contradict nothing.
    public var remarks: [Finding]
    public var outcome: Outcome
    /// The example's commands run against the model (`ExampleModelRun`), when it has commands and
    /// the caller ran them (`DraftValidation` does).
    public var modelRun: ExampleModelRun?

    /// A wrapped line with its breaks resolved: the first joining (see `DocumentExample.Line.joinings`)
    /// the strict grammar accepts, else the first the lenient one does, else spaces.
    static func resolvingJoins(_ line: DocumentExample.Line) -> DocumentExample.Line {
        guard line.pieces.count > 1, line.kind != .elision else { return line }
        let joinings = line.joinings
        func parses(_ text: String, _ options: ParseOptions) -> Bool {
            let bytes = Array(text.utf8) + [0x0D, 0x0A]
            if line.kind == .client { return (try? CommandParser.parse(bytes, options: options)) != nil }
            return (try? ResponseParser.parse(bytes, options: options)) != nil
        }
        var out = line
        if let j = joinings.first(where: { parses($0, .strict) }) ?? joinings.first(where: { parses($0, .lenient) }) {
            out.pieces = [j]
        }
        return out
    }

    /// The label of example-level remarks that cite no requirement.
    public static let exampleRemark = "example"

    public static func replay(_ example: DocumentExample, edition: Edition) -> ExampleReplay {
        guard example.isExchange else {
            let why = example.lines.contains { $0.kind == .client } ? "only client lines" : "only server lines"
            return ExampleReplay(example: example, edition: edition, mode: .openWorld, findings: [], remarks: [],
                                 outcome: .notReplayed("a one-sided snippet (\(why)): no exchange to replay"))
        }
        var resolved = example
        resolved.lines = example.lines.map(Self.resolvingJoins)
        var builder = Builder(example: resolved, edition: edition)
        builder.run()
        var findings: [Finding] = []
        var remarks = builder.remarks
        for f in builder.checker.report.findings where f.rule == nil {
            var g = f
            g.session = builder.documentSession[f.session] ?? f.session
            g.rootCause = nil
            guard g.line > 0 else { continue }
            if g.severity == .violation { findings.append(g) } else { remarks.append(g) }
        }
        // An example check the checker itself made on the same line (the UID count after VANISHED
        // (EARLIER) in a SELECT) is reported once.
        for f in builder.exampleFindings where !findings.contains(where: { $0.line == f.line && $0.requirementID == f.requirementID }) {
            if f.severity == .violation { findings.append(f) } else { remarks.append(f) }
        }
        findings.sort { ($0.line, $0.requirementID) < ($1.line, $1.requirementID) }
        remarks.sort { $0.line < $1.line }
        return ExampleReplay(example: example, edition: edition, mode: builder.mode, findings: findings, remarks: remarks,
                             outcome: findings.isEmpty ? .consistent : .inconsistent)
    }

    // MARK: - Building the trace

    struct Builder {
        let example: DocumentExample
        let mode: Mode
        var checker: TraceChecker
        /// Checker session -> document session.
        var documentSession: [Int: Int] = [:]
        var remarks: [Finding] = []
        var exampleFindings: [Finding] = []

        init(example: DocumentExample, edition: Edition) {
            self.example = example
            mode = example.hasElision ? .openWorld : .closedWorld
            // The checker's own closed world rebuilds each mailbox from the start of every
            // session, so it runs closed only when every session starts at its greeting.
            let fromTheStart = !example.hasElision && example.sessions.allSatisfy { session in
                guard let first = example.lines.first(where: { $0.session == session }) else { return false }
                return first.kind == .server && SessionStart.isGreeting(first.text)
            }
            checker = TraceChecker(options: CheckOptions(edition: edition, closedWorld: fromTheStart))
        }


        /// One stretch of one session between elisions.
        struct Stretch {
            var id: Int
            var lines: [DocumentExample.Line] = []
        }

        mutating func run() {
            // Cut each session into stretches at its elisions.
            var stretches: [Stretch] = []
            var open: [Int: Int] = [:]  // document session -> index in stretches
            var order: [(stretch: Int, line: DocumentExample.Line)] = []
            for line in example.lines {
                if line.isElided {
                    open[line.session] = nil
                    continue
                }
                let i: Int
                if let existing = open[line.session] {
                    i = existing
                } else {
                    i = stretches.count
                    stretches.append(Stretch(id: i + 1))
                    open[line.session] = i
                    documentSession[i + 1] = line.session
                }
                stretches[i].lines.append(line)
                order.append((i, line))
            }
            // Start each stretch: at a greeting, as the session's beginning; else resumed.
            var started: Set<Int> = []
            var inFlight: [Int: [String]] = [:]  // document session -> tags awaiting their tagged response
            var previousStretch: [Int: Int] = [:]
            var counters: [Int: ExampleChecks] = [:]
            for (i, line) in order {
                let stretch = stretches[i]
                if !started.contains(i) {
                    started.insert(i)
                    let session = line.session
                    let first = stretch.lines[0]
                    let isStart = previousStretch[session] == nil && first.kind == .server && SessionStart.isGreeting(first.text)
                    let count = isStart ? nil : SessionStart.selectedCount(stretch.lines.map(SessionStart.Line.init))
                    if !isStart { checker.resume(session: stretch.id, selectedCount: count) }
                    if previousStretch[session] != nil {
                        // Commands cut by the gap: followed, not judged.
                        for tag in inFlight[session] ?? [] { checker.commandElided(session: stretch.id, tag: tag, line: 0) }
                    }
                    var checks = ExampleChecks(closedWorld: !example.hasElision, singleSession: example.sessions.count == 1, count: count)
                    if let before = previousStretch[session], let old = counters[before] { checks.continueAcrossGap(from: old) }
                    previousStretch[session] = i
                    counters[i] = checks
                }
                let bytes = Array(line.text.utf8) + [0x0D, 0x0A]
                let direction: TraceEvent.Direction = line.kind == .client ? .client : .server
                checker.consume(TraceEvent(session: stretch.id, direction: direction, bytes: bytes, line: line.line))
                track(line, tags: &inFlight[line.session, default: []])
                if let fs = counters[i]?.take(line) { exampleFindings += fs }
            }
        }

        /// Follows the tags in progress; a tagged response to a tag the example never sent is a remark.
        mutating func track(_ line: DocumentExample.Line, tags: inout [String]) {
            let tag = String(line.text.prefix { $0 != " " })
            switch line.kind {
            case .client:
                if !tag.isEmpty, tag != "+" { tags.append(tag) }
            case .server:
                guard tag != "*", tag != "+", !tag.isEmpty else { return }
                if let i = tags.lastIndex(of: tag) {
                    tags.remove(at: i)
                } else if !tags.isEmpty {
                    remarks.append(Finding(
                        requirementID: ExampleReplay.exampleRemark, severity: .note, session: line.session, line: line.line,
                        command: nil,
                        expected: "a tagged response to a command shown: \(tags.joined(separator: ", ")) is in progress, \(tag) was never sent in this example",
                        observed: [line.text]))
                }
            case .elision:
                break
            }
        }

    }
}
