import IMAPTypes
import IMAPWire
import SpecModel

/// What a fuzzing run is: its seed and shape. Together with the generator version and the server's
/// answers, it determines every operation.
public struct FuzzConfiguration: Hashable, Sendable {
    public var seed: UInt64
    public var operations: Int
    public var sessions: Int
    public var mailboxes: [MailboxName]
    public var edition: Edition
    public var user: String
    public var password: String
    /// Requirements whose violations neither stop the run nor count as its first violation (known
    /// findings of the server under test, so that the next one is found and shrunk). They are
    /// still reported.
    public var ignored: Set<String>

    public init(seed: UInt64, operations: Int = 1000, sessions: Int = 3, mailboxes: [MailboxName] = [.inbox, MailboxName("Archive")],
                edition: Edition = .rfc7162, user: String = "test", password: String = "testpass", ignored: Set<String> = []) {
        self.seed = seed
        self.operations = operations
        self.sessions = sessions
        self.mailboxes = mailboxes
        self.edition = edition
        self.user = user
        self.password = password
        self.ignored = ignored
    }
}

/// The outcome of a run: the operations performed, the full trace (every unit, sessions numbered
/// from 1, lines numbered in order), the checker's report, and the target failure if one ended it.
public struct FuzzResult: Sendable {
    public var configuration: FuzzConfiguration
    public var operations: [Operation]
    public var events: [TraceEvent]
    /// Where the units each operation's command exchanged lie in `events`, in step with
    /// `operations` (a connection opened first, and its greeting, come before the range).
    public var exchanges: [Range<Int>]
    public var report: CheckReport
    public var targetError: TargetError?

    /// The responses each operation got, in step with `operations` (what a replay adapts to):
    /// parsed again from the trace when asked for, so that a long run holds bytes, not parses.
    public var responses: [[ServerResponse]] { exchanges.map(responses(in:)) }

    /// The server units in `range`, parsed as the checker parses them (strictly, else leniently;
    /// a unit that parses neither way is left out, as the checker's consumer left it out).
    func responses(in range: Range<Int>) -> [ServerResponse] {
        events[range].compactMap { e in
            guard e.direction == .server else { return nil }
            return ((try? ResponseParser.parse(e.bytes)) ?? (try? ResponseParser.parse(e.bytes, options: .lenient)))?.value
        }
    }

    /// The first violation of a requirement not ignored, if any (what the shrinker keeps).
    public var firstViolation: Finding? {
        report.rootFindings.first { $0.severity == .violation && !configuration.ignored.contains($0.requirementID) }
    }
}

/// Runs operations against a target, recording every unit and checking each response online in
/// closed-world mode; stops at the first violation when asked (issue 5: the runner).
public struct FuzzRunner<Target: FuzzTarget> {
    public var target: Target
    public let configuration: FuzzConfiguration

    public init(target: Target, configuration: FuzzConfiguration) {
        self.target = target
        self.configuration = configuration
    }

    /// Generates and runs `configuration.operations` operations.
    public mutating func run(stopAtFirstViolation: Bool = true, progress: ((Int, Int) -> Void)? = nil) -> FuzzResult {
        var generator = OperationGenerator(seed: configuration.seed, sessions: configuration.sessions,
                                           mailboxes: configuration.mailboxes, user: configuration.user,
                                           password: configuration.password)
        return execute(count: configuration.operations, stopAtFirstViolation: stopAtFirstViolation, progress: progress) { _ in
            generator.next()
        } observe: { _, op, responses in
            generator.observe(op, responses: responses)
        } greeted: { session, responses in
            generator.greeted(session: session, responses)
        }
    }

    /// Replays a fixed list of operations (what the shrinker and `qresync replay` do). With
    /// `adaptingTo`, the responses each operation got in an earlier run (in step with
    /// `operations`), the commands' mod-sequences and QRESYNC UIDVALIDITY follow the values this
    /// run's server chose instead (`ValueCorrespondence`): a CHANGEDSINCE that named "the last
    /// mod-sequence seen" keeps naming it when removed operations made the server allocate fewer.
    /// The result's operations are the commands as sent.
    /// `stopAt` ends the replay at the first finding of that requirement.
    public mutating func replay(_ operations: [Operation], stopAtFirstViolation: Bool = false, stopAt requirement: String? = nil,
                                adaptingTo earlier: [[ServerResponse]]? = nil) -> FuzzResult {
        var values = ValueCorrespondence()
        // Each session's selected mailbox, whose UIDs a UID command names.
        var selected: [Int: MailboxName] = [:]
        return execute(count: operations.count, stopAtFirstViolation: stopAtFirstViolation, stopAt: requirement, progress: nil) { i in
            guard earlier != nil, case .command(let session, let command) = operations[i] else { return operations[i] }
            return .command(session: session, values.adapt(command, selected: selected[session]))
        } observe: { i, op, responses in
            guard case .command(let session, let command) = op else {
                selected[op.session] = nil
                return
            }
            let ok = responses.contains { if case .tagged(_, .ok, _) = $0 { return true }; return false }
            var created: MailboxName?
            switch command {
            case .select(let m, _), .examine(let m, _): selected[session] = ok ? m : nil
            case .close, .unselect, .logout: selected[session] = nil
            case .append(let m, _, _, _), .copy(_, let m, _), .move(_, let m, _): created = m
            default: break
            }
            if let earlier, i < earlier.count {
                values.learn(first: .init(earlier[i]), second: .init(responses), created: created)
            }
        }
    }

    private mutating func execute(count: Int, stopAtFirstViolation: Bool, stopAt requirement: String? = nil, progress: ((Int, Int) -> Void)?,
                                  next: (Int) -> Operation, observe: (Int, Operation, [ServerResponse]) -> Void,
                                  greeted: (Int, [ServerResponse]) -> Void = { _, _ in }) -> FuzzResult {
        var checker = TraceChecker(options: CheckOptions(edition: configuration.edition, closedWorld: true))
        var events: [TraceEvent] = []
        var done: [Operation] = []
        var exchanges: [Range<Int>] = []
        var connected = Set<Int>()
        var tags: [Int: Int] = [:]
        var failure: TargetError?

        func record(_ new: [ExchangedUnit]) -> [ServerResponse] {
            var responses: [ServerResponse] = []
            for unit in new {
                var e = unit.event
                e.line = events.count + 1
                events.append(e)
                if let r = checker.consume(e, parsed: unit.response) { responses.append(r) }
            }
            return responses
        }

        loop: for i in 0..<count {
            let op = next(i)
            done.append(op)
            exchanges.append(events.count..<events.count)
            do {
                switch op {
                case .command(let session, let command):
                    if !connected.contains(session) {
                        greeted(session, record(try target.connect(session: session)))
                        connected.insert(session)
                    }
                    tags[session, default: 0] += 1
                    let tag = Tag("\(FuzzConfiguration.tagPrefix(session))\(tags[session]!)")!
                    let start = events.count
                    let responses = record(try target.send(TaggedCommand(tag: tag, command: command), session: session))
                    exchanges[i] = start..<events.count
                    observe(i, op, responses)
                case .reconnect(let session):
                    if connected.contains(session) {
                        tags[session, default: 0] += 1
                        let tag = Tag("\(FuzzConfiguration.tagPrefix(session))\(tags[session]!)")!
                        _ = record(try target.send(TaggedCommand(tag: tag, command: .logout), session: session))
                        target.disconnect(session: session)
                        connected.remove(session)
                    }
                    observe(i, op, [])
                }
            } catch let e as TargetError {
                _ = record(e.partial.map { ExchangedUnit($0) })
                if e.serverClosed { checker.serverClosed(session: e.session, afterLine: events.count) }
                failure = e
                break loop
            } catch {
                failure = TargetError(session: 0, reason: "\(error)")
                break loop
            }
            progress?(i + 1, checker.checker.rootFindingCount)
            if stopAtFirstViolation, checker.checker.hasViolation, configuration.ignored.isEmpty
                || checker.checker.findings.contains(where: { $0.severity == .violation && !configuration.ignored.contains($0.requirementID) }) {
                break
            }
            if let requirement, checker.checker.findings.contains(where: { $0.requirementID == requirement }) { break }
        }
        for s in connected.sorted() { target.disconnect(session: s) }
        return FuzzResult(configuration: configuration, operations: done, events: events, exchanges: exchanges, report: checker.report,
                          targetError: failure)
    }
}

extension FuzzConfiguration {
    /// Session 1 tags a1, a2...; session 2 b1...; the letter shows the session in a transcript.
    /// The fuzzer's commands and a connection's own (`ConnectionTarget`) use the same prefix.
    public static func tagPrefix(_ session: Int) -> String {
        session <= 26 ? String(decoding: [UInt8(ascii: "a") + UInt8(session - 1)], as: UTF8.self) : "s\(session)-"
    }
}
