import Testing
import Foundation
import Glibc
import IMAPTypes
import IMAPWire
import ReferenceServer
import SpecModel
@testable import Conformance
@testable import QResyncTool

/// Issue 5: the fuzzer against the embedded reference server (in process, through IMAPClient).
@Suite("Fuzzer - embedded reference server")
struct FuzzTests {
    static func run(seed: UInt64, ops: Int, fault: ServerFault? = nil, condstoreOnly: Bool = false,
                    edition: Edition = .rfc7162) throws -> FuzzResult {
        var server = FuzzServer(condstoreOnly: condstoreOnly)
        server.seed = seed
        server.fault = fault
        server.edition = edition
        let mailboxes = server.mailboxes(count: 2, seed: seed)
        let target = try server.makeTarget(mailboxes: mailboxes)
        var runner = FuzzRunner(target: target, configuration: FuzzConfiguration(seed: seed, operations: ops, mailboxes: mailboxes,
                                                                                 edition: edition))
        return runner.run(stopAtFirstViolation: fault != nil)
    }

    @Test("each named fault is found within 5,000 operations and cited with its requirement", arguments: ServerFault.allCases)
    func faultsFound(fault: ServerFault) throws {
        var found = 0
        let seeds = UInt64(1)...10
        for seed in seeds {
            let r = try Self.run(seed: seed, ops: 5000, fault: fault)
            #expect(r.targetError == nil, "seed \(seed): \(r.targetError?.description ?? "")")
            guard let v = r.firstViolation else { continue }
            #expect(fault.brokenRequirements.contains(v.requirementID), "seed \(seed): \(v.requirementID) for \(fault.rawValue)")
            found += 1
        }
        #expect(found == seeds.count, "\(fault.rawValue) found for \(found) of \(seeds.count) seeds")
    }

    @Test("a clean server gives no finding (20 seeds x 1,000 operations)")
    func clean() throws {
        for seed in UInt64(100)..<120 {
            let r = try Self.run(seed: seed, ops: 1000)
            #expect(r.report.findings.isEmpty, "seed \(seed): \(r.report.rootFindings.first.map { "\($0.requirementID) line \($0.line): \($0.expected)" } ?? "")")
            #expect(r.targetError == nil)
        }
    }

    @Test("--edition rfc4551+5162: the embedded server follows RFC 4551 and 5162 as the run is judged by them, and gives no finding (10 seeds x 1,000 operations); it followed RFC 7162 and was reported against RFC 4551 §3.1 within a few commands")
    func originalEdition() throws {
        for seed in UInt64(300)..<310 {
            let r = try Self.run(seed: seed, ops: 1000, edition: .rfc4551And5162)
            #expect(r.report.findings.isEmpty, "seed \(seed): \(r.report.rootFindings.first.map { "\($0.requirementID) line \($0.line): \($0.expected)" } ?? "")")
            #expect(r.targetError == nil)
        }
        var streams = StandardStreams.captured
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("qresync-edition-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(QResyncCommandLine.run(["fuzz", "--edition", "rfc4551+5162", "--seed", "1001", "--ops", "300", "--out", out], streams: &streams) == 0)
    }

    @Test("a CONDSTORE-only server: no finding, sessions enable CONDSTORE and use it, QRESYNC is never enabled (10 seeds x 1,000 operations)")
    func condstoreOnly() throws {
        for seed in UInt64(200)..<210 {
            let r = try Self.run(seed: seed, ops: 1000, condstoreOnly: true)
            #expect(r.report.findings.isEmpty, "seed \(seed): \(r.report.rootFindings.first.map { "\($0.requirementID) line \($0.line): \($0.expected)" } ?? "")")
            #expect(r.targetError == nil)
            let client = r.events.filter { $0.direction == .client }.map { String(decoding: $0.bytes, as: UTF8.self) }
            let server = r.events.filter { $0.direction == .server }.map { String(decoding: $0.bytes, as: UTF8.self) }
            #expect(client.contains { $0.contains("ENABLE CONDSTORE") }, "seed \(seed)")
            #expect(client.contains { $0.contains("CHANGEDSINCE") }, "seed \(seed)")
            #expect(!server.contains { $0.hasPrefix("* ENABLED") && $0.contains("QRESYNC") }, "seed \(seed)")
            #expect(!server.contains { $0.hasPrefix("* VANISHED") }, "seed \(seed)")
        }
    }

    @Test("qresync replay re-creates the embedded server a counterexample names (its mailboxes, CONDSTORE only or not) and reproduces the finding; --condstore-only is refused for a live server",
          arguments: [(["--condstore-only"], "embedded-condstore-only"), ([], "embedded")])
    func replayRecreatesServer(_ options: [String], _ recorded: String) throws {
        for seed in ["1", "2"] {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(recorded)-\(seed)-\(getpid())")
            defer { try? FileManager.default.removeItem(at: out) }
            var io = StandardStreams.captured
            let code = QResyncCommandLine.run(["fuzz"] + options + ["--fault", "changedsince-inclusive", "--seed", seed,
                                                                    "--ops", "3000", "--out", out.path], streams: &io)
            #expect(code == 1, "\(io.stdoutText) \(io.stderrText)")
            let file = out.appendingPathComponent("seed-\(seed).counterexample.txt").path
            let header = Counterexample.configuration(in: try String(contentsOfFile: file, encoding: .utf8))
            #expect(header.server == recorded && header.mailboxes == 2)
            var replay = StandardStreams.captured
            #expect(QResyncCommandLine.run(["replay", file], streams: &replay) == 1, "seed \(seed): \(replay.stdoutText)")
            #expect(replay.stdoutText.contains("R7162-3.1.4.1#D1"), "seed \(seed)")
        }
        var live = StandardStreams.captured
        #expect(QResyncCommandLine.run(["fuzz", "--condstore-only", "--server", "imap://test@127.0.0.1:1"], streams: &live) == 64)
        #expect(live.stderrText.contains("--condstore-only applies to the embedded reference server only"))
    }

    @Test("--ignore ID: violations of a known finding are reported as ignored and neither stop the run nor set the exit code; an unknown ID is refused")
    func ignoreKnownFinding() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ignore-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        let base = ["fuzz", "--fault", "modseq-not-bumped", "--seed", "1", "--ops", "300", "--out", out.path]
        var stops = StandardStreams.captured
        #expect(QResyncCommandLine.run(base + ["--no-shrink"], streams: &stops) == 1)
        #expect(!stops.stdoutText.contains("300 operations"), "\(stops.stdoutText)")
        var goesOn = StandardStreams.captured
        #expect(QResyncCommandLine.run(base + ["--ignore", "R7162-3.1#4"], streams: &goesOn) == 0, "\(goesOn.stdoutText)")
        #expect(goesOn.stdoutText.contains("seed 1: 300 operations"))
        #expect(goesOn.stdoutText.contains("violation R7162-3.1#4 (RFC 7162 §3.1) (ignored)"))
        #expect(!goesOn.stdoutText.contains("counterexample"))
        var unknown = StandardStreams.captured
        #expect(QResyncCommandLine.run(["fuzz", "--ignore", "R9999-1#1"], streams: &unknown) == 64)
        #expect(unknown.stderrText.contains("--ignore takes a requirement ID"))
    }

    @Test("with three mailboxes or more, one seed in about four makes the last NOMODSEQ; such a run draws no finding")
    func noModSeqMailbox() throws {
        let server = FuzzServer()
        let drawn = (UInt64(1)...40).filter { !FuzzServer.noModSeqMailboxes([.inbox] + server.mailboxes(count: 3, seed: $0), seed: $0).isEmpty }
        #expect((4...20).contains(drawn.count), "\(drawn.count) of 40 seeds")
        #expect((UInt64(1)...40).allSatisfy { FuzzServer.noModSeqMailboxes([.inbox] + server.mailboxes(count: 2, seed: $0), seed: $0).isEmpty })
        let seed = try #require(drawn.first)
        var s = FuzzServer()
        s.seed = seed
        let mailboxes = s.mailboxes(count: 3, seed: seed)
        var runner = FuzzRunner(target: try s.makeTarget(mailboxes: mailboxes),
                                configuration: FuzzConfiguration(seed: seed, operations: 1500, mailboxes: mailboxes))
        let r = runner.run(stopAtFirstViolation: false)
        #expect(r.report.findings.isEmpty, "\(r.report.rootFindings.first.map { "\($0.requirementID) line \($0.line): \($0.expected)" } ?? "")")
        #expect(r.events.contains { $0.direction == .server && String(decoding: $0.bytes, as: UTF8.self).contains("[NOMODSEQ]") })
    }

    @Test("the same seed gives a byte-identical trace")
    func deterministic() throws {
        let a = try Self.run(seed: 77, ops: 400), b = try Self.run(seed: 77, ops: 400)
        #expect(TraceJSONL.encode(a.events.map { var e = $0; e.time = nil; return e })
                == TraceJSONL.encode(b.events.map { var e = $0; e.time = nil; return e }))
        let c = try Self.run(seed: 78, ops: 400)
        #expect(a.events.map(\.bytes) != c.events.map(\.bytes))
    }

    @Test("the shrinker's rearrangements: a command moved to just after its session's LOGIN, a reconnect and its LOGIN made one UNSELECT, one session's operations given to another; each keeps every operation and says where it came from")
    func restructurings() {
        let login = Command.login(user: "test", password: "testpass")
        let enable = Command.enable([.qresync])
        let ops: [Conformance.Operation] = [
            .command(session: 1, login), .command(session: 1, .select(.inbox, [])), .command(session: 2, login),
            .reconnect(session: 1), .command(session: 1, login), .command(session: 1, enable), .command(session: 2, .noop),
        ]
        let all = ops.restructurings
        for r in all {
            #expect(r.operations.count == r.order.count)
            #expect(Set(r.order).count == r.order.count && r.order.allSatisfy(ops.indices.contains))
        }
        // The ENABLE after the reconnect's LOGIN, moved to just after the first LOGIN.
        #expect(all.contains { $0.order == [0, 5, 1, 2, 3, 4, 6] && $0.operations[1] == ops[5] })
        // The reconnect and its LOGIN, one UNSELECT in the LOGIN's place.
        #expect(all.contains { $0.order == [0, 1, 2, 4, 5, 6] && $0.operations[3] == .command(session: 1, .unselect) })
        // Session 2's operations given to session 1, and the other way (the reconnect too).
        #expect(all.contains { $0.order == Array(ops.indices) && $0.operations.allSatisfy { $0.session == 1 } })
        #expect(all.contains { $0.order == Array(ops.indices) && $0.operations.allSatisfy { $0.session == 2 } })
        // Nothing moves before a session's LOGIN, and a session's first command stays put.
        #expect(!all.contains { $0.operations.first != ops[0] && $0.order.first != 0 })
        #expect([Conformance.Operation.command(session: 1, login)].restructurings.isEmpty)
    }

    @Test("a shrunk counterexample replays to the same violation, offline and live")
    func shrinkAndReplay() throws {
        let fault = ServerFault.missingClosed
        let r = try Self.run(seed: 3, ops: 2000, fault: fault)
        let v = try #require(r.firstViolation)
        var server = FuzzServer()
        server.seed = 3
        server.fault = fault
        let mailboxes = server.mailboxes(count: 2, seed: 3)
        let shrunk = try #require(server.shrink(r, requirement: v.requirementID, mailboxes: mailboxes))
        #expect(shrunk.run.operations.count <= 12)
        // The shrunk commands, as sent, reproduce without adaptation (what qresync replay does).
        var runner = FuzzRunner(target: try server.makeTarget(mailboxes: mailboxes), configuration: FuzzConfiguration(seed: 3, mailboxes: mailboxes))
        let replayed = runner.replay(shrunk.run.operations, stopAtFirstViolation: true)
        #expect(replayed.report.findings.contains { $0.requirementID == v.requirementID })
        let ce = Counterexample(configuration: FuzzConfiguration(seed: 3, sessions: 3, mailboxes: mailboxes), fault: fault.rawValue,
                                server: "embedded", originalOperations: r.operations.count, operations: shrunk.run.operations,
                                finding: replayed.firstViolation, events: replayed.events)
        let text = ce.render(replayCommand: "qresync replay x")
        // The file's operations parse back, and the file is itself a checkable transcript.
        let ops = try Counterexample.operations(in: text, file: "ce", password: "testpass")
        #expect(ops == shrunk.run.operations)
        let trace = try TranscriptReader.read(text, file: "ce")
        var checker = TraceChecker(options: CheckOptions(closedWorld: true))
        checker.check(trace)
        #expect(checker.report.rootFindings.contains { $0.requirementID == v.requirementID })
    }
}
