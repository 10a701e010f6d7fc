import Conformance
import Foundation
import IMAPClient
import IMAPTypes
import IMAPWire
import ReferenceServer
import SpecModel

/// Where `qresync fuzz` and `qresync replay` send their commands (public for `qresync-bench fuzz`,
/// which measures exactly what `qresync fuzz` runs).
public struct FuzzServer {
    public var url: String?
    public var host = "127.0.0.1"
    public var port: UInt16 = 0
    public var user = "test"
    public var password = "testpass"
    public var seed: UInt64 = 0
    public var fault: ServerFault?
    /// The embedded reference server without QRESYNC: a CONDSTORE-only server (RFC 7162 §3.1).
    public var condstoreOnly = false
    /// The edition the embedded reference server follows: the one the run is judged by, so that
    /// the embedded default conforms under either (`--edition`).
    public var edition = Edition.rfc7162

    /// The embedded reference server (without QRESYNC when `condstoreOnly`).
    public init(condstoreOnly: Bool = false) { self.condstoreOnly = condstoreOnly }

    /// `imap://USER@HOST:PORT`, loopback only (this project sends no traffic elsewhere).
    public static func parse(_ url: String) -> FuzzServer? {
        guard url.hasPrefix("imap://") else { return nil }
        var rest = url.dropFirst(7)
        var s = FuzzServer()
        s.url = url
        if let at = rest.firstIndex(of: "@") {
            s.user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        guard let colon = rest.lastIndex(of: ":"), let port = UInt16(rest[rest.index(after: colon)...].prefix { $0 != "/" }) else { return nil }
        s.host = String(rest[..<colon])
        s.port = port
        return s
    }

    public var isLoopback: Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }

    /// The value of a `--server` option: a loopback `imap://USER@HOST:PORT`, or `embedded` (the
    /// reference server) when `allowEmbedded`; a fault already chosen is kept. The error names
    /// what is wrong.
    func withServerOption(_ value: String, allowEmbedded: Bool) -> Result<FuzzServer, OptionError> {
        if allowEmbedded, value == "embedded" {
            var s = FuzzServer()
            s.fault = fault
            s.condstoreOnly = condstoreOnly
            return .success(s)
        }
        guard var s = FuzzServer.parse(value) else {
            return .failure(OptionError("--server takes imap://USER@HOST:PORT" + (allowEmbedded ? " or embedded" : "")))
        }
        guard s.isLoopback else {
            return .failure(OptionError("\(s.host) is not a loopback address; this tool only talks to servers on this machine"))
        }
        s.fault = fault
        s.condstoreOnly = condstoreOnly
        return .success(s)
    }

    /// After all options are read: a fault goes with the embedded server only, and a live
    /// server's password comes from the environment variable `passwordVariable`.
    mutating func completeOptions(passwordVariable: String) -> OptionError? {
        guard url != nil else { return nil }
        if fault != nil { return OptionError("--fault applies to the embedded reference server only") }
        if condstoreOnly { return OptionError("--condstore-only applies to the embedded reference server only") }
        guard let p = ProcessInfo.processInfo.environment[passwordVariable] else {
            return OptionError("set \(passwordVariable) to the server password (or name another variable with --password-env)")
        }
        password = p
        return nil
    }

    struct OptionError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
    public var label: String {
        url ?? "embedded reference server (seed \(seed), fault \(fault?.rawValue ?? "none")\(condstoreOnly ? ", CONDSTORE only" : ""))"
    }

    /// The server as a counterexample file names it (`server=`): the URL, `embedded`, or
    /// `embedded-condstore-only`, which `qresync replay` starts again.
    public var recordedName: String { url ?? (condstoreOnly ? Self.condstoreOnlyName : "embedded") }
    static let condstoreOnlyName = "embedded-condstore-only"

    /// Mailboxes a run uses: fresh ones, so that no other agent touches them (closed world).
    public func mailboxes(count: Int, seed: UInt64) -> [MailboxName] {
        (1...max(1, count)).map { MailboxName("qrfuzz-\(seed % 100_000)-\($0)") }
    }

    /// A target with fresh state: a new embedded server, or the live server with the run's
    /// mailboxes deleted and created again (a new UIDVALIDITY each time).
    public func makeTarget(mailboxes: [MailboxName]) throws -> ConnectionTarget {
        if url == nil { return ConnectionTarget(.embedded(referenceServer(mailboxes: [.inbox] + mailboxes))) }
        let setup: Connection
        do {
            setup = try Connection.open(host: host, port: port)
        } catch {
            throw TargetError(session: 0, reason: "cannot reach \(host):\(port): \(error)")
        }
        do {
            let login = try setup.login(user: user, password: password)
            guard login.isOK else { throw TargetError(session: 0, reason: "LOGIN refused: \(login.tagged.text.text)") }
            for m in mailboxes {
                _ = try setup.execute(.delete(m))
                let created = try setup.execute(.create(m))
                guard created.isOK else { throw TargetError(session: 0, reason: "cannot CREATE \(m): \(created.tagged.text.text)") }
            }
            _ = try? setup.logout()
        } catch let e as TargetError {
            throw e
        } catch {
            throw TargetError(session: 0, reason: "setting up the mailboxes failed: \(error)")
        }
        return ConnectionTarget(.tcp(host: host, port: port))
    }

    /// Shrinks a run to one that still shows a finding of `requirement`, replaying each candidate
    /// against fresh state with its commands adapted to the values the server chooses then
    /// (`FuzzRunner.replay(_:adaptingTo:)`). Returns the shrunk run as replayed (its operations are
    /// the commands as sent, which `qresync replay` re-runs) and the number of replays; nil when
    /// the shrunk run no longer shows the finding.
    public func shrink(_ result: FuzzResult, requirement: String, mailboxes: [MailboxName],
                       timeLimit: Duration = .seconds(60)) -> (run: FuzzResult, attempts: Int)? {
        let deadline = ContinuousClock.now + timeLimit
        var attempts = 0
        func shows(_ run: FuzzResult?) -> Bool { run?.report.findings.contains { $0.requirementID == requirement } == true }
        /// `operations` replayed against fresh state, adapted to `earlier`'s responses.
        func replay(_ operations: [Conformance.Operation], adaptingTo earlier: [[ServerResponse]]) -> FuzzResult? {
            guard let target = try? makeTarget(mailboxes: mailboxes) else { return nil }
            var runner = FuzzRunner(target: target, configuration: result.configuration)
            return runner.replay(operations, stopAt: requirement, adaptingTo: earlier)
        }
        /// Removes operations (Shrinker) and returns the shorter run as replayed. The Shrinker keeps
        /// a candidate only when its replay showed the finding, so the last such replay is the
        /// result; only when nothing could be removed is the run replayed once more.
        func removeOperations(_ run: FuzzResult) -> FuzzResult? {
            var lastKept: FuzzResult?
            let responses = run.responses
            let outcome = Shrinker.shrink(Array(run.operations.indices), requirement: requirement,
                                          timeLimit: max(.zero, deadline - ContinuousClock.now),
                                          session: { run.operations[$0].session }) { indices in
                let candidate = replay(indices.map { run.operations[$0] }, adaptingTo: indices.map { responses[$0] })
                guard shows(candidate) else { return nil }
                lastKept = candidate
                return requirement
            }
            attempts += outcome.attempts
            if let lastKept, lastKept.operations.count == outcome.operations.count { return lastKept }
            let whole = replay(outcome.operations.map { run.operations[$0] }, adaptingTo: outcome.operations.map { responses[$0] })
            return shows(whole) ? whole : nil
        }
        guard var run = removeOperations(result) else { return nil }
        // Simpler arguments (a set widened to 1:* or cut to one message, QRESYNC parameters
        // dropped), then removal again, then rearrangements that let removal go further, while
        // any makes progress: a UID MOVE 12 that becomes
        // UID MOVE 1:* no longer needs the APPENDs that made UID 12 exist.
        var simplified = true
        while simplified, ContinuousClock.now < deadline {
            simplified = false
            // A replay stops at the finding, so an accepted variant may leave fewer operations.
            var i = 0
            var responses = run.responses
            while i < run.operations.count, ContinuousClock.now < deadline {
                defer { i += 1 }
                for variant in run.operations[i].simplerVariants {
                    var ops = run.operations
                    ops[i] = variant
                    attempts += 1
                    if let candidate = replay(ops, adaptingTo: responses), shows(candidate) {
                        run = candidate
                        responses = run.responses
                        simplified = true
                        break
                    }
                }
            }
            // Then rearranged (a command moved to its session's start, one session's operations
            // given to another), which removal alone cannot do.
            if !simplified {
                for r in run.operations.restructurings where ContinuousClock.now < deadline {
                    attempts += 1
                    if let candidate = replay(r.operations, adaptingTo: r.order.map { responses[$0] }), shows(candidate),
                       let shorter = removeOperations(candidate), shorter.operations.count < run.operations.count {
                        run = shorter
                        simplified = true
                        break
                    }
                }
                continue
            }
            if let shorter = removeOperations(run) { run = shorter }
        }
        return (run, attempts)
    }

    /// A fresh embedded reference server with this seed and fault and `mailboxes` at the start.
    /// With three fresh mailboxes or more the seed also draws, one time in four, a last one without
    /// persistent mod-sequences (RFC 7162 §3.1.2.2, NOMODSEQ): a server may have such mailboxes.
    func referenceServer(mailboxes: [MailboxName]) -> ReferenceServer {
        var config = ReferenceServer.Configuration(user: user, password: password, seed: seed)
        config.mailboxes = mailboxes
        config.noModSeqMailboxes = Self.noModSeqMailboxes(mailboxes, seed: seed)
        if let f = fault { config.faults = [f] }
        config.offersQResync = !condstoreOnly
        config.edition = edition
        return ReferenceServer(config)
    }

    /// The mailbox of `mailboxes` the seed makes NOMODSEQ, if any: the last one, one seed in four,
    /// when there are three fresh ones or more (`--mailboxes 3`; INBOX never). With the default two
    /// the runs stay as they were: a NOMODSEQ mailbox takes operations from the named faults.
    static func noModSeqMailboxes(_ mailboxes: [MailboxName], seed: UInt64) -> Set<MailboxName> {
        let fresh = mailboxes.filter { $0 != .inbox }
        var rng = SplitMix64(seed: seed ^ 0x0000_4E4F_4D4F_4453)
        guard fresh.count >= 3, rng.chance(1, in: 4), let last = fresh.last else { return [] }
        return [last]
    }

    /// Where its connections go: the reference server (`embedded`, made with `mailboxes`) or the
    /// live server on loopback.
    func endpoint(mailboxes: [MailboxName]) -> ConnectionTarget.Endpoint {
        url == nil ? .embedded(referenceServer(mailboxes: mailboxes)) : .tcp(host: host, port: port)
    }

    /// Deletes the run's mailboxes from a live server (best effort).
    public func cleanUp(mailboxes: [MailboxName]) {
        guard url != nil, let c = try? Connection.open(host: host, port: port),
              (try? c.login(user: user, password: password))?.isOK == true else { return }
        for m in mailboxes { _ = try? c.execute(.delete(m)) }
        _ = try? c.logout()
    }
}

/// `qresync fuzz`: seeded multi-session fuzzing with online closed-world checking, shrinking and a
/// replayable counterexample (issue 5).
enum FuzzCommand {
    static let help = """
        Usage: qresync fuzz [--server imap://USER@HOST:PORT] [--password-env VAR] [--seed N] [--ops N]
                            [--sessions N] [--mailboxes N] [--edition E] [--fault NAME] [--condstore-only]
                            [--out DIR] [--json] [--no-shrink] [--keep-going] [--ignore ID]...

        Drives several sessions against a server with seeded random operations (CONDSTORE and
        QRESYNC commands with stale, zero and boundary values, reconnects that resynchronise from the
        client's cache), checks every response online against the model (closed world), and on the
        first violation writes the full trace, shrinks it to a minimal replayable counterexample and
        prints the replay command. With no --server it fuzzes the embedded reference server.

        Options:
          --server URL        a live server on loopback, e.g. imap://test@127.0.0.1:10143
          --password-env VAR  environment variable holding the password (default QRESYNC_SERVER_PASSWORD;
                              the embedded server uses "testpass")
          --seed N            the seed (default: random; always printed)
          --ops N             operations to run (default 1000)
          --sessions N        concurrent sessions, taking turns (default 3)
          --mailboxes N       fresh mailboxes to use (default 2)
          --edition E         rfc7162 (default) or rfc4551+5162: the text the run is judged by, and the one
                              the embedded server follows
          --fault NAME        embedded server only: inject a named fault (see qresync serve --faults)
          --condstore-only    embedded server only: offer CONDSTORE without QRESYNC (RFC 7162 §3.1);
                              the sessions go by the capabilities a server lists after login: without
                              QRESYNC they mostly enable CONDSTORE; without CONDSTORE either, they send
                              base IMAP only (no mod-sequences, ENABLE, UNSELECT, MOVE... it lacks)
          --out DIR           where traces and counterexamples go (default ./qresync-fuzz)
          --json              print the summary as JSON
          --no-shrink         keep the failing run as it is
          --keep-going        run all operations and report every finding (no shrinking): a campaign
          --ignore ID         a requirement whose violations (a known finding of the server) neither
                              stop the run nor decide the exit code; still reported, as "(ignored)".
                              Repeatable. The run goes on to the next violation and shrinks that one

        Exit codes: 0 no violation, 1 violation found, 2 the run ended early without a violation (the
        server closed the connection, stopped answering or sent bytes that cannot be framed: the
        reason and the trace so far are printed), 64 usage, 69 server unreachable, 70 internal error.
        """

    static var subcommand: QResyncCommandLine.Subcommand {
        .init(name: "fuzz", summary: "fuzz a server (the embedded reference server by default)", help: help, run: run)
    }

    static func run(_ args: [String], _ io: inout StandardStreams) -> Int32 {
        var server = FuzzServer()
        var seed: UInt64?
        var ops = 1000, sessions = 3, mailboxCount = 2
        var edition = Edition.rfc7162
        var out = "qresync-fuzz"
        var json = false, shrink = true, keepGoing = false
        var passwordVar = "QRESYNC_SERVER_PASSWORD"
        var ignored: Set<String> = []
        var i = 0
        func value(_ name: String) -> String? {
            i += 1
            guard i < args.count else { io.err("qresync fuzz: \(name) needs a value\n"); return nil }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--server":
                guard let v = value("--server") else { return 64 }
                switch server.withServerOption(v, allowEmbedded: false) {
                case .success(let s): server = s
                case .failure(let e): io.err("qresync fuzz: \(e)\n"); return 64
                }
            case "--password-env": guard let v = value("--password-env") else { return 64 }; passwordVar = v
            case "--seed":
                guard let v = value("--seed"), let n = UInt64(v) ?? (v.hasPrefix("0x") ? UInt64(v.dropFirst(2), radix: 16) : nil) else {
                    io.err("qresync fuzz: --seed takes a number\n"); return 64
                }
                seed = n
            case "--ops": guard let v = value("--ops"), let n = Int(v), n > 0 else { io.err("qresync fuzz: --ops takes a positive number\n"); return 64 }; ops = n
            case "--sessions": guard let v = value("--sessions"), let n = Int(v), (1...26).contains(n) else { io.err("qresync fuzz: --sessions takes 1 to 26\n"); return 64 }; sessions = n
            case "--mailboxes": guard let v = value("--mailboxes"), let n = Int(v), (1...10).contains(n) else { io.err("qresync fuzz: --mailboxes takes 1 to 10\n"); return 64 }; mailboxCount = n
            case "--edition":
                guard let v = value("--edition"), let e = Edition(rawValue: v) else { io.err("qresync fuzz: --edition takes rfc7162 or rfc4551+5162\n"); return 64 }
                edition = e
            case "--fault":
                guard let v = value("--fault"), let f = ServerFault(rawValue: v) else {
                    io.err("qresync fuzz: unknown fault; qresync serve --faults lists them\n"); return 64
                }
                server.fault = f
            case "--condstore-only": server.condstoreOnly = true
            case "--out": guard let v = value("--out") else { return 64 }; out = v
            case "--json": json = true
            case "--no-shrink": shrink = false
            case "--keep-going": keepGoing = true
            case "--ignore":
                guard let v = value("--ignore") else { return 64 }
                guard Registry.requirement(v) != nil else {
                    io.err("qresync fuzz: --ignore takes a requirement ID (qresync spec catalogue lists them), not \(v)\n"); return 64
                }
                ignored.insert(v)
            default:
                io.err("qresync fuzz: unknown option \(args[i])\n\n" + help)
                return 64
            }
            i += 1
        }
        if let e = server.completeOptions(passwordVariable: passwordVar) {
            io.err("qresync fuzz: \(e)\n")
            return 64
        }
        let runSeed = seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        server.seed = runSeed
        server.edition = edition
        let mailboxes = server.mailboxes(count: mailboxCount, seed: runSeed)
        let config = FuzzConfiguration(seed: runSeed, operations: ops, sessions: sessions, mailboxes: mailboxes, edition: edition,
                                       user: server.user, password: server.password, ignored: ignored)
        io.err("qresync fuzz: seed \(runSeed), \(ops) operations, \(sessions) sessions, \(server.label)\n")

        let target: ConnectionTarget
        do { target = try server.makeTarget(mailboxes: mailboxes) } catch {
            io.err("qresync fuzz: \(error)\n")
            return QResyncCommandLine.ExitCode.unreachable
        }
        defer { server.cleanUp(mailboxes: mailboxes) }
        let tty = isatty(2) != 0
        let start = ContinuousClock.now
        var lastDraw = start
        var runner = FuzzRunner(target: target, configuration: config)
        let result = runner.run(stopAtFirstViolation: !keepGoing) { done, findings in
            guard tty else { return }
            let now = ContinuousClock.now
            guard now - lastDraw > .milliseconds(250) || done == ops else { return }
            lastDraw = now
            let secs = max(0.001, Double((now - start).components.attoseconds) / 1e18 + Double((now - start).components.seconds))
            FileHandle.standardError.write(Data("\r\u{1B}[Kops \(done)/\(ops), \(Int(Double(done) / secs)) ops/s, findings \(findings)".utf8))
        }
        if tty { FileHandle.standardError.write(Data("\n".utf8)) }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let commands = result.events.filter { $0.direction == .client }.count

        var counterexamplePath: String?
        var shrunkCount: Int?
        // The trace is kept when there is something to look at: a finding, or a run the server ended.
        var tracePath: String?
        if !result.report.rootFindings.isEmpty || result.targetError != nil {
            try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            if (try? Data(TraceJSONL.bytes(result.events)).write(to: URL(fileURLWithPath: "\(out)/seed-\(runSeed).jsonl"), options: .atomic)) != nil {
                tracePath = "\(out)/seed-\(runSeed).jsonl"
            }
        }
        if let violation = result.firstViolation, !keepGoing {
            let base = "\(out)/seed-\(runSeed)"
            var replayed: FuzzResult?
            if shrink, let shrunk = server.shrink(result, requirement: violation.requirementID, mailboxes: mailboxes) {
                replayed = shrunk.run
                io.err("qresync fuzz: shrunk \(result.operations.count) operations to \(shrunk.run.operations.count) in \(shrunk.attempts) replays\n")
            } else if let t = try? server.makeTarget(mailboxes: mailboxes) {
                var r = FuzzRunner(target: t, configuration: config)
                replayed = r.replay(result.operations, stopAtFirstViolation: true)
            }
            if let replayed {
                let operations = replayed.operations
                shrunkCount = operations.count
                let path = base + ".counterexample.txt"
                let replay = "qresync replay \(path)" + (server.url.map { " --server \($0)" } ?? "")
                let ce = Counterexample(configuration: config, fault: server.fault?.rawValue, server: server.recordedName,
                                        originalOperations: result.operations.count, operations: operations,
                                        finding: replayed.report.findings.first { $0.requirementID == violation.requirementID } ?? violation,
                                        events: replayed.events)
                try? ce.render(replayCommand: replay).write(toFile: path, atomically: true, encoding: .utf8)
                counterexamplePath = path
            }
        }
        let report = result.report
        if json {
            var fields = ["\"seed\":\(runSeed)", "\"operations\":\(result.operations.count)", "\"commands\":\(commands)",
                          "\"seconds\":\(seconds)", "\"server\":\(jsonString(server.label))",
                          "\"verdict\":\(jsonString(result.firstViolation == nil ? "conforms" : "violates"))"]
            fields.append("\"findings\":{" + report.countsByRequirement.map { "\(jsonString($0.0)):\($0.1)" }.joined(separator: ",") + "}")
            if let p = counterexamplePath { fields.append("\"counterexample\":\(jsonString(p))") }
            if let n = shrunkCount { fields.append("\"shrunkOperations\":\(n)") }
            if let e = result.targetError { fields.append("\"targetError\":\(jsonString(e.description))") }
            io.out("{" + fields.joined(separator: ",") + "}\n")
        } else {
            io.out("seed \(runSeed): \(result.operations.count) operations, \(commands) commands in \(String(format: "%.2f", seconds)) s"
                   + " (\(Int(Double(commands) / max(seconds, 0.001))) commands/s)\n")
            for f in report.rootFindings {
                let r = Registry.requirement(f.requirementID)
                io.out("  \(f.severity.rawValue) \(f.requirementID)" + (r.map { " (RFC \($0.rfc) §\($0.section))" } ?? "")
                       + (ignored.contains(f.requirementID) ? " (ignored)" : "") + ": \(f.expected)\n")
            }
            if report.rootFindings.isEmpty { io.out("  no findings\n") }
            if let p = counterexamplePath {
                io.out("counterexample (\(shrunkCount ?? 0) operations): \(p)\n")
                io.out("replay: qresync replay \(p)" + (server.url.map { " --server \($0)" } ?? "") + "\n")
            }
            if let e = result.targetError { io.out("the run ended early: \(e)\n") }
            if let p = tracePath { io.out("trace: \(p)\n") }
        }
        if let e = result.targetError, result.operations.count <= 1 {
            io.err("qresync fuzz: \(e)\n")
            return QResyncCommandLine.ExitCode.unreachable
        }
        if result.firstViolation != nil { return QResyncCommandLine.ExitCode.violations }
        return result.targetError == nil ? 0 : QResyncCommandLine.ExitCode.inconclusive
    }

    static func jsonString(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// `qresync replay`: re-runs a counterexample's operations and checks the result.
enum ReplayCommand {
    static let help = """
        Usage: qresync replay FILE [--server imap://USER@HOST:PORT] [--password-env VAR]

        Re-runs the operations of a counterexample written by qresync fuzz against a fresh server
        (the embedded reference server with the seed and fault the file records, or --server), checks
        every response in closed-world mode and prints the report.

        Exit codes: 0 conforms, 1 the violation reproduced, 64 bad input, 69 server unreachable.
        """

    static var subcommand: QResyncCommandLine.Subcommand {
        .init(name: "replay", summary: "re-run a counterexample", help: help, run: run)
    }

    static func run(_ args: [String], _ io: inout StandardStreams) -> Int32 {
        var file: String?
        var server = FuzzServer()
        var passwordVar = "QRESYNC_SERVER_PASSWORD"
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--server" where i + 1 < args.count:
                i += 1
                guard let s = FuzzServer.parse(args[i]), s.isLoopback else { io.err("qresync replay: --server takes imap://USER@HOST:PORT on loopback\n"); return 64 }
                server = s
            case "--password-env" where i + 1 < args.count:
                i += 1
                passwordVar = args[i]
            default:
                if args[i].hasPrefix("-") || file != nil { io.err("qresync replay: unexpected \(args[i])\n\n" + help); return 64 }
                file = args[i]
            }
            i += 1
        }
        guard let file, let data = FileManager.default.contents(atPath: file) else {
            io.err("qresync replay: \(file ?? "no file"): cannot read the counterexample\n")
            return 64
        }
        let text = String(decoding: data, as: UTF8.self)
        let header = Counterexample.configuration(in: text)
        if server.url != nil {
            guard let p = ProcessInfo.processInfo.environment[passwordVar] else { io.err("qresync replay: set \(passwordVar)\n"); return 64 }
            server.password = p
        } else {
            server.seed = header.seed ?? 0
            server.fault = header.fault.flatMap { ServerFault(rawValue: $0) }
            server.condstoreOnly = header.server == FuzzServer.condstoreOnlyName
            server.edition = header.edition ?? .rfc7162
        }
        let operations: [Conformance.Operation]
        do { operations = try Counterexample.operations(in: text, file: file, password: server.password) } catch {
            io.err("qresync replay: \(error)\n")
            return 64
        }
        let sessions = max(header.sessions ?? 1, operations.map(\.session).max() ?? 1)
        // The run's own count (older files do not record it: enough for every name they use).
        let mailboxes = server.mailboxes(count: header.mailboxes ?? 10, seed: header.seed ?? 0)
        let config = FuzzConfiguration(seed: header.seed ?? 0, operations: operations.count, sessions: sessions,
                                       mailboxes: mailboxes, edition: header.edition ?? .rfc7162, user: server.user, password: server.password)
        let target: ConnectionTarget
        do { target = try server.makeTarget(mailboxes: mailboxes) } catch {
            io.err("qresync replay: \(error)\n")
            return QResyncCommandLine.ExitCode.unreachable
        }
        defer { server.cleanUp(mailboxes: mailboxes) }
        var runner = FuzzRunner(target: target, configuration: config)
        let result = runner.replay(operations)
        io.out(result.report.text(source: file))
        if let e = result.targetError { io.out("the replay ended early: \(e)\n") }
        return result.report.verdict.exitCode
    }
}
