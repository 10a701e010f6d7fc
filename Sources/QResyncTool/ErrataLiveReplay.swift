import Conformance
import Foundation
import IMAPClient
import IMAPTypes
import IMAPWire
import ReferenceServer
import SpecModel

/// `qresync errata run --server URL`: replays the client side of each erratum scenario against a
/// server and says, per erratum, whether the server follows the corrected text (RFC 7162), the
/// original one (RFC 4551/5162), both (the scenario did not separate them there) or neither
/// (issue 7).
///
/// Each scenario gets fresh mailboxes (its INBOX and any other mailbox it names), filled with as
/// many messages as the scenario's first SELECT, EXAMINE or STATUS shows, by a setup session that
/// is part of the recorded trace, so the trace is closed-world when the scenario is. Client lines
/// are sent verbatim apart from the values `ScenarioRewriter` carries over. The recorded trace is
/// then judged by the checker under both editions: only violations of the erratum's own
/// requirements (its README's `requirements` and the scenario's expectations) decide the reading;
/// other findings are listed beside it.
enum ErrataLiveReplay {
    /// Which text the server's behaviour in one scenario follows.
    enum Reading: String, Encodable {
        case corrected, original, both, neither, inconclusive, failed
    }

    struct ScenarioOutcome: Encodable {
        var erratum: String
        var scenario: String
        var reading: Reading
        /// The erratum's requirements violated under each edition (edition raw value to IDs).
        var violated: [String: [String]]
        /// Violations of other requirements (under RFC 7162): real findings, beside the point here.
        var otherViolations: [String]
        /// Why the replay failed or was inconclusive.
        var reason: String?
        /// The recorded transcript, when written.
        var trace: String?
    }

    /// Where the scenarios are sent: the embedded reference server (a fresh one per scenario) or a
    /// live server on loopback.
    struct Endpoint {
        var server: FuzzServer

        /// Opens connections to one server: a fresh embedded one (INBOX only; the scenario's
        /// mailboxes are created by the setup session) or the live one.
        func makeOpener() -> (TraceRecorder) throws -> Connection {
            let options = Connection.Options(timeout: .seconds(5))
            let endpoint = server.endpoint(mailboxes: [.inbox])
            return { recorder in
                let c = Connection(transport: try endpoint.openTransport(timeout: options.timeout, session: 0),
                                   recorder: recorder, options: options)
                _ = try c.readGreeting()
                return c
            }
        }
    }

    /// One client line of the scenario and the responses the scenario shows for it.
    struct Step {
        var session: Int
        var line: Int
        /// The line after its tag, without CRLF.
        var text: [UInt8]
        var command: Command?
        var responses: [ServerResponse] = []
    }

    /// The scenario's client lines, in order, each with the server lines of its session up to the
    /// next client line of that session. Greetings are not steps.
    static func steps(of trace: Trace) -> [Step] {
        var steps: [Step] = []
        var last: [Int: Int] = [:]
        for e in trace.events {
            var bytes = e.bytes
            while let b = bytes.last, b == 0x0A || b == 0x0D { bytes.removeLast() }
            switch e.direction {
            case .client:
                guard let space = bytes.firstIndex(of: 0x20) else { continue }
                let command: Command?
                if case .command(let tagged)? = try? CommandParser.parse(e.bytes, options: .lenient).value {
                    command = tagged.command
                } else {
                    command = nil
                }
                steps.append(Step(session: e.session, line: e.line, text: Array(bytes[(space + 1)...]), command: command))
                last[e.session] = steps.count - 1
            case .server:
                guard let i = last[e.session], let parsed = try? ResponseParser.parse(e.bytes, options: .lenient) else { continue }
                steps[i].responses.append(parsed.value)
            }
        }
        return steps
    }

    /// The mailboxes the scenario's commands name, in order of first use.
    static func mailboxes(of steps: [Step]) -> [MailboxName] {
        var names: [MailboxName] = []
        func add(_ m: MailboxName) {
            let key = m.description.uppercased() == "INBOX" ? MailboxName.inbox : m
            if !names.contains(key) { names.append(key) }
        }
        for step in steps {
            switch step.command {
            case .select(let m, _)?, .examine(let m, _)?, .status(let m, _)?, .append(let m, _, _, _)?:
                add(m)
            case .copy(_, let m, _)?, .move(_, let m, _)?:
                add(m)
            default: break
            }
        }
        return names
    }

    /// What the scenario's first SELECT, EXAMINE or STATUS of `mailbox` shows: the state the
    /// scenario starts from.
    static func initialState(of mailbox: MailboxName, in steps: [Step]) -> ValueCorrespondence.Observed? {
        for step in steps {
            switch step.command {
            case .select(let m, _)?, .examine(let m, _)?, .status(let m, _)?:
                if m.description.uppercased() == mailbox.description.uppercased() {
                    return ValueCorrespondence.Observed(step.responses)
                }
            default: continue
            }
        }
        return nil
    }

    /// Replays one scenario; returns the outcome, the recorded trace (setup session included) and
    /// the checker's report on it under each edition (none when the replay failed).
    static func replay(_ scenario: ErrataScenario, of erratum: Erratum, index: Int, endpoint: Endpoint,
                       traceDirectory: URL?) -> (ScenarioOutcome, Trace, [Edition: CheckReport]) {
        var outcome = ScenarioOutcome(erratum: erratum.id, scenario: scenario.fileName, reading: .failed, violated: [:], otherViolations: [])
        let trace: Trace
        do { trace = try TranscriptReader.read(scenario.text, file: scenario.fileName) } catch {
            outcome.reason = "unreadable scenario: \(error)"
            return (outcome, Trace(), [:])
        }
        let steps = steps(of: trace)
        let names = mailboxes(of: steps)
        var rewriter = ScenarioRewriter()
        let open = endpoint.makeOpener()
        let recorder = TraceRecorder()
        let user = endpoint.server.user, password = endpoint.server.password
        var liveNames: [MailboxName] = []
        do {
            let setup = try open(recorder)
            guard try setup.login(user: user, password: password).isOK else { throw TargetError(session: 0, reason: "LOGIN refused") }
            for (k, name) in names.enumerated() {
                let live = MailboxName("qrerrata-\(index)-\(k + 1)")
                liveNames.append(live)
                rewriter.mailboxes[name == .inbox ? "INBOX" : name.description] = live.description
                _ = try setup.execute(.delete(live))
                let created = try setup.execute(.create(live))
                guard created.isOK else { throw TargetError(session: 0, reason: "cannot CREATE \(live): \(created.tagged.text.text)") }
                let initial = initialState(of: name, in: steps)
                for n in 0..<Int(initial?.messageCount ?? 0) {
                    let message = Array("Subject: erratum scenario message \(n + 1)\r\n\r\nBody \(n + 1)\r\n".utf8)
                    _ = try setup.execute(.append(live, flags: nil, date: nil, message: message))
                }
                let status = try setup.execute(.status(live, [.messages, .uidValidity, .highestModSeq]))
                let observed = ValueCorrespondence.Observed(status.untagged)
                if let s = initial?.uidValidities.first, let l = observed.uidValidities.first { rewriter.values.uidValidities[s] = l }
                if let s = initial?.highestModSeqs.first, let l = observed.highestModSeqs.first { rewriter.values.pairModSeq(s, l) }
            }
            _ = try setup.logout()

            var connections: [Int: Connection] = [:]
            defer { for c in connections.values { c.close() } }
            for step in steps {
                let c: Connection
                if let existing = connections[step.session] {
                    c = existing
                } else {
                    c = try open(recorder)
                    connections[step.session] = c
                }
                let result: CommandResult
                do {
                    if case .login? = step.command {
                        result = try c.login(user: user, password: password)
                    } else {
                        result = try c.executeVerbatim(rewriter.rewrite(step.text))
                    }
                } catch {
                    throw TargetError(session: step.session, reason: "scenario line \(step.line): \(error)")
                }
                let completion = ServerResponse.tagged(result.tag, result.tagged.status, result.tagged.text)
                rewriter.values.learn(first: .init(step.responses), second: .init(result.untagged + [completion]))
                if case .logout? = step.command {
                    c.close()
                    connections[step.session] = nil
                }
            }
        } catch {
            outcome.reason = "\(error)"
        }
        cleanUp(liveNames, open: open, user: user, password: password)
        let live = recorder.trace
        if let traceDirectory {
            let file = traceDirectory.appendingPathComponent("\(erratum.id)--\(scenario.fileName)")
            if (try? Transcript.renderText(live.events).write(to: file, atomically: true, encoding: .utf8)) != nil {
                outcome.trace = file.path
            }
        }
        guard outcome.reason == nil else { return (outcome, live, [:]) }
        let reports = judge(live, scenario: scenario, erratum: erratum, into: &outcome)
        return (outcome, live, reports)
    }

    /// The reading of a recorded trace: which edition's rules of this erratum it keeps; returns the
    /// checker's report under each edition.
    static func judge(_ trace: Trace, scenario: ErrataScenario, erratum: Erratum,
                      into outcome: inout ScenarioOutcome) -> [Edition: CheckReport] {
        var relevant = Set(erratum.requirements)
        for expectation in scenario.expectations.values {
            if case .violates(let ids) = expectation.verdict { relevant.formUnion(ids) }
        }
        func isRelevant(_ f: Finding) -> Bool {
            if relevant.contains(f.requirementID) { return true }
            guard let rule = f.rule else { return false }
            return relevant.contains { $0.hasPrefix("G") && $0.hasSuffix("-" + rule) }
        }
        var keeps: [Edition: Bool] = [:]
        var inconclusive: [String] = []
        var reports: [Edition: CheckReport] = [:]
        for edition in Edition.allCases {
            var checker = TraceChecker(options: CheckOptions(edition: edition, closedWorld: scenario.mode == .closedWorld))
            checker.check(trace)
            let report = checker.report
            reports[edition] = report
            let broken = report.findings.filter { $0.severity == .violation && isRelevant($0) }
            outcome.violated[edition.rawValue] = Array(Set(broken.map(\.requirementID))).sorted()
            keeps[edition] = broken.isEmpty
            if case .inconclusive(let reasons) = report.verdict { inconclusive += reasons }
            if edition == .rfc7162 {
                outcome.otherViolations = Array(Set(report.findings.filter { $0.severity == .violation && !isRelevant($0) }.map(\.requirementID))).sorted()
            }
        }
        switch (keeps[.rfc7162] ?? false, keeps[.rfc4551And5162] ?? false) {
        case (true, false): outcome.reading = .corrected
        case (false, true): outcome.reading = .original
        case (false, false): outcome.reading = .neither
        case (true, true):
            outcome.reading = inconclusive.isEmpty ? .both : .inconclusive
            if !inconclusive.isEmpty { outcome.reason = inconclusive.joined(separator: "; ") }
        }
        return reports
    }

    /// Deletes the scenario's mailboxes (best effort, outside the recorded trace).
    private static func cleanUp(_ names: [MailboxName], open: (TraceRecorder) throws -> Connection, user: String, password: String) {
        guard !names.isEmpty, let c = try? open(TraceRecorder()), (try? c.login(user: user, password: password))?.isOK == true else { return }
        for m in names { _ = try? c.execute(.delete(m)) }
        _ = try? c.logout()
    }

    // MARK: - Per erratum

    /// The erratum's reading from its scenarios' readings: the decisive ones (corrected, original,
    /// neither) when there are any, else what the scenarios could say.
    static func reading(of outcomes: [ScenarioOutcome]) -> String {
        let readings = Set(outcomes.map(\.reading))
        let decisive = readings.intersection([.corrected, .original, .neither])
        if decisive == [.corrected] { return "follows the corrected text (RFC 7162)" }
        if decisive == [.original] { return "follows the original text" }
        if decisive == [.neither] { return "follows neither text" }
        if !decisive.isEmpty { return "mixed: " + decisive.map(\.rawValue).sorted().joined(separator: ", ") }
        if readings.contains(.both) { return "not distinguished: the server's choices keep both texts" }
        if readings.contains(.inconclusive) { return "inconclusive" }
        return "not replayed"
    }

    static func run(_ catalogue: ErrataCatalogue, ids: [String], endpoint: Endpoint, traceDirectory: URL?, json: Bool,
                    _ io: inout StandardStreams) -> Int32 {
        var outcomes: [ScenarioOutcome] = []
        var skipped: [(String, String, String)] = []
        var index = 0
        for e in catalogue.entries where ids.isEmpty || ids.contains(e.id) {
            for sc in e.scenarios {
                if let why = sc.uncovered {
                    skipped.append((e.id, sc.fileName, why))
                    continue
                }
                index += 1
                io.err("qresync errata: \(e.id) \(sc.fileName)\n")
                outcomes.append(replay(sc, of: e, index: index, endpoint: endpoint, traceDirectory: traceDirectory).0)
            }
        }
        let failed = outcomes.filter { $0.reading == .failed }
        if !outcomes.isEmpty, failed.count == outcomes.count, endpoint.server.url != nil {
            io.err("qresync errata: no scenario could be replayed: \(failed[0].reason ?? "")\n")
            return QResyncCommandLine.ExitCode.unreachable
        }
        var perErratum: [(String, String)] = []
        for e in catalogue.entries where ids.isEmpty || ids.contains(e.id) {
            let mine = outcomes.filter { $0.erratum == e.id }
            if !mine.isEmpty { perErratum.append((e.id, reading(of: mine))) }
        }
        if json {
            struct Report: Encodable {
                var server: String
                var scenarios: [ScenarioOutcome]
                var errata: [String: String]
            }
            let report = Report(server: endpoint.server.label, scenarios: outcomes,
                                errata: Dictionary(perErratum, uniquingKeysWith: { a, _ in a }))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            io.out(String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self) + "\n")
        } else {
            io.out(render(outcomes, skipped: skipped, perErratum: perErratum, server: endpoint.server.label))
        }
        if outcomes.contains(where: { $0.reading == .original || $0.reading == .neither }) { return QResyncCommandLine.ExitCode.violations }
        if outcomes.contains(where: { $0.reading == .failed || $0.reading == .inconclusive }) { return QResyncCommandLine.ExitCode.inconclusive }
        return QResyncCommandLine.ExitCode.conforms
    }

    static func render(_ outcomes: [ScenarioOutcome], skipped: [(String, String, String)], perErratum: [(String, String)],
                       server: String) -> String {
        var s = "Errata scenarios replayed against \(server)\n\n"
        s += "ERRATUM  SCENARIO  READING  VIOLATED (rfc7162 | rfc4551+5162)  OTHER FINDINGS\n"
        for o in outcomes {
            let v7162 = o.violated[Edition.rfc7162.rawValue] ?? []
            let vOld = o.violated[Edition.rfc4551And5162.rawValue] ?? []
            var row = "\(o.erratum)  \(o.scenario)  \(o.reading.rawValue)  "
            row += "\(v7162.isEmpty ? "-" : v7162.joined(separator: ",")) | \(vOld.isEmpty ? "-" : vOld.joined(separator: ","))  "
            row += o.otherViolations.isEmpty ? "-" : o.otherViolations.joined(separator: ",")
            if let r = o.reason { row += "  (\(r))" }
            s += row + "\n"
        }
        for (e, f, why) in skipped { s += "\(e)  \(f)  not run: \(why)\n" }
        s += "\nPer erratum:\n"
        for (e, r) in perErratum { s += "  \(e): \(r)\n" }
        s += """

            Readings: corrected = keeps the RFC 7162 rules of this erratum and breaks the original
            ones; original = the reverse; both = keeps both (the scenario's commands did not make
            the server choose between them); neither = breaks both. Only violations of the
            erratum's own requirements decide; other findings are listed beside them.

            """
        return s
    }
}
