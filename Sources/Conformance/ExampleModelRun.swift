import IMAPTypes
import IMAPWire
import SpecModel

/// A document example's client side run against the model (`MailStore` through `ModelTarget`):
/// the same commands, in the example's order and sessions, answered by the reference model, and
/// the model's answers judged by the checker in the closed world. The model reproduces the
/// example when it accepts every command the example shows accepted and its answers conform.
///
/// Examples start in the middle of a session, so each session is first given what the example
/// takes for granted:
/// - a LOGIN with the model's credentials (an example's own LOGIN or AUTHENTICATE is sent as such
///   a LOGIN instead, or as NOOP once the session is authenticated);
/// - ENABLE QRESYNC when the example uses QRESYNC (names it or shows VANISHED) and the session
///   does not enable it itself (RFC 7162 §3.2.3: the client enables QRESYNC before using it);
/// - SELECT INBOX (CONDSTORE) when the session works on messages before it selects a mailbox
///   (`startsSelected`).
///
/// Every mailbox the example names exists, holding as many messages as the largest message
/// number or UID it shows (at most `maxMessages`), UIDs 1 to n, no flags. The example's own values
/// (UIDVALIDITY, mod-sequences) are sent as printed: the model answers for its own state, so a
/// status other than the one printed is expected where the example's outcome depends on history
/// it does not show; it is listed, not judged. IDLE runs as NOOP (the model has no wait), DONE and
/// continuation data are not commands.
public struct ExampleModelRun: Hashable, Sendable {
    /// One client command of the example and how the model answered it.
    public struct Step: Hashable, Sendable {
        /// The document line and session of the command.
        public var line: Int
        public var session: Int
        public var text: String
        /// The status of the example's tagged response to it, when the example shows one.
        public var shown: TaggedStatus?
        /// The status the model answered with.
        public var model: TaggedStatus
    }

    public static let maxMessages = 10_000

    public var example: DocumentExample
    public var steps: [Step]
    /// Document lines of client lines that no reading parses as a command of the model's subset
    /// (STARTTLS, AUTHENTICATE exchanges, extensions it does not implement): not run.
    public var unreadable: [Int]
    /// Violations the checker finds in the model's answers: a bug of the model or of the checker.
    public var findings: [Finding]
    /// Violations of the client's own rules (RFC 7162 §3.2.3 and others) by the commands as sent.
    public var clientFindings: [Finding]
    /// The messages each mailbox was given.
    public var messages: Int

    /// Commands the model refused (BAD) that the example does not show refused, in a session
    /// where every earlier command got the status the example shows (a BAD after a different
    /// status, a SELECT that failed for instance, follows from it).
    public var refused: [Step] {
        var diverged: Set<Int> = []
        var out: [Step] = []
        for step in steps {
            if step.model == .bad, step.shown != .bad, !diverged.contains(step.session) { out.append(step) }
            if step.shown != nil, step.shown != step.model { diverged.insert(step.session) }
        }
        return out
    }
    /// Commands answered with another status than the example shows.
    public var differentStatus: [Step] { steps.filter { $0.shown != nil && $0.shown != $0.model } }
    /// Whether the model reproduced the example: every command it reads accepted as shown, answers
    /// conforming.
    public var reproduces: Bool { findings.isEmpty && refused.isEmpty }

    /// Runs `example` against a fresh model under `edition`; nil when it has no client command.
    public static func run(_ example: DocumentExample, edition: Edition) -> ExampleModelRun? {
        let lines = example.lines.filter { $0.kind != .elision }.map(ExampleReplay.resolvingJoins)
        let parsed = lines.map(ParsedLine.init)
        var commands: [(line: DocumentExample.Line, command: TaggedCommand)] = []
        var unreadable: [Int] = []
        var literalData: Set<Int> = []
        for (i, line) in lines.enumerated() where line.kind == .client && !literalData.contains(i) {
            var message = parsed[i].client
            if let (joined, data) = withLiterals(startingAt: i, in: lines) {
                literalData.formUnion(data)
                message = (try? CommandParser.parse(joined, options: .lenient))?.value
            }
            switch message {
            case .command(let tc)?: commands.append((line, tc))
            case .idleDone?, .authenticationData?: continue
            case nil:
                // Literal data and continuation answers are not commands; other lines are unreadable.
                if !line.text.hasPrefix("+"), line.text.contains(" ") { unreadable.append(line.line) }
            }
        }
        guard !commands.isEmpty else { return nil }

        let names = mailboxes(commands.map(\.command.command))
        let count = min(maxMessages, largestNumber(parsed))
        var store = MailStore(latitude: Latitude(), seed: 0, mailboxes: names)
        store.edition = edition
        for name in names { for _ in 0..<count { _ = store.deliver(to: name, flags: []) } }
        var target = ModelTarget(store: store)

        let usesQResync = example.lines.contains { $0.text.uppercased().contains("QRESYNC") || $0.text.uppercased().contains("VANISHED") }
        var events: [TraceEvent] = []
        /// Trace line -> document line (0 for the setup's own commands).
        var documentLine: [Int: Int] = [:]
        var steps: [Step] = []
        var started: Set<Int> = []
        var authenticated: Set<Int> = []
        var setUp: Set<Int> = []
        var setupTags = 0
        func record(_ units: [ExchangedUnit], line: Int) -> TaggedStatus? {
            var status: TaggedStatus?
            for u in units {
                var e = u.event
                e.line = events.count + 1
                events.append(e)
                documentLine[e.line] = line
                if e.direction == .server, case .tagged(_, let s, _)? = try? ResponseParser.parse(e.bytes, options: .lenient).value { status = s }
            }
            return status
        }
        func setup(_ command: Command, session: Int) {
            setupTags += 1
            _ = record((try? target.send(TaggedCommand(tag: Tag("m\(setupTags)")!, command: command), session: session)) ?? [], line: 0)
        }
        /// What the session's example takes for granted once it is authenticated.
        func setUpAuthenticated(_ session: Int) {
            guard setUp.insert(session).inserted else { return }
            let own = commands.filter { $0.line.session == session }.map(\.command.command)
            if usesQResync, !own.contains(where: { if case .enable = $0 { return true }; return false }) {
                setup(.enable([.qresync]), session: session)
            }
            if startsSelected(session: session, parsed) {
                setup(.select(.inbox, [.condstore]), session: session)
            }
        }
        for (line, tc) in commands {
            let session = line.session
            if !started.contains(session) {
                started.insert(session)
                _ = record((try? target.connect(session: session)) ?? [], line: 0)
                let own = commands.filter { $0.line.session == session }.map(\.command.command)
                // A session that authenticates itself gets the rest after its own LOGIN.
                if !own.contains(where: isAuthentication) {
                    setup(.login(user: store.user, password: store.password), session: session)
                    authenticated.insert(session)
                    setUpAuthenticated(session)
                }
            }
            var command = tc.command
            switch command {
            case .login, .authenticate:
                // The model's credentials; a session authenticated already (the example shows
                // another attempt) gets a NOOP, as a second LOGIN is BAD there (RFC 3501 §6.2).
                command = authenticated.contains(session) ? .noop : .login(user: store.user, password: store.password)
            case .idle: command = .noop
            default: break
            }
            let answer = record((try? target.send(TaggedCommand(tag: tc.tag, command: command), session: session)) ?? [], line: line.line)
            if case .login = command, answer == .ok {
                authenticated.insert(session)
                setUpAuthenticated(session)
            }
            steps.append(Step(line: line.line, session: session, text: line.text,
                              shown: shownStatus(of: tc.tag, session: session, after: line.line, in: parsed), model: answer ?? .bad))
        }

        var checker = TraceChecker(options: CheckOptions(edition: edition, closedWorld: true))
        checker.check(Trace(events: events))
        let report = checker.report
        // Findings on the document's lines (a setup command's on line 0).
        func placed(_ f: Finding) -> Finding {
            var g = f
            g.line = documentLine[f.line] ?? 0
            return g
        }
        return ExampleModelRun(example: example, steps: steps, unreadable: unreadable,
                               findings: report.findings.filter { $0.severity == .violation }.map(placed),
                               clientFindings: report.clientFindings.filter { $0.severity == .violation }.map(placed), messages: count)
    }

    // MARK: - What the example takes for granted

    /// A client line ending in a literal (`{n}` or `{n+}`, RFC 3501 §4.3, RFC 7888) joined with the
    /// session's client lines after it that carry the data (up to the command's tagged response):
    /// the command's bytes, literals inline, and the indices of the data lines. Data lines are
    /// taken until they hold the announced octets (lines joined with CRLF); a line that holds the
    /// rest of the data and then more command text ending in a literal is split at the announced
    /// size (RFC 3501 §7.5's `LOGIN {11}` / `FRED FOOBAR {7}` / `fat man`). Each literal is sent
    /// with the size of the data taken, as examples do not always count exactly.
    static func withLiterals(startingAt i: Int, in lines: [DocumentExample.Line]) -> ([UInt8], [Int])? {
        guard ExampleGrammar.literalLength(lines[i].text) != nil else { return nil }
        let session = lines[i].session
        let tag = lines[i].text.prefix { $0 != " " }
        var following: [Int] = []
        for j in (i + 1)..<lines.count where lines[j].session == session {
            if lines[j].kind == .server {
                if lines[j].text.hasPrefix(tag + " ") { break }
                continue
            }
            if lines[j].kind == .client { following.append(j) }
        }
        var commandText = Array(lines[i].text.utf8)
        var out: [UInt8] = []
        var used: [Int] = []
        var k = 0
        while let n = ExampleGrammar.literalLength(String(decoding: commandText, as: UTF8.self)), let open = commandText.lastIndex(of: 0x7B) {
            var data: [UInt8] = []
            var rest: [UInt8]?
            while k < following.count, data.count < n {
                let text = Array(lines[following[k]].text.utf8)
                used.append(following[k])
                k += 1
                if !data.isEmpty { data += [0x0D, 0x0A] }
                let room = n - data.count
                if room > 0, text.count > room, ExampleGrammar.literalLength(String(decoding: text, as: UTF8.self)) != nil {
                    data += text[..<room]
                    rest = Array(text[room...])
                    break
                }
                data += text
            }
            guard !data.isEmpty else { return nil }
            out += commandText[..<open] + Array("{\(data.count)}\r\n".utf8) + data
            guard let r = rest else { return (out + [0x0D, 0x0A], used) }
            commandText = r
        }
        return (out + commandText + [0x0D, 0x0A], used)
    }

    static func isAuthentication(_ c: Command) -> Bool {
        switch c {
        case .login, .authenticate: return true
        default: return false
        }
    }

    /// Whether the example takes `session` to have a mailbox selected from its start: before the
    /// session selects one itself, it sends a command valid only in the selected state (RFC 3501
    /// §6.4) or is shown message data (FETCH, EXPUNGE, VANISHED).
    static func startsSelected(session: Int, _ lines: [ParsedLine]) -> Bool {
        for l in lines where l.line.session == session {
            if case .command(let tc)? = l.client {
                switch tc.command {
                case .select, .examine: return false
                case .fetch, .store, .search, .copy, .move, .expunge, .uidExpunge, .check, .close, .unselect: return true
                default: continue
                }
            }
            guard case .untagged(let u)? = l.response else { continue }
            switch u {
            case .fetch, .expunge, .vanished, .vanishedEarlier: return true
            default: continue
            }
        }
        return false
    }

    /// INBOX and every mailbox the commands name (select, examine, status, append, copy, move,
    /// delete, rename from), except one the example creates before it names it otherwise.
    static func mailboxes(_ commands: [Command]) -> [MailboxName] {
        var names: [MailboxName] = [.inbox]
        var seen: Set<MailboxName> = [.inbox]
        func key(_ m: MailboxName) -> MailboxName { m.description.uppercased() == "INBOX" ? .inbox : m }
        for c in commands {
            switch c {
            case .create(let m):
                seen.insert(key(m))
            case .select(let m, _), .examine(let m, _), .status(let m, _), .append(let m, _, _, _), .copy(_, let m, _),
                 .move(_, let m, _), .delete(let m), .rename(let m, _):
                if seen.insert(key(m)).inserted { names.append(key(m)) }
            default:
                continue
            }
        }
        return names
    }

    /// The largest message number or UID the example shows: in its commands' sets, its FETCH,
    /// EXPUNGE and EXISTS responses, UID items, VANISHED sets and UIDNEXT.
    static func largestNumber(_ lines: [ParsedLine]) -> Int {
        var n = 0
        func set(_ s: SequenceSet) {
            if case .ranges(let rs) = s {
                for r in rs { for b in [r.first, r.last] { if case .number(let v) = b { n = max(n, Int(v)) } } }
            }
        }
        for l in lines {
            if case .command(let tc)? = l.client {
                switch tc.command {
                case .fetch(let s, _, _, _), .store(let s, _, _, _), .copy(let s, _, _), .move(let s, _, _), .uidExpunge(let s):
                    set(s)
                default:
                    continue
                }
                continue
            }
            guard case .untagged(let u)? = l.response else { continue }
            switch u {
            case .fetch(let m, let attributes):
                n = max(n, Int(m.rawValue))
                for a in attributes { if case .uid(let v) = a { n = max(n, Int(v.rawValue)) } }
            case .expunge(let m):
                n = max(n, Int(m.rawValue))
            case .exists(let c):
                n = max(n, Int(c))
            case .vanished(let uids):
                n = max(n, Int(uids.max ?? 0))
            case .condition(_, let text):
                if case .uidNext(let v)? = text.code { n = max(n, Int(v.rawValue) - 1) }
            default:
                continue
            }
        }
        return n
    }

    /// The status of the example's tagged response to `tag` in `session`, after the command's line.
    static func shownStatus(of tag: Tag, session: Int, after line: Int, in lines: [ParsedLine]) -> TaggedStatus? {
        for l in lines where l.line.session == session && l.line.line > line {
            if case .tagged(let t, let s, _)? = l.response, t == tag { return s }
        }
        return nil
    }

    /// An example line parsed once (leniently): a client line as a client message, a server line
    /// as a response; nil where it does not parse (literal data, elided text).
    struct ParsedLine {
        let line: DocumentExample.Line
        let client: ClientMessage?
        let response: ServerResponse?

        init(_ line: DocumentExample.Line) {
            self.line = line
            let bytes = Array(line.text.utf8) + [0x0D, 0x0A]
            client = line.kind == .client ? (try? CommandParser.parse(bytes, options: .lenient))?.value : nil
            response = line.kind == .server ? (try? ResponseParser.parse(bytes, options: .lenient))?.value : nil
        }
    }
}
